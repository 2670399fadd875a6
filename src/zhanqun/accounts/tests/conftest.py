"""Accounts fixtures: staff signing in through the real pages on the admin host.

Enforcement is off in settings.test; ``enforce(...)`` switches on what a test proves."""

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhanqun.units.enums import Role
from zhanqun.units.factories import PASSWORD, UserFactory

ADMIN_HOST = "localhost"
LOGIN_URL = "/admin/login/"
ALL_ON = {
    "ZHANQUN_REQUIRE_2FA": True,
    "ZHANQUN_PASSWORD_MAX_AGE_DAYS": 90,
    "ZHANQUN_DEVICE_BINDING": True,
    "AXES_ENABLED": True,
}


def enforce(**overrides):
    """``override_settings`` with the named enforcements on (``two_factors=True`` …)."""
    names = {
        "two_factors": "ZHANQUN_REQUIRE_2FA",
        "password_age": "ZHANQUN_PASSWORD_MAX_AGE_DAYS",
        "binding": "ZHANQUN_DEVICE_BINDING",
        "lockout": "AXES_ENABLED",
    }
    values = {names.get(k, k): v for k, v in overrides.items()}
    if values.get("ZHANQUN_PASSWORD_MAX_AGE_DAYS") is True:
        values["ZHANQUN_PASSWORD_MAX_AGE_DAYS"] = 90
    return override_settings(**values)


def admin_client(**extra):
    return Client(HTTP_HOST=ADMIN_HOST, **extra)


def sign_in(client, username, password=PASSWORD, follow=False):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"}, follow=follow)


def code_for(user, ahead=0):
    """The user's current TOTP code (``ahead`` steps later: a code not yet used)."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=ahead):06d}"


@pytest.fixture
def editor(db):
    return UserFactory(username="zhangsan", roles=[Role.UNIT_EDITOR])


@pytest.fixture
def security_admin(db):
    return UserFactory(username="anquan", roles=[Role.SECURITY_ADMINISTRATOR])


@pytest.fixture
def security_client(security_admin):
    client = admin_client()
    client.force_login(security_admin)
    return client
