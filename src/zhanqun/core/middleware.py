"""Two front doors on one process (R-SEC-2).

Requests for a host in ``settings.ADMIN_HOSTS`` get the back-office URLconf; every
other host is a public site and gets ``settings.PUBLIC_URLCONF``, which contains no
admin routes at all, so a public host cannot reach the back office even by guessing.

On a public host this middleware also

* serves the site's published files (``zhanqun publish``) from its folder under
  ``ZHANQUN_PUBLISH_ROOT``, the way nginx does in production (``deploy/nginx``):
  ``/x/`` → ``x/index.html``, ``/sitemap.xml`` → ``sitemap.xml``; anything not
  published falls through to the public app (so the demo works before ``publish all``);
* drops the session cookie before the session middleware sees it: the public app
  never sees a staff session, so a back-office login gives no powers on a public host.

On a back-office host it answers 403 before any view runs unless the client's address
(``core.http.client_ip``) lies in ``ZHANQUN_ADMIN_ALLOWED_NETWORKS`` (empty or ``*``: no
restriction; docs/security.md).

``SecurityHeadersMiddleware`` (before it in ``MIDDLEWARE``) adds the Content-Security-
Policy, Referrer-Policy and Permissions-Policy of ``core/headers.py`` to every response:
the public policy — the one nginx sends with published pages — on public hosts, the
admin's on back-office hosts.

In production nginx serves the files and proxies only what is not there
(docs/deployment.md); the middleware is then never reached for a published path.
"""

import logging
import mimetypes
import posixpath
from functools import lru_cache
from ipaddress import ip_address, ip_network
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, HttpResponseForbidden, HttpResponseNotModified
from django.http.request import split_domain_port
from django.utils.http import http_date
from django.views.static import was_modified_since

from . import headers
from .http import client_ip

logger = logging.getLogger(__name__)

# Content types of what the publisher writes (and of assets a site folder may hold),
# independent of the host's /etc/mime.types.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}


def publish_root():
    """``settings.ZHANQUN_PUBLISH_ROOT`` (as ``publishing.services.publish_root``; core
    imports nothing of ours)."""
    return Path(getattr(settings, "ZHANQUN_PUBLISH_ROOT", None) or Path(settings.VAR_DIR) / "public")


def site_folder_name(host):
    """The document-root folder of a public host: the host without the demo suffix
    (``www.yunze.gov.cn.localhost`` → ``www.yunze.gov.cn``), or None when the host
    cannot name a folder."""
    suffix = (getattr(settings, "ZHANQUN_DEMO_HOST_SUFFIX", "") or "").lower()
    if suffix and host.endswith(suffix):
        host = host[: -len(suffix)]
    host = host.rstrip(".")
    if not host or host.startswith(".") or ".." in host or "/" in host or "\\" in host:
        return None
    return host


def published_file(root, host, url_path):
    """The published file for ``url_path`` on ``host`` under ``root``, or None.

    Safe by construction: the URL path is decoded once and split into segments; any
    empty-after-normalising, ``.``/``..``, dot-file (the publisher's temporary files),
    backslash or NUL segment refuses; the resolved file (symlinks followed) must lie
    inside the site's folder, which must be a direct child of ``root``."""
    folder = site_folder_name(host)
    if folder is None:
        return None
    path = unquote(url_path)
    if "\x00" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = [p for p in path.split("/") if p]
    if any(p.startswith(".") for p in parts):
        return None
    if posixpath.normpath("/" + "/".join(parts)) != "/" + "/".join(parts):
        return None
    root = Path(root).resolve()
    site_root = (root / folder).resolve()
    if site_root.parent != root or not site_root.is_dir():
        return None
    candidate = site_root.joinpath(*parts)
    if path.endswith("/") or not parts:
        candidate = candidate / "index.html"
    elif not candidate.is_file():
        candidate = candidate / "index.html"  # /zwdt → zwdt/index.html, as nginx's try_files
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not resolved.is_file() or site_root not in resolved.parents:
        return None
    return resolved


# Files whose name says more than their extension (the publisher's feeds).
NAMED_CONTENT_TYPES = {
    "feed.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
}


def file_response(request, path):
    stat = path.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type = NAMED_CONTENT_TYPES.get(path.name) or CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Content-Length"] = stat.st_size
    # Published pages change whenever an editor publishes: revalidate every time.
    response["Cache-Control"] = "no-cache"
    return response


ANY_NETWORK = "*"


@lru_cache(maxsize=8)
def parse_networks(values):
    """``ZHANQUN_ADMIN_ALLOWED_NETWORKS`` (a tuple of strings) as networks; None: no
    restriction (empty, or ``*``). Addresses without a prefix are single hosts."""
    values = tuple(v.strip() for v in values if v and v.strip())
    if not values or ANY_NETWORK in values:
        return None
    networks = []
    for value in values:
        try:
            networks.append(ip_network(value, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"ZHANQUN_ADMIN_ALLOWED_NETWORKS: {value!r} is not an address or CIDR network.") from None
    return tuple(networks)


def address_allowed(address, networks):
    """Whether ``address`` (a string or None) lies in one of ``networks`` (None: all
    allowed). An IPv4 address seen as IPv6 (``::ffff:10.1.2.3``) counts as IPv4."""
    if networks is None:
        return True
    if not address:
        return False
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    candidates = [ip]
    if ip.version == 6 and ip.ipv4_mapped is not None:
        candidates.append(ip.ipv4_mapped)
    return any(candidate in network for candidate in candidates for network in networks if candidate.version == network.version)


def admin_networks():
    return parse_networks(tuple(getattr(settings, "ZHANQUN_ADMIN_ALLOWED_NETWORKS", ()) or ()))


ADMIN_FORBIDDEN_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>禁止访问</title></head>
<body><h1>禁止访问</h1><p>后台只允许从登记的网络访问。请在单位内网使用，或联系安全管理员。</p></body></html>
"""


class HostRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_hosts = {h.lower() for h in settings.ADMIN_HOSTS if h}

    def __call__(self, request):
        host, _port = split_domain_port(request.get_host())
        request.is_admin_host = host in self.admin_hosts
        if request.is_admin_host:
            # R-SEC-2: the back office only from allowed networks, before any view runs
            # (the sign-in page included: nobody outside can even try a password).
            address = client_ip(request)
            if not address_allowed(address, admin_networks()):
                logger.warning("back office refused to %s (not in ZHANQUN_ADMIN_ALLOWED_NETWORKS): %s", address, request.path)
                return HttpResponseForbidden(ADMIN_FORBIDDEN_PAGE)
            return self.get_response(request)
        request.urlconf = settings.PUBLIC_URLCONF
        # No staff session on a public host (R-SEC-2): the session middleware after us
        # starts an empty session, so request.user is anonymous. The cookie itself is
        # left alone (not deleted from the browser).
        request.COOKIES.pop(settings.SESSION_COOKIE_NAME, None)
        if request.method in ("GET", "HEAD") and getattr(settings, "ZHANQUN_SERVE_PUBLISHED", True):
            found = published_file(publish_root(), host, request.path_info)
            if found is not None:
                return file_response(request, found)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Referrer-Policy and Permissions-Policy on every response
    (core/headers.py). Public hosts get the policy nginx sends with published pages —
    no inline script or style — so a dynamic page (a form, the 404 page) is no weaker
    than a published one; back-office hosts get the admin's policy, which Wagtail's
    inline scripts need. A header a view set itself is kept. It sits before
    ``HostRoutingMiddleware`` so that the published files it serves in the demo and its
    403 carry the headers too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_admin_host", False):
            response.headers.setdefault("Content-Security-Policy", headers.ADMIN_CONTENT_SECURITY_POLICY)
        else:
            response.headers.setdefault("Content-Security-Policy", headers.CONTENT_SECURITY_POLICY)
            response.headers.setdefault("Referrer-Policy", headers.REFERRER_POLICY)
        response.headers.setdefault("Permissions-Policy", headers.PERMISSIONS_POLICY)
        return response
