"""Back-office URLconf: served only on ADMIN_HOSTS (see core.middleware)."""

from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from zhanqun.accounts import views as accounts_views


def not_served_on_admin_host(request, path):
    raise Http404("后台地址不提供公开页面，请通过各网站域名访问。")


urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    # Sign-in (docs/accounts.md): Wagtail's login page with device binding, then the
    # second factor and the forced password change, before Wagtail's own admin URLs.
    path("admin/login/", accounts_views.LoginView.as_view(), name="wagtailadmin_login"),
    path("admin/account/sign-in/", include("zhanqun.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Last: Wagtail builds page URLs by reversing "wagtail_serve", so the name must
    # exist here; but the back office never serves public pages (R-SEC-2). Links built
    # on the admin host are full URLs on each site's own host.
    re_path(serve_pattern, not_served_on_admin_host, name="wagtail_serve"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = staticfiles_urlpatterns() + static(
        settings.MEDIA_URL, document_root=settings.MEDIA_ROOT
    ) + urlpatterns
