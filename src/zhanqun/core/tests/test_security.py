"""The security test suite of issue 7 ("Web hardening"), in one place.

Proven here:

* XSS — payloads typed into every public form (the letter form, the error-report form,
  the disclosure request form) come back escaped on every page that shows them: the
  form shown again with errors, the acknowledgement, the progress query / status page,
  the answered-letters list and page after moderation, and the staff's case pages.
* CSRF — enforced on the public forms and on the back-office sign-in.
* Oversized uploads — refused on the public form (the screenshot) and in the back
  office (``test_admin_uploads.py``).
* Path traversal in file names — refused or neutralised: uploads
  (``test_uploads.py``, ``test_admin_uploads.py``), published files (below).
* The back office only on ADMIN_HOSTS and from allowed networks; the public app serves
  no admin route (``test_front_doors.py``); security headers (same file);
  ``check --deploy`` clean (``test_deploy_check.py``).

Proven where the feature lives, listed in ``ELSEWHERE`` and checked to exist by
``test_every_item_is_proven_somewhere``: brute force locked, an expired password forces
a change, a TOTP is required, the auditor cannot write.
"""

import importlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from zhanqun.conftest import ADMIN_HOST, PORTAL_HOST
from zhanqun.core.middleware import published_file
from zhanqun.interaction.tests.conftest import dispatcher, handler, leader, operator2, units  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()  # the public forms' per-address counters

# What an attacker types. Tags are stripped by nh3 in interaction (plain text only);
# entity-encoded markup survives as text (&lt;script&gt; is stored as "<script>") and
# must then be escaped on output like anything else.
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
ENCODED = "&lt;script&gt;alert(2)&lt;/script&gt;"
JS_URL = "javascript:alert(3)"
PAYLOAD = f"请修复道路{SCRIPT}{ATTRIBUTE}{ENCODED} {JS_URL}"


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}


def assert_inert(html, where):
    """No markup from the payloads made it into ``html`` as markup: parsed as a browser
    would, no element has an event-handler attribute or a javascript: URL, every
    <script> is an external file (or JSON data), and no <img src=x> exists."""
    from bs4 import BeautifulSoup

    assert "<script>alert" not in html, where
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, str(tag)[:200])
            if name.lower() in URL_ATTRIBUTES:
                assert not str(value).strip().lower().startswith("javascript:"), (where, str(tag)[:200])
        if tag.name == "script":
            assert tag.get("src") or "json" in (tag.get("type") or ""), (where, str(tag)[:200])
        if tag.name == "img":
            assert tag.get("src") != "x", (where, str(tag)[:200])


def test_the_xss_check_itself_catches_markup():
    for html in (f"<p>{SCRIPT}</p>", f'<input value="{ATTRIBUTE}">', '<a href=" javascript:alert(1)">x</a>',
                 '<svg/onload=alert(1)>'):
        with pytest.raises(AssertionError):
            assert_inert(html, "sample")
    assert_inert('<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"><p>&lt;script&gt;</p>', "escaped")


# --- XSS: the letter form ---------------------------------------------------------------


@pytest.fixture
def mailbox(site_group):
    from zhanqun.interaction.factories import MailboxFactory

    return MailboxFactory(site=site_group.portal, name="市长信箱", slug="szxx", unit=site_group.units.office)


def post_letter(client, mailbox, **overrides):
    from zhanqun.interaction.tests.test_letters import post_letter as post

    return post(client, mailbox, **overrides)


def test_xss__letter_form_shown_again_with_errors_escapes_what_was_typed(mailbox):
    client = Client(HTTP_HOST=PORTAL_HOST)
    response, _ = post_letter(client, mailbox, name=ATTRIBUTE, subject=ATTRIBUTE, content=ATTRIBUTE, captcha_1="XXXX")
    page = response.content.decode()
    assert response.status_code == 200 and "验证码不正确" in page
    assert_inert(page, "letter form")


def test_xss__letter_comes_back_escaped_on_receipt_query_answered_list_and_staff_pages(
    mailbox, site_group, superuser, dispatcher, operator2, handler, leader  # noqa: F811 - the fixtures imported above
):
    from zhanqun.cases import services as cases
    from zhanqun.cases.models import Case
    from zhanqun.interaction import services
    from zhanqun.review.models import ModerationItem

    citizen = Client(HTTP_HOST=PORTAL_HOST)
    response, _ = post_letter(
        citizen, mailbox, subject=f"道路{ENCODED}{ATTRIBUTE}"[:100], content=PAYLOAD, address=ATTRIBUTE, name="张三"
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert "<script" not in case.content and "<img" not in case.content  # plain text only
    assert '">' in case.content  # what is not markup is kept, as typed
    receipt = citizen.get("/hudong/yitijiao/").content.decode()
    assert_inert(receipt, "receipt")

    services.triage_letter(case, dispatcher, category="consult", complexity="ordinary", unit=site_group.units.fgw)
    cases.draft_reply(case, handler, f"已答复：{ENCODED}{ATTRIBUTE}", public=True)
    cases.approve_reply(case, leader)
    cases.send_reply(case, handler)
    cases.publish_reply(case, dispatcher)
    ModerationItem.objects.get().approve(operator2)

    pages = {
        "query": citizen.post("/hudong/chaxun/", {"code": case.query_code}),
        "answered": citizen.get("/hudong/huifu/"),
        "answered detail": citizen.get(f"/hudong/huifu/{case.number}/"),
    }
    staff = Client(HTTP_HOST=ADMIN_HOST)
    staff.force_login(superuser)
    pages["staff case page"] = staff.get(f"/admin/cases/{case.pk}/")
    for where, response in pages.items():
        assert response.status_code == 200, where
        html = response.content.decode()
        assert_inert(html, where)
    detail = pages["answered detail"].content.decode()
    assert "请修复道路&quot;&gt;" in detail  # shown, as text


# --- XSS: the error-report form -----------------------------------------------------------


def test_xss__error_report_refuses_a_javascript_url_and_escapes_the_rest(site_group, superuser):
    from zhanqun.cases.models import Case
    from zhanqun.conftest import solve_captcha
    from zhanqun.interaction.tests.conftest import hidden

    client = Client(HTTP_HOST=PORTAL_HOST)
    form = client.get("/hudong/zhaocuo/").content.decode()
    data = {
        "page_url": JS_URL,
        "error_type": "broken_link",
        "description": PAYLOAD,
        "name": "李四",
        "submission_key": hidden(form, "submission_key"),
        **solve_captcha(form),
    }
    response = client.post("/hudong/zhaocuo/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "请填写完整的网址" in page  # javascript: is not a web address
    assert_inert(page, "error form")
    assert not Case.objects.exists()

    form = client.get("/hudong/zhaocuo/").content.decode()
    data.update(page_url='https://www.yunze.gov.cn/zwdt/?q="><svg/onload=alert(1)>', submission_key=hidden(form, "submission_key"),
                **solve_captcha(form))
    response = client.post("/hudong/zhaocuo/", data)
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get()
    assert_inert(client.get("/hudong/yitijiao/").content.decode(), "error receipt")
    assert_inert(client.post("/hudong/chaxun/", {"code": case.query_code}).content.decode(), "error query")
    staff = Client(HTTP_HOST=ADMIN_HOST)
    staff.force_login(superuser)
    response = staff.get(f"/admin/cases/{case.pk}/")
    assert response.status_code == 200
    assert_inert(response.content.decode(), "staff error page")


# --- XSS: the disclosure request form -----------------------------------------------------

DISCLOSURE_FORM = {
    "applicant_type": "natural_person",
    "id_document_type": "resident_id",
    "id_number": "620981199205051234",
    "phone": "13800001111",
    "email": "wxh@example.com",
    "info_format": "electronic",
    "delivery_method": "email",
}


def test_xss__disclosure_request_comes_back_escaped_on_every_page(site_group, superuser):
    from zhanqun.disclosure.models import DisclosureRequest

    client = Client(HTTP_HOST=PORTAL_HOST)
    data = {
        **DISCLOSURE_FORM,
        "unit": site_group.units.fgw.pk,
        "name": f"王{ATTRIBUTE}"[:60],
        "address": ATTRIBUTE,
        "info_description": PAYLOAD,
        "info_document_number": SCRIPT,
        "purpose": ENCODED,
        "submission_key": "xss-1",
    }
    from zhanqun.conftest import solve_captcha

    invalid = client.post("/xxgk/apply/", {**data, "id_number": "", **solve_captcha(client.get("/xxgk/apply/").content.decode())})
    assert invalid.status_code == 200 and not DisclosureRequest.objects.exists()
    assert_inert(invalid.content.decode(), "disclosure form")

    submitted = client.post("/xxgk/apply/", {**data, **solve_captcha(client.get("/xxgk/apply/").content.decode())})
    assert submitted.status_code == 200
    request = DisclosureRequest.objects.get()
    assert_inert(submitted.content.decode(), "disclosure receipt")
    status = client.get("/xxgk/status/", {"code": request.case.query_code, "number": request.case.number})
    assert status.status_code == 200
    assert_inert(status.content.decode(), "disclosure status")
    staff = Client(HTTP_HOST=ADMIN_HOST)
    staff.force_login(superuser)
    # The request page is addressed by its case (disclosure/admin_urls.py).
    for url in (f"/admin/disclosure/requests/{request.case_id}/", f"/admin/cases/{request.case_id}/", "/admin/disclosure/requests/"):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


# --- CSRF ---------------------------------------------------------------------------------


def test_csrf__public_forms_refuse_a_post_without_the_token(mailbox, site_group):
    client = Client(HTTP_HOST=PORTAL_HOST, enforce_csrf_checks=True)
    for url in ("/hudong/xiexin/szxx/", "/hudong/zhaocuo/", "/hudong/chaxun/", "/xxgk/apply/"):
        response = client.post(url, {"name": "张三"})
        assert response.status_code == 403 and b"CSRF" in response.content, url


def test_csrf__public_form_with_its_token_is_accepted(mailbox):
    client = Client(HTTP_HOST=PORTAL_HOST, enforce_csrf_checks=True)
    page = client.get("/hudong/chaxun/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post("/hudong/chaxun/", {"code": "AAAA-BBBB-CCCC", "csrfmiddlewaretoken": token}).status_code == 200


def test_csrf__back_office_sign_in_refuses_a_post_without_the_token(superuser):
    client = Client(HTTP_HOST=ADMIN_HOST, enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "sysadmin", "password": "whatever"})
    assert response.status_code == 403 and b"CSRF" in response.content


def test_csrf__back_office_writes_refuse_a_post_without_the_token(superuser):
    client = Client(HTTP_HOST=ADMIN_HOST, enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post("/admin/pages/add/content/articlepage/1/", {"title": "x"})
    assert response.status_code == 403 and b"CSRF" in response.content


# --- oversized uploads and path traversal on the public side ------------------------------


@override_settings(ZHANQUN_INTERACTION_MAX_SCREENSHOT=1024)
def test_oversized_screenshot_is_refused(site_group):
    from zhanqun.cases.models import Case
    from zhanqun.conftest import solve_captcha
    from zhanqun.interaction.tests.conftest import hidden

    client = Client(HTTP_HOST=PORTAL_HOST)
    form = client.get("/hudong/zhaocuo/").content.decode()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 4096
    response = client.post(
        "/hudong/zhaocuo/",
        {
            "page_url": "https://www.yunze.gov.cn/zwdt/",
            "error_type": "broken_link",
            "description": "政务动态栏目第二页的链接打不开。",
            "screenshot": SimpleUploadedFile("截图.png", png),
            "submission_key": hidden(form, "submission_key"),
            **solve_captcha(form),
        },
    )
    assert response.status_code == 200
    assert "截图不能超过" in response.content.decode()
    assert not Case.objects.exists()


def test_request_bodies_are_bounded():
    from django.conf import settings

    from zhanqun.core import nginx

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE and settings.ZHANQUN_DOCUMENT_MAX_UPLOAD_SIZE
    assert nginx.CLIENT_MAX_BODY_SIZE == "10m"
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


@pytest.mark.parametrize(
    "path",
    ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/a/%00/index.html", "/.git/config",
     "/..\\..\\etc\\passwd"],
)
def test_path_traversal_in_a_published_path_is_refused(tmp_path, path):
    site = tmp_path / "www.yunze.gov.cn"
    site.mkdir()
    (site / "index.html").write_text("home")
    (tmp_path / "secret.txt").write_text("not for the web")
    assert published_file(tmp_path, "www.yunze.gov.cn", path) is None
    assert published_file(tmp_path, "..", "/secret.txt") is None
    assert published_file(tmp_path, "www.yunze.gov.cn", "/") == (site / "index.html").resolve()


def test_path_traversal_over_http_on_a_public_host_is_refused(site_group):
    client = Client(HTTP_HOST=PORTAL_HOST)
    for path in ("/../../etc/passwd", "/static/../../settings.py", "/documents/../../etc/passwd"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert b"root:" not in response.content


# --- the rest of the list, proven where the feature lives ---------------------------------

ELSEWHERE = [
    ("brute force locked (account)", "zhanqun.accounts.tests.test_lockout", "test_five_typos__lock_the_account_from_every_address_even_with_the_right_password"),
    ("brute force locked (account, second factor)", "zhanqun.accounts.tests.test_lockout", "test_five_wrong_second_factor_codes__lock_the_account_and_end_the_sign_in"),
    ("brute force locked (source, spraying)", "zhanqun.accounts.tests.test_lockout", "test_spraying_many_accounts_from_one_address__throttles_the_address_with_its_own_message"),
    ("an expired password forces a change", "zhanqun.accounts.tests.test_passwords", "test_expired_password__every_admin_page_leads_to_the_change_page"),
    ("a one-time password forces a change", "zhanqun.accounts.tests.test_passwords", "test_create_admin__one_time_password_must_be_changed_at_first_sign_in"),
    ("a TOTP is required", "zhanqun.accounts.tests.test_two_factor", "test_signed_in_but_unverified__every_admin_page_leads_to_the_code"),
    ("a wrong TOTP is refused", "zhanqun.accounts.tests.test_two_factor", "test_next_sign_in__asks_for_the_code_and_refuses_a_wrong_one"),
    ("the auditor cannot write (role)", "zhanqun.audit.tests.test_screens", "test_the_auditor_role_may_read_and_nothing_else"),
    ("the auditor cannot write (screens)", "zhanqun.audit.tests.test_screens", "test_the_auditor_is_refused_on_write_screens"),
    ("the auditor cannot write (audit log)", "zhanqun.audit.tests.test_screens", "test_the_audit_screens_accept_no_writes"),
    ("device binding", "zhanqun.accounts.tests.test_device_binding", "test_unknown_network_and_device__refused_recorded_and_a_request_filed"),
    ("separated duties", "zhanqun.accounts.tests.test_duties", "test_adding_a_second_duty__refused_from_either_side"),
    ("admin host from a disallowed address is 403", "zhanqun.core.tests.test_front_doors", "test_the_back_office_from_a_disallowed_address_is_403_before_any_view"),
    ("the public app serves no admin route", "zhanqun.core.tests.test_front_doors", "test_the_public_app_serves_no_admin_route"),
    ("security headers on public pages", "zhanqun.core.tests.test_front_doors", "test_public_pages_carry_the_public_policy"),
    ("check --deploy clean", "zhanqun.core.tests.test_deploy_check", "test_production_settings_pass_check_deploy_with_no_warnings"),
    ("uploads sniffed", "zhanqun.core.tests.test_uploads", "test_an_html_page_renamed_to_any_binary_type_is_refused"),
    ("uploads: names", "zhanqun.core.tests.test_uploads", "test_file_names_cannot_climb_out_of_their_folder"),
    ("uploads: oversized documents", "zhanqun.core.tests.test_admin_uploads", "test_an_oversized_document_is_refused"),
    ("uploads: paths in names", "zhanqun.core.tests.test_admin_uploads", "test_a_path_in_the_file_name_never_reaches_the_disk"),
    ("public input is plain text", "zhanqun.interaction.tests.test_public_forms", "test_markup_is_stripped_and_only_plain_text_is_stored"),
]


@pytest.mark.parametrize("item, module, test", ELSEWHERE, ids=[row[0] for row in ELSEWHERE])
def test_every_item_is_proven_somewhere(item, module, test):
    assert callable(getattr(importlib.import_module(module), test, None)), f"{item}: {module}.{test} is gone"


def test_brute_force__the_sixth_attempt_is_locked_even_with_the_right_password():
    """A quick copy of the lockout, with axes on as in production (accounts has the full story)."""
    from django.core.cache import cache

    from zhanqun.units.factories import PASSWORD, UserFactory

    UserFactory(username="zhangsan")
    cache.clear()
    with override_settings(AXES_ENABLED=True):
        client = Client(HTTP_HOST=ADMIN_HOST, REMOTE_ADDR="10.0.0.9")
        for _ in range(5):
            client.post("/admin/login/", {"username": "zhangsan", "password": "wrong-Password#1"})
        response = client.post("/admin/login/", {"username": "zhangsan", "password": PASSWORD})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
