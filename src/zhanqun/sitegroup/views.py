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
    return render(request, "sitegroup/site_map.html", {"page": home, "site_root": home, "is_site_map": True})
