"""Who is asking: one answer for the audit log, the sign-in lockout, device binding and
the public forms' rate limits, so they all agree on the source of a request."""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or the last address of the header named by
    ``ZHANQUN_PROXY_HEADER`` when (and only when) that setting names one — the address
    our own reverse proxy saw (nginx appends it to X-Forwarded-For, ``deploy/nginx``). A
    client can put anything in such a header, so it is trusted only by configuration.
    None when neither is a valid address."""
    if request is None:
        return None
    header = getattr(settings, "ZHANQUN_PROXY_HEADER", "")
    value = request.META.get(header, "") if header else ""
    candidates = [value.split(",")[-1].strip()] if value else []
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ip_address(candidate))
        except ValueError:
            continue
    return None
