"""Public URLconf: every host that is not a back-office host.

No admin routes, no staff views. The publishing issue moves page serving to static
files; what stays here is what must be dynamic.
"""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.documents import urls as wagtaildocs_urls

from zhanqun.publishing import sitemap
from zhanqun.sitegroup import views as sitegroup_views

urlpatterns = [
    path("healthz", sitegroup_views.health, name="health"),
    path("robots.txt", sitegroup_views.robots_txt, name="robots_txt"),
    path("favicon.ico", sitegroup_views.favicon, name="favicon"),
    path("sitemap.xml", sitemap.sitemap_index, name="sitemap_xml"),
    path("sitemap-<int:number>.xml", sitemap.sitemap_part, name="sitemap_part"),
    path("sitemap/", sitegroup_views.site_map, name="site_map"),
    path("documents/", include(wagtaildocs_urls)),
    # 政府信息公开: catalog, guide, disclosure requests (disclosure).
    path("xxgk/", include("zhanqun.disclosure.public_urls")),
    # 互动交流: letters, error reports, progress queries, answered letters (interaction).
    path("hudong/", include("zhanqun.interaction.urls")),
    path("captcha/", include("captcha.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = staticfiles_urlpatterns() + static(
        settings.MEDIA_URL, document_root=settings.MEDIA_ROOT
    ) + urlpatterns

urlpatterns += [
    # Feeds and list pages 2…N: the publisher renders the same views into files.
    path("", include("zhanqun.publishing.feeds")),
    path("", include(wagtail_urls)),
]
