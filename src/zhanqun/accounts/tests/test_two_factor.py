"""Two factors for every back-office account (TOTP, recovery codes, reset)."""

import re
import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import admin_client, code_for, enforce, sign_in

pytestmark = pytest.mark.django_db


def enrol(client, user):
    page = client.get("/admin/account/sign-in/two-factor/?next=/admin/")
    html = page.content.decode()
    assert "<svg" in html and 'data-testid="totp-key"' in html
    response = client.post("/admin/account/sign-in/two-factor/", {"token": code_for(user), "next": "/admin/"})
    codes_page = client.get(response["Location"])
    return re.findall(r"<li><code>([0-9a-z]+)</code></li>", codes_page.content.decode())


@enforce(two_factors=True)
def test_first_sign_in__enrols_a_totp_then_shows_ten_recovery_codes_once(editor):
    client = admin_client()
    response = sign_in(client, "zhangsan")
    assert response["Location"].startswith("/admin/account/sign-in/two-factor/")
    codes = enrol(client, editor)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 200
    # shown once: the page now just moves on
    assert client.get("/admin/account/sign-in/two-factor/recovery-codes/?next=/admin/").status_code == 302


@enforce(two_factors=True)
def test_signed_in_but_unverified__every_admin_page_leads_to_the_code(editor):
    client = admin_client()
    client.force_login(editor)
    for path in ("/admin/", "/admin/account/", "/admin/reports/site-history/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/account/sign-in/two-factor/")


@enforce(two_factors=True)
def test_next_sign_in__asks_for_the_code_and_refuses_a_wrong_one(editor):
    client = admin_client()
    sign_in(client, "zhangsan")
    enrol(client, editor)
    client.post("/admin/logout/")

    client = admin_client()
    response = sign_in(client, "zhangsan", follow=True)
    assert "输入动态验证码" in response.content.decode()
    wrong = client.post("/admin/account/sign-in/two-factor/", {"token": "000000", "next": "/admin/"})
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp throttles: 1 s after one wrong code, doubling after each
    right = client.post("/admin/account/sign-in/two-factor/", {"token": code_for(editor, ahead=1), "next": "/admin/"})
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@enforce(two_factors=True)
def test_recovery_code__signs_in_once(editor):
    client = admin_client()
    sign_in(client, "zhangsan")
    codes = enrol(client, editor)
    for expected in ("/admin/", None):
        client = admin_client()
        sign_in(client, "zhangsan")
        response = client.post("/admin/account/sign-in/two-factor/", {"token": codes[0], "next": "/admin/"})
        if expected:
            assert response["Location"] == expected
        else:
            assert "验证码不正确" in response.content.decode()
    assert StaticToken.objects.filter(device__user=editor).count() == 9


@enforce(two_factors=True)
def test_security_admin__resets_a_users_authenticator(editor, security_admin):
    client = admin_client()
    sign_in(client, "zhangsan")
    enrol(client, editor)

    security = admin_client()
    sign_in(security, "anquan")
    enrol(security, security_admin)
    listing = security.get("/admin/security/two-factor/")
    assert "zhangsan" in listing.content.decode()
    security.post(f"/admin/security/two-factor/{editor.pk}/reset/")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")  # their session ended

    client = admin_client()
    response = sign_in(client, "zhangsan", follow=True)
    assert "绑定身份验证器" in response.content.decode()


@enforce(two_factors=True)
def test_an_editor_cannot_reach_the_security_screens(editor):
    client = admin_client()
    sign_in(client, "zhangsan")
    enrol(client, editor)
    # Wagtail answers a PermissionDenied with a redirect to the dashboard
    assert client.get("/admin/security/two-factor/")["Location"] == "/admin/"
    assert client.post(f"/admin/security/two-factor/{editor.pk}/reset/")["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=editor).exists()
