"""Addresses and networks, without Django models (device binding, R-SEC-1)."""

from ipaddress import ip_address, ip_network


def parse_network(value):
    """``10.0.0.0/8``, ``10.1.2.3`` (a /32) or an IPv6 network; raises ``ValueError``."""
    return ip_network(str(value).strip(), strict=False)


def address_in(address, networks):
    """Whether ``address`` lies in any of ``networks`` (text); unparsable entries count
    for nothing."""
    if not address:
        return False
    try:
        addr = ip_address(address)
    except ValueError:
        return False
    if getattr(addr, "ipv4_mapped", None):
        addr = addr.ipv4_mapped
    for value in networks:
        try:
            net = parse_network(value)
        except ValueError:
            continue
        if addr.version == net.version and addr in net:
            return True
    return False


def client_ip(request):
    """The client's address as the audit log records it (``ZHANQUN_AUDIT_PROXY_HEADER``
    behind our own proxy, else ``REMOTE_ADDR``): lockouts, device binding and the audit
    log must agree on who the source is. Also ``AXES_CLIENT_IP_CALLABLE``."""
    from zhanqun.audit.services import source_address

    return source_address(request)
