"""The accounts settings in one place, with their defaults (docs/accounts.md).

Every enforcement is switched by a setting: ON in ``base`` (and so in production and
the demo), OFF in ``settings.test`` so that other apps' tests, which sign in with
``client.force_login``, see the back office as before; the accounts tests switch each
on with ``override_settings``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError


def require_two_factors():
    return bool(getattr(settings, "ZHANQUN_REQUIRE_2FA", True))


def password_max_age():
    """``timedelta`` after which a password must be changed, or None (never)."""
    days = getattr(settings, "ZHANQUN_PASSWORD_MAX_AGE_DAYS", 90)
    return timedelta(days=days) if days else None


def password_history_size():
    return int(getattr(settings, "ZHANQUN_PASSWORD_HISTORY", 5))


def password_min_length(option=8):
    """The longest of: 8 (R-SEC-1), the validator's option, the installation's
    ``ZHANQUN_PASSWORD_MIN_LENGTH`` and the back-office 账号安全策略."""
    lengths = [8, option or 0, int(getattr(settings, "ZHANQUN_PASSWORD_MIN_LENGTH", 8))]
    try:
        from .models import SecurityPolicy

        lengths.append(SecurityPolicy.load().password_min_length)
    except DatabaseError:  # no table yet (before migrate): the settings decide
        pass
    return max(lengths)


def device_binding():
    return bool(getattr(settings, "ZHANQUN_DEVICE_BINDING", True))


def open_when_empty():
    """Whether a user with neither networks nor devices is unrestricted. Default False:
    an account nobody has bound cannot sign in (fail closed)."""
    return bool(getattr(settings, "ZHANQUN_DEVICE_BINDING_OPEN_WHEN_EMPTY", False))


def device_cookie_name():
    return getattr(settings, "ZHANQUN_DEVICE_COOKIE_NAME", "zhanqun_device")


def device_cookie_max_age():
    return int(getattr(settings, "ZHANQUN_DEVICE_COOKIE_DAYS", 365)) * 86400


def idle_timeout():
    minutes = getattr(settings, "ZHANQUN_IDLE_TIMEOUT_MINUTES", 30)
    return timedelta(minutes=minutes) if minutes else None


def recovery_code_count():
    return int(getattr(settings, "ZHANQUN_RECOVERY_CODES", 10))
