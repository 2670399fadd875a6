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
    """The client's address (``core.http.client_ip``): lockouts, device binding and the
    audit log must agree on who the source is."""
    from zhanqun.core.http import client_ip as core_client_ip

    return core_client_ip(request)
