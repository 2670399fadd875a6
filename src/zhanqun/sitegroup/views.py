from django.http import Http404, JsonResponse
from django.shortcuts import render
from wagtail.models import Site


def health(request):
    """Liveness for load balancers and the availability monitor."""
    return JsonResponse({"status": "ok"})


def site_map(request):
    """网站地图: every live column of the site, as a tree (R-SITE-2 footer link)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home = site.root_page.specific
    return render(
        request,
        "sitegroup/site_map.html",
        {"page": home, "site_root": home, "is_site_map": True, "nav_current": None, "here": "网站地图"},
    )


def robots_txt(request):
    """``/robots.txt`` of each site (published as a file like the sitemap): every page
    may be crawled except the CAPTCHA images, and the site's XML sitemap is named with
    the site's own address."""
    from django.http import HttpResponse

    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    body = f"User-agent: *\nAllow: /\nDisallow: /captcha/\n\nSitemap: {site.root_url}/sitemap.xml\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def favicon(request):
    """``/favicon.ico`` of each site: the group's icon (``zhanqun/favicon.ico``), published
    into every site's root so browsers asking the conventional address get no 404."""
    from django.contrib.staticfiles import finders
    from django.http import HttpResponse

    path = finders.find("zhanqun/favicon.ico")
    with open(path, "rb") as icon:
        return HttpResponse(icon.read(), content_type="image/x-icon")
