"""System checks of the web hardening (docs/security.md)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .middleware import ANY_NETWORK, parse_networks


def _networks_setting():
    return tuple(getattr(settings, "ZHANQUN_ADMIN_ALLOWED_NETWORKS", ()) or ())


@register(Tags.security)
def check_admin_networks_valid(app_configs, **kwargs):
    """Every entry of ``ZHANQUN_ADMIN_ALLOWED_NETWORKS`` is an address or a CIDR network."""
    try:
        parse_networks(_networks_setting())
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="e.g. ZHANQUN_ADMIN_ALLOWED_NETWORKS=10.12.0.0/16,192.168.5.0/24", id="zhanqun.E001")]
    return []


@register(Tags.security, deploy=True)
def check_admin_networks_set(app_configs, **kwargs):
    """``check --deploy``: a back office open to every network is a decision to write
    down (``*``), not a default to forget (R-SEC-2)."""
    values = [v.strip() for v in _networks_setting() if v and v.strip()]
    if values:
        return []
    return [
        Warning(
            "ZHANQUN_ADMIN_ALLOWED_NETWORKS is empty: the back office answers clients from any network.",
            hint=(
                "Set it to the office networks (CIDR, comma-separated), e.g. 10.12.0.0/16; "
                f"or to {ANY_NETWORK!r} when another layer (firewall, proxy) restricts them. "
                "See docs/security.md."
            ),
            id="zhanqun.W001",
        )
    ]
