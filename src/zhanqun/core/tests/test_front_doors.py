"""The two front doors (R-SEC-2) and the headers on their dynamic responses: the public
app serves no admin route, the back office answers only from allowed networks, and
every public page carries the same strict policy as the published pages nginx serves."""

import pytest
from django.test import Client, override_settings

from zhanqun.conftest import ADMIN_HOST, PORTAL_HOST
from zhanqun.core import headers, nginx
from zhanqun.core.middleware import address_allowed, parse_networks

pytestmark = pytest.mark.django_db


def test_nginx_and_the_app_send_one_policy():
    assert nginx.CONTENT_SECURITY_POLICY is headers.CONTENT_SECURITY_POLICY
    conf = nginx.render_site_config()
    for value in (headers.CONTENT_SECURITY_POLICY, headers.REFERRER_POLICY, headers.PERMISSIONS_POLICY):
        assert f'"{value}"' in conf
    assert "client_max_body_size 10m;" in conf
    # The app's copies are hidden behind nginx, so no header is doubled.
    assert "proxy_hide_header Permissions-Policy;" in conf


def test_the_public_policy_allows_no_inline_script_or_style_and_no_framing_by_others():
    policy = dict(part.strip().split(" ", 1) for part in headers.CONTENT_SECURITY_POLICY.split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"
    assert "unsafe" not in headers.CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/healthz", "/hudong/", "/hudong/zhaocuo/", "/hudong/chaxun/", "/xxgk/apply/", "/no-such-page/"])
def test_public_pages_carry_the_public_policy(site_group, path):
    response = Client(HTTP_HOST=PORTAL_HOST).get(path)
    assert response.status_code in (200, 404), path
    assert response["Content-Security-Policy"] == headers.CONTENT_SECURITY_POLICY
    assert response["Referrer-Policy"] == headers.REFERRER_POLICY
    assert response["Permissions-Policy"] == headers.PERMISSIONS_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/hudong/zhaocuo/", "/xxgk/apply/", "/no-such-page/", "/hudong/chaxun/"])
def test_public_pages_have_no_inline_script_or_style(site_group, path):
    """What the policy would block: an inline <script>, a <style> element, a style= or
    on…= attribute. Scripts and styles come from /static/ only."""
    import re

    page = Client(HTTP_HOST=PORTAL_HOST).get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
    assert "<style" not in page and " style=" not in page, path
    assert not re.search(r"\son[a-z]+\s*=", page), path


def test_the_captcha_image_and_the_form_script_are_same_origin(site_group):
    from zhanqun.interaction.factories import MailboxFactory

    MailboxFactory(site=site_group.portal, slug="szxx", unit=site_group.units.office)
    client = Client(HTTP_HOST=PORTAL_HOST)
    page = client.get("/hudong/xiexin/szxx/").content.decode()
    assert 'src="/captcha/image/' in page and 'src="/static/interaction/interaction.js"' in page
    image = page.split('src="/captcha/image/', 1)[1].split('"', 1)[0]
    response = client.get(f"/captcha/image/{image}")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_the_back_office_has_its_own_looser_policy(admin_host_client):
    response = admin_host_client.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == headers.ADMIN_CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY" or response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/pages/", "/admin/account/sign-in/two-factor/"])
def test_the_public_app_serves_no_admin_route(site_group, superuser, path):
    client = Client(HTTP_HOST=PORTAL_HOST)
    client.force_login(superuser)
    assert client.get(path).status_code == 404


@override_settings(ZHANQUN_ADMIN_ALLOWED_NETWORKS=["10.12.0.0/16", "192.168.5.7"])
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/documents/1/x.pdf", "/"])
def test_the_back_office_from_a_disallowed_address_is_403_before_any_view(superuser, path):
    client = Client(HTTP_HOST=ADMIN_HOST, REMOTE_ADDR="203.0.113.9")
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 403
    assert "后台只允许从登记的网络访问" in response.content.decode()
    assert response["Content-Security-Policy"] == headers.ADMIN_CONTENT_SECURITY_POLICY
    # The sign-in form cannot even be tried.
    assert client.post("/admin/login/", {"username": "sysadmin", "password": "x"}).status_code == 403


@override_settings(ZHANQUN_ADMIN_ALLOWED_NETWORKS=["10.12.0.0/16"])
def test_the_back_office_from_an_allowed_network_works(superuser):
    client = Client(HTTP_HOST=ADMIN_HOST, REMOTE_ADDR="10.12.3.4")
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


@override_settings(ZHANQUN_ADMIN_ALLOWED_NETWORKS=["10.12.0.0/16"], ZHANQUN_PROXY_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_the_proxy_the_address_it_saw_decides_and_a_forged_header_does_not(superuser):
    client = Client(HTTP_HOST=ADMIN_HOST, REMOTE_ADDR="127.0.0.1")
    client.force_login(superuser)
    assert client.get("/admin/", HTTP_X_FORWARDED_FOR="10.12.0.8").status_code == 200
    # A client outside adds the office address first; our proxy appends the real one.
    assert client.get("/admin/", HTTP_X_FORWARDED_FOR="10.12.0.8, 203.0.113.9").status_code == 403


@override_settings(ZHANQUN_ADMIN_ALLOWED_NETWORKS=["10.12.0.0/16"])
def test_public_hosts_are_not_restricted_by_the_admin_networks(site_group):
    assert Client(HTTP_HOST=PORTAL_HOST, REMOTE_ADDR="203.0.113.9").get("/healthz").status_code == 200


def test_network_rules():
    assert parse_networks(()) is None and parse_networks(("*",)) is None
    networks = parse_networks(("10.12.0.0/16", "2001:db8::/32", "192.168.1.1"))
    assert address_allowed("10.12.200.1", networks)
    assert address_allowed("::ffff:10.12.0.1", networks)  # IPv4 seen through an IPv6 socket
    assert address_allowed("2001:db8::5", networks) and address_allowed("192.168.1.1", networks)
    assert not address_allowed("192.168.1.2", networks)
    assert not address_allowed("10.13.0.1", networks)
    assert not address_allowed(None, networks) and not address_allowed("junk", networks)
    assert address_allowed(None, None)
