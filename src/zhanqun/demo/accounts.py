"""Sign-in for the demo (dev settings keep two factors and device binding on).

Each demo account is pre-enrolled with a TOTP authenticator whose secret is derived from
the demo password and the username (HMAC-SHA256), so it is the same in every demo
database and `zhanqun demo_info --otp` can print the current codes; and it may sign in
from this machine (127.0.0.1 and ::1). Demo only: never in a real installation.
"""

import hashlib
import hmac

from django.conf import settings

DEMO_NETWORKS = ("127.0.0.1/32", "::1/128")


def demo_totp_key(username, password):
    """20 bytes (hex) derived from the demo password and the username."""
    return hmac.new(password.encode(), f"zhanqun-demo-totp:{username}".encode(), hashlib.sha256).hexdigest()[:40]


def enrol_demo_user(user, password):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhanqun.accounts.models import NetworkAllowance

    TOTPDevice.objects.update_or_create(
        user=user,
        name="演示身份验证器",
        defaults={"key": demo_totp_key(user.get_username(), password), "confirmed": True},
    )
    for network in DEMO_NETWORKS:
        NetworkAllowance.objects.get_or_create(user=user, network=network, defaults={"note": "演示：本机"})


def current_code(user):
    """The demo account's current TOTP code, or "" (refused outside DEBUG)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not settings.DEBUG:
        raise PermissionError("demo codes are printed only with DEBUG on (the demo)")
    device = TOTPDevice.objects.filter(user=user, confirmed=True, name="演示身份验证器").first()
    if device is None:
        return ""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"
