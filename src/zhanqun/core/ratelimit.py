"""Per-address rate limits of the public forms (互动交流, 依申请公开), on the configured cache (local memory in the
embedded setup and the tests, Redis in production: docs/deployment.md).

``ZHANQUN_RATE_LIMITS`` maps a scope to ``(requests, seconds)``: at most that
many requests from one address in a fixed window. The address is ``core.http.client_ip``:
behind nginx, set ``ZHANQUN_PROXY_HEADER`` (never trust a header the client sends
straight to Django).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    "letter": (5, 3600),  # letters submitted
    "error": (10, 3600),  # error reports submitted
    "query": (30, 600),  # query-code look-ups and ratings
    "disclosure": (5, 3600),  # disclosure applications submitted
}


def client_ip(request) -> str:
    """The address the limits count (``core.http.client_ip``: the proxy's header when
    ``ZHANQUN_PROXY_HEADER`` names one, as for the audit log and the lockout)."""
    from .http import client_ip as core_client_ip

    return core_client_ip(request) or "unknown"


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "ZHANQUN_RATE_LIMITS", {})}


def hit(request, scope: str) -> bool:
    """Count one request of ``scope`` from the request's address; False once over the limit."""
    allowed, window = limits()[scope]
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"zhanqun:ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= allowed
