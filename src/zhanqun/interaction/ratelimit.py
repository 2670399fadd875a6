"""Per-IP rate limits of the public forms, on the configured cache (local memory in the
embedded setup and the tests, Redis in production: docs/deployment.md).

``ZHANQUN_INTERACTION_RATE_LIMITS`` maps a scope to ``(requests, seconds)``: at most that
many requests from one address in a fixed window. The address is ``REMOTE_ADDR``: behind
nginx, set it from the proxy header with ``real_ip`` (never trust a header the client
sends straight to Django).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    "letter": (5, 3600),  # letters submitted
    "error": (10, 3600),  # error reports submitted
    "query": (30, 600),  # query-code look-ups and ratings
}


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "ZHANQUN_INTERACTION_RATE_LIMITS", {})}


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
