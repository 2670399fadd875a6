"""Two front doors on one process (R-SEC-2).

Requests for a host in ``settings.ADMIN_HOSTS`` get the back-office URLconf; every
other host is a public site and gets ``settings.PUBLIC_URLCONF``, which contains no
admin routes at all, so a public host cannot reach the back office even by guessing.
In production nginx serves public hosts from static files and proxies only dynamic
paths to the public app (docs/deployment.md).
"""

from django.conf import settings


def split_host(request):
    """The request's host name without port, lower-cased."""
    host = request.get_host().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


class HostRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_hosts = {h.lower() for h in settings.ADMIN_HOSTS if h}

    def __call__(self, request):
        request.is_admin_host = split_host(request) in self.admin_hosts
        if not request.is_admin_host:
            request.urlconf = settings.PUBLIC_URLCONF
        return self.get_response(request)
