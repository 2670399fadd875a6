"""The public forms as a citizen meets them: clear Chinese messages, CAPTCHA, per-IP
limits, plain text only, one letter per form however often it is sent, the receipt only
after the letter is committed (R-INT-1, R-INT-3, R-SEC-8)."""

from unittest import mock

import pytest
from django.test import Client

from zhanqun.cases.models import Case
from zhanqun.cases.services import format_query_code
from zhanqun.conftest import DEPARTMENT_HOST, PORTAL_HOST, solve_captcha
from zhanqun.interaction.factories import letter

from .conftest import hidden
from .test_letters import post_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen():
    return Client(HTTP_HOST=PORTAL_HOST, REMOTE_ADDR="203.0.113.7")


def test_the_interaction_page_lists_the_site_s_mailboxes_with_the_site_s_header_and_footer(mayor_box, fgw_box, citizen):
    page = citizen.get("/hudong/").content.decode()
    assert "市长信箱" in page and "/hudong/xiexin/szxx/" in page
    assert "市发展改革委信箱" not in page  # the department site's
    assert 'data-testid="site-full-name">云泽市人民政府<' in page and 'data-testid="site-footer"' in page
    department = Client(HTTP_HOST=DEPARTMENT_HOST).get("/hudong/").content.decode()
    assert "市发展改革委信箱" in department and "市长信箱" not in department


def test_an_empty_form_says_what_is_missing_in_chinese(mayor_box, citizen):
    form = citizen.get("/hudong/xiexin/szxx/").content.decode()
    response = citizen.post("/hudong/xiexin/szxx/", {"submission_key": hidden(form, "submission_key")})
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("请填写您的姓名。", "请填写联系电话", "请选择来信类别。", "请填写标题。", "请填写来信内容。", "请输入验证码。"):
        assert message in page
    assert not Case.objects.exists()


def test_a_wrong_phone_a_short_letter_and_a_wrong_captcha_are_explained(mayor_box, citizen):
    response, _ = post_letter(citizen, mayor_box, phone="12345", content="太短了", captcha_1="XXXX")
    page = response.content.decode()
    assert "请填写正确的手机号" in page
    assert "来信内容至少 10 个字" in page
    assert "验证码不正确或已过期" in page
    assert "太短了" in page  # what was typed is kept
    assert not Case.objects.exists()


def test_markup_is_stripped_and_only_plain_text_is_stored(mayor_box, citizen):
    response, _ = post_letter(
        citizen,
        mayor_box,
        subject="<b>道路</b>破损<script>alert(1)</script>",
        content='<p onclick="x()">人民路路面塌陷</p><img src=x onerror=alert(1)>，雨天积水&amp;无法通行。',
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.subject == "道路破损"
    assert case.content == "人民路路面塌陷，雨天积水&无法通行。"


def test_a_form_of_only_markup_is_refused(mayor_box, citizen):
    response, _ = post_letter(citizen, mayor_box, content="<script>alert('xxxxxxxxxxxxxxxxxxxx')</script>")
    assert "请填写内容（网页代码不会保存）" in response.content.decode()
    assert not Case.objects.exists()


def test_a_double_submitted_form_makes_one_letter_and_shows_the_same_receipt(mayor_box, citizen):
    first, data = post_letter(citizen, mayor_box)
    second = citizen.post("/hudong/xiexin/szxx/", data)  # the same form again: same key, CAPTCHA used up
    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert format_query_code(case.query_code) in citizen.get("/hudong/yitijiao/").content.decode()


def test_the_receipt_is_shown_only_for_a_committed_letter(mayor_box, citizen):
    with (
        mock.patch("zhanqun.interaction.services.Letter.objects.get_or_create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        post_letter(citizen, mayor_box)
    assert not Case.objects.exists()  # the number and the case went back with the rollback
    page = citizen.get("/hudong/yitijiao/").content.decode()
    assert "回执已过期或不存在" in page and "查询码" in page


def test_the_receipt_cookie_cannot_be_forged(mayor_box, citizen):
    case = letter(mayor_box)
    citizen.cookies["zq_ack"] = str(case.pk)
    page = citizen.get("/hudong/yitijiao/").content.decode()
    assert case.number not in page and "回执已过期或不存在" in page


def test_too_many_letters_from_one_address_are_refused_and_the_text_is_kept(mayor_box, citizen, settings):
    settings.ZHANQUN_RATE_LIMITS = {"letter": (2, 3600)}
    for _ in range(2):
        assert post_letter(citizen, mayor_box)[0].status_code == 302
    response, _ = post_letter(citizen, mayor_box, subject="第三封来信的标题")
    assert response.status_code == 429
    page = response.content.decode()
    assert "提交过于频繁" in page and "第三封来信的标题" in page
    assert Case.objects.count() == 2
    other = Client(HTTP_HOST=PORTAL_HOST, REMOTE_ADDR="198.51.100.9")
    assert post_letter(other, mayor_box)[0].status_code == 302


def test_the_progress_page_shows_the_state_and_a_masked_name_for_the_query_code(mayor_box, citizen):
    case = letter(mayor_box)
    page = citizen.post("/hudong/chaxun/", {"action": "lookup", "code": format_query_code(case.query_code).lower()})
    text = page.content.decode()
    assert case.number in text and "待分拣" in text and "张**" in text
    assert "张三丰" not in text and "13812341234" not in text
    assert "没有找到" in citizen.post("/hudong/chaxun/", {"code": "AAAA-BBBB-CCCC"}).content.decode()


def test_query_lookups_are_rate_limited(mayor_box, citizen, settings):
    settings.ZHANQUN_RATE_LIMITS = {"query": (3, 600)}
    for _ in range(3):
        citizen.post("/hudong/chaxun/", {"code": "AAAA-BBBB-CCCC"})
    assert citizen.post("/hudong/chaxun/", {"code": "AAAA-BBBB-CCCC"}).status_code == 429


def test_a_closed_mailbox_takes_no_letters(mayor_box, citizen):
    mayor_box.is_active = False
    mayor_box.save()
    assert citizen.get("/hudong/xiexin/szxx/").status_code == 404


def test_the_captcha_image_is_served_on_the_public_host(mayor_box, citizen):
    form = citizen.get("/hudong/xiexin/szxx/").content.decode()
    key = solve_captcha(form)["captcha_0"]
    image = citizen.get(f"/captcha/image/{key}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
