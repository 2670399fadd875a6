"""互动交流 in the back office: a 12345 call entered as a letter, triage on the letter's
own form, the handling slip as PDF, an error report's evidence for staff only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from zhanqun.cases import services as cases
from zhanqun.cases.factories import beijing
from zhanqun.cases.models import Case
from zhanqun.content.tests.conftest import logged_in, refused
from zhanqun.interaction import services
from zhanqun.interaction.factories import error_report, letter

from .test_errors import png

pytestmark = pytest.mark.django_db


def test_the_office_enters_a_12345_call_as_a_letter(mayor_box, dispatcher):
    client = logged_in(dispatcher)
    page = client.get(reverse("interaction_admin:letter_new"))
    assert page.status_code == 200 and "来电来信登记" in page.content.decode()
    response = client.post(
        reverse("interaction_admin:letter_new"),
        {
            "mailbox": mayor_box.pk,
            "channel": "hotline",
            "received_at": "2026-09-30T10:00",
            "category": "complain",
            "complexity": "ordinary",
            "subject": "来电反映夜间施工噪音",
            "content": "城关镇人民路工地夜间施工至凌晨。",
            "name": "王五",
            "phone": "13912345678",
            "public_consent": "on",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.letter.channel == "hotline" and case.created_by == dispatcher
    assert case.received_at == beijing(2026, 9, 30, 10, 0)
    detail = client.get(response["Location"]).content.decode()
    assert "12345 热线" in detail and "投诉" in detail and "打印收件处理单" in detail


def test_a_unit_editor_cannot_enter_calls(mayor_box, handler):
    assert refused(logged_in(handler).get(reverse("interaction_admin:letter_new")))


def test_triage_on_the_case_page_opens_the_letter_s_form_and_assigns_the_unit(mayor_box, dispatcher, units):
    case = letter(mayor_box, category="consult")
    client = logged_in(dispatcher)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    url = reverse("interaction_admin:letter_triage", args=[case.pk])
    assert url in detail
    form = client.get(url).content.decode()
    assert "特殊来信" in form
    response = client.post(url, {"category": "suggest", "complexity": "ordinary", "unit": units.fgw.pk, "note": "请办理"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.unit, case.data["category"]) == ("handling", units.fgw, "suggest")


def test_triage_of_an_ordinary_letter_needs_a_unit(mayor_box, dispatcher):
    case = letter(mayor_box)
    response = logged_in(dispatcher).post(
        reverse("interaction_admin:letter_triage", args=[case.pk]), {"category": "consult", "complexity": "ordinary"}
    )
    assert "普通来信请选择承办单位" in response.content.decode()


def test_the_handling_slip_is_a_pdf_with_the_registration_in_chinese(mayor_box, dispatcher, leader, confidential, units):
    case = letter(mayor_box, category="report", received_at=beijing(2026, 9, 30, 10, 0))
    services.triage_letter(case, dispatcher, category="report", complexity="complex", special=True)
    cases.add_instruction(case, leader, "请市发展改革委牵头核查。")
    response = logged_in(dispatcher).get(reverse("interaction_admin:letter_slip", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for shown in (case.number, "收件处理单", "举报", "复杂需调查", "请市发展改革委牵头核查", "2026-11-03"):
        assert shown in text, shown
    assert "张三丰" not in text and "13812341234" not in text  # masked, as on every page


def test_another_unit_cannot_print_a_letter_s_slip(mayor_box, dispatcher, units):
    from zhanqun.content.tests.conftest import staff
    from zhanqun.units.enums import Role

    case = letter(mayor_box)
    services.triage_letter(case, dispatcher, category="consult", complexity="ordinary", unit=units.fgw)
    outsider = staff("edu_editor", units.education, Role.UNIT_EDITOR)
    assert refused(logged_in(outsider).get(reverse("interaction_admin:letter_slip", args=[case.pk])))


def test_an_error_report_s_page_shows_its_evidence_and_the_screenshot_only_to_staff(
    site_group, dispatcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the screenshot is written on commit
        case = error_report(
            site_group.portal, screenshot=SimpleUploadedFile("a.png", png(), content_type="image/png")
        )
    client = logged_in(dispatcher)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "https://www.yunze.gov.cn/zwdt/" in detail and "查看截图" in detail
    image = client.get(reverse("interaction_admin:error_screenshot", args=[case.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content)[:4] == b"\x89PNG"
    from django.test import Client

    from zhanqun.conftest import PORTAL_HOST

    public = Client(HTTP_HOST=PORTAL_HOST)
    assert public.get(f"/admin/interaction/errors/{case.pk}/screenshot/").status_code == 404


def test_operators_manage_mailboxes_in_the_admin(mayor_box, site_group):
    from zhanqun.content.tests.conftest import staff
    from zhanqun.units.enums import Role

    operator = staff("operator_mb", site_group.units.office, Role.SITE_OPERATOR)
    page = logged_in(operator).get(reverse("mailboxes:index"))
    assert page.status_code == 200 and "市长信箱" in page.content.decode()
