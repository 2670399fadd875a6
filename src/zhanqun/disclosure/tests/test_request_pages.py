"""The disclosure request's pages: the public form and status, and the handler's page."""

import pytest
from django.urls import reverse

from zhanqun.cases import services as cases
from zhanqun.cases.services import format_query_code
from zhanqun.conftest import solve_captcha
from zhanqun.content.tests.conftest import logged_in, staff
from zhanqun.disclosure.models import DisclosureRequest
from zhanqun.units.enums import Role

from .conftest import public_url

pytestmark = pytest.mark.django_db

FORM = {
    "applicant_type": "natural_person",
    "name": "王小红",
    "id_document_type": "resident_id",
    "id_number": "620981199205051234",
    "phone": "13800001111",
    "email": "wxh@example.com",
    "info_description": "云泽市2026年城区道路改造计划",
    "info_format": "electronic",
    "delivery_method": "email",
    "submission_key": "k-1",
}


def test_a_citizen_applies_online_and_follows_the_request(site_group, portal_client):
    url = public_url("disclosure_public:apply")
    form = portal_client.get(url).content.decode()
    assert "所需政府信息的名称、文号或者便于查询的其他特征性描述" in form and "身份证明类型" in form
    page = portal_client.post(url, {**FORM, **solve_captcha(form), "unit": site_group.units.fgw.pk}).content.decode()
    request = DisclosureRequest.objects.get()
    assert request.case.number in page and format_query_code(request.case.query_code) in page
    assert request.case.unit == site_group.units.fgw and request.case.submitter_name == "王小红"
    # the same form posted twice is received once
    portal_client.post(url, {**FORM, "unit": site_group.units.fgw.pk})
    assert DisclosureRequest.objects.count() == 1
    status = portal_client.get(
        public_url("disclosure_public:status"), {"code": request.case.query_code, "number": request.case.number}
    ).content.decode()
    assert "办理中" in status and "王**" in status and "王小红" not in status


def test_the_form_names_what_is_missing(site_group, portal_client):
    data = {**FORM, "unit": site_group.units.fgw.pk, "id_number": "", "info_description": "", "phone": "",
            "email": ""}
    url = public_url("disclosure_public:apply")
    page = portal_client.post(url, {**data, **solve_captcha(portal_client.get(url).content.decode())})
    page = page.content.decode()
    assert "身份证明号码" in page and "所需政府信息" in page and "联系方式" in page
    assert not DisclosureRequest.objects.exists()


def test_the_handler_asks_for_a_correction_and_decides_on_the_request_page(site_group):
    from zhanqun.disclosure import requests

    units = site_group.units
    request = requests.submit_request(unit=units.fgw, data={k: v for k, v in FORM.items() if k != "submission_key"})
    editor = staff("fgw_handler", units.fgw, Role.UNIT_EDITOR)
    head = staff("fgw_head", units.fgw, Role.UNIT_HEAD)
    client = logged_in(editor)
    url = reverse("disclosure:request", args=[request.case_id])
    page = client.get(url).content.decode()
    assert "补正告知" in page and "作出答复决定" in page and "延期答复" not in page  # extension: the office head's
    client.post(url, {"step": "correction", "correction-what": "请写明道路名称", "correction-workdays": 10})
    request.refresh_from_db()
    assert request.correction_request == "请写明道路名称"
    assert "暂停计时中" in client.get(url).content.decode()
    client.post(url, {"step": "corrected", "corrected-description": "新华街道路改造计划"})
    response = client.post(url, {"step": "decide", "decide-outcome": "withheld", "decide-note": "涉密"})
    assert "属于国家秘密" in response.content.decode()  # the reasons are named: one must be chosen
    client.post(url, {"step": "decide", "decide-outcome": "withheld", "decide-reason": "state_secret",
                      "decide-note": "该计划经确定为国家秘密。"})
    request.refresh_from_db()
    assert request.outcome_label == "不予公开（属于国家秘密）"
    cases.approve_reply(request.case, head)
    pdf = client.get(reverse("disclosure:request_letter", args=[request.case_id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_staff_enter_a_letter_application_with_its_receipt_date(site_group):
    units = site_group.units
    editor = staff("fgw_handler", units.fgw, Role.UNIT_EDITOR)
    data = {**FORM, "unit": units.fgw.pk, "channel": "letter", "received_at": "2026-09-30 10:00"}
    data.pop("submission_key")
    response = logged_in(editor).post(reverse("disclosure:request_new"), data)
    request = DisclosureRequest.objects.get()
    assert response.status_code == 302 and request.channel == "letter"
    assert request.case.created_by == editor
    assert request.case.clocks.get().due_date.isoformat() == "2026-11-03"  # 20 working days from 9/30


def test_the_case_page_sends_the_handler_to_the_disclosure_steps(site_group):
    from zhanqun.disclosure import requests

    units = site_group.units
    request = requests.submit_request(unit=units.fgw, data={k: v for k, v in FORM.items() if k != "submission_key"})
    editor = staff("fgw_handler", units.fgw, Role.UNIT_EDITOR)
    page = logged_in(editor).get(reverse("cases:detail", args=[request.case_id])).content.decode()
    steps = reverse("disclosure:request", args=[request.case_id])
    assert "依申请公开办理" in page and f'href="{steps}"' in page
    assert reverse("cases:action", args=[request.case_id, "draft"]) not in page


def test_the_online_form_has_a_captcha_and_a_rate_limit(site_group, portal_client, settings):
    settings.ZHANQUN_RATE_LIMITS = {"disclosure": (1, 3600)}
    url = public_url("disclosure_public:apply")
    form = portal_client.get(url).content.decode()
    wrong = portal_client.post(url, {**FORM, **solve_captcha(form), "captcha_1": "WRONG", "unit": site_group.units.fgw.pk})
    assert "验证码不正确" in wrong.content.decode() and not DisclosureRequest.objects.exists()
    form = portal_client.get(url).content.decode()
    again = portal_client.post(url, {**FORM, **solve_captcha(form), "submission_key": "k-2", "unit": site_group.units.fgw.pk})
    assert again.status_code == 429 and "提交过于频繁" in again.content.decode()
    assert "王小红" in again.content.decode()  # what was typed is kept
    assert not DisclosureRequest.objects.exists()
