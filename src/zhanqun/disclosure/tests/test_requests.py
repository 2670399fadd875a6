"""Disclosure requests (依申请公开) through their services, dated around the 2026
National Day holiday (10月1日–7日 off, Saturday 10月10日 a make-up working day)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from zhanqun.cases import services as cases
from zhanqun.cases.enums import ClockStatus
from zhanqun.cases.factories import beijing
from zhanqun.cases.permissions import CasePermissionDenied
from zhanqun.content.tests.conftest import staff
from zhanqun.disclosure import requests
from zhanqun.disclosure.enums import ApplicantType, ConsultationKind, FeeMethod, Outcome
from zhanqun.units.enums import Role

pytestmark = pytest.mark.django_db

APPLICATION = {
    "applicant_type": ApplicantType.NATURAL_PERSON,
    "name": "李明华",
    "id_document_type": "resident_id",
    "id_number": "620981199001011234",
    "phone": "13912345678",
    "email": "liminghua@example.com",
    "address": "云泽市新区人民路8号",
    "info_description": "2025年云泽市老旧小区改造项目的资金使用明细",
    "info_format": "electronic",
    "delivery_method": "email",
}


@pytest.fixture
def people(units):
    return {
        "handler": staff("fgw_handler", units.fgw, Role.UNIT_EDITOR),
        "head": staff("fgw_head", units.fgw, Role.UNIT_HEAD),
        "office_head": staff("office_reviewer", units.office, Role.OFFICE_REVIEWER),
    }


SEP28_10 = beijing(2026, 9, 28, 10, 0)


def receive(units, at=SEP28_10, **changes):
    return requests.submit_request(unit=units.fgw, data={**APPLICATION, **changes}, received_at=at)


def reply_clock(request):
    return request.case.clocks.get(code="reply")


def test_an_application_without_identity_or_description_is_refused_naming_what_is_missing(units):
    with pytest.raises(ValidationError) as error:
        receive(units, id_number="", info_description=" ")
    messages = error.value.message_dict
    assert "身份证明号码" in messages["id_number"][0]
    assert "所需政府信息" in messages["info_description"][0]
    with pytest.raises(ValidationError) as error:
        receive(units, applicant_type=ApplicantType.COMMERCIAL)
    assert "法人或者其他组织名称" in error.value.message_dict["organisation"][0]


def test_the_answer_is_due_20_working_days_after_receipt_across_the_holiday(units):
    request = receive(units)
    assert request.case.number.startswith("YSQ-2026-")
    # 9/29, 9/30, 10/9, 10/10 (make-up Saturday), 10/12 … → the 20th working day is 10/30
    assert reply_clock(request).due_date == datetime.date(2026, 10, 30)


def test_journey__correction_restarts_the_clock_third_party_pauses_it_partial_disclosure_letter(
    units, people, django_capture_on_commit_callbacks
):
    handler, head = people["handler"], people["head"]
    request = receive(units)
    with django_capture_on_commit_callbacks(execute=True):  # notices go out after the commit
        requests.ask_correction(request, handler, what="请说明所需资金明细对应的小区名称", at=beijing(2026, 9, 30, 9, 0))
    request.refresh_from_db()
    assert request.correction_due == datetime.date(2026, 10, 27)  # 15 working days
    assert reply_clock(request).is_paused
    assert "请在2026年10月27日前补正" in mail.outbox[-1].body

    requests.record_correction(request, handler, description="幸福里小区2025年改造资金使用明细",
                               at=beijing(2026, 10, 9, 15, 0))
    clock = reply_clock(request)
    assert not clock.is_paused and clock.due_date == datetime.date(2026, 11, 5)  # 20 working days from 10/9

    consultation = requests.start_consultation(
        request, handler, kind=ConsultationKind.THIRD_PARTY, party="幸福里小区施工企业", at=beijing(2026, 10, 12, 9, 0)
    )
    assert consultation.due == datetime.date(2026, 11, 2)  # the third party's 15 working days
    assert reply_clock(request).is_paused
    requests.end_consultation(request, handler, result="第三方不同意公开其报价明细", at=beijing(2026, 10, 19, 9, 0))
    assert reply_clock(request).due_date == datetime.date(2026, 11, 12)  # 10/13–10/19: 5 working days later

    with pytest.raises(ValidationError) as error:
        requests.decide(request, handler, outcome=Outcome.PARTIAL, note="")
    assert "理由和依据" in str(error.value)
    requests.decide(request, handler, outcome=Outcome.PARTIAL, note="施工企业报价属于商业秘密，依据条例第十五条不予公开。",
                    at=beijing(2026, 10, 20, 10, 0))
    cases.approve_reply(request.case, head, at=beijing(2026, 10, 20, 16, 0))
    cases.send_reply(request.case, handler, at=beijing(2026, 10, 21, 9, 0))
    request.refresh_from_db()
    assert request.case.state == "replied" and reply_clock(request).status() == ClockStatus.MET
    title, body = requests.letter(request)
    assert title == "政府信息部分公开告知书"
    assert "李明华" in body and "2026年9月28日" in body and "商业秘密" in body and request.case.number in body
    pdf = requests.letter_pdf(request)
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "政府信息部分公开告知书" in text and "李明华" in text and request.case.number in text


def test_an_outcome_without_its_reason_is_refused(units, people):
    request = receive(units)
    with pytest.raises(ValidationError) as error:
        requests.decide(request, people["handler"], outcome=Outcome.WITHHELD, note="涉密")
    assert "属于国家秘密" in str(error.value)
    with pytest.raises(ValidationError):
        requests.decide(request, people["handler"], outcome=Outcome.NOT_PROCESSED, reason="state_secret")
    reply = requests.decide(request, people["handler"], outcome=Outcome.UNAVAILABLE, reason="not_held")
    assert "本机关不掌握相关政府信息" in reply.body


def test_a_reply_cannot_be_drafted_on_the_case_page_without_an_outcome(units, people):
    request = receive(units)
    with pytest.raises(ValidationError) as error:
        cases.draft_reply(request.case, people["handler"], "已收到")
    assert "处理结果" in str(error.value)


def test_correction_may_be_asked_only_within_7_working_days_and_once(units, people):
    request = receive(units)
    with pytest.raises(ValidationError) as error:
        requests.ask_correction(request, people["handler"], what="补充说明", at=beijing(2026, 10, 14, 9, 0))
    assert "7个工作日" in str(error.value)
    # 9/29, 9/30, 10/8, 10/9, 10/10, 10/12, 10/13: the 7th working day
    requests.ask_correction(request, people["handler"], what="补充说明", at=beijing(2026, 10, 13, 9, 0))
    with pytest.raises(ValidationError):
        requests.ask_correction(request, people["handler"], what="再补充", at=beijing(2026, 10, 13, 10, 0))


def test_no_correction_in_time_closes_the_request_as_other_handling(units, people):
    request = receive(units)
    requests.ask_correction(request, people["handler"], what="补充说明", workdays=5, at=beijing(2026, 9, 29, 9, 0))
    request.refresh_from_db()
    assert not requests.close_lapsed(request, at=beijing(2026, 10, 12, 9, 0))  # due 10/12: still in time
    assert requests.lapsed_requests(at=beijing(2026, 10, 13, 9, 0)) == [request]
    assert requests.close_lapsed(request, at=beijing(2026, 10, 13, 9, 0))
    request.refresh_from_db()
    assert request.case.state == "closed"
    assert request.outcome_label.startswith("其他处理（申请人无正当理由逾期不补正")
    with pytest.raises(ValidationError):
        requests.record_correction(request, people["handler"], at=beijing(2026, 10, 14, 9, 0))


def test_one_extension_of_at_most_20_working_days_by_the_office_head_with_a_notice(
    units, people, django_capture_on_commit_callbacks
):
    request = receive(units)
    with pytest.raises(CasePermissionDenied):
        requests.extend(request, people["handler"], reason="需要调取档案")
    with pytest.raises(ValidationError):
        requests.extend(request, people["office_head"], reason="需要调取档案", workdays=21)
    with django_capture_on_commit_callbacks(execute=True):
        requests.extend(request, people["office_head"], reason="需要调取档案", at=beijing(2026, 10, 20, 9, 0))
    assert reply_clock(request).due_date == datetime.date(2026, 11, 27)  # 10/30 + 20 working days
    assert "延长至2026年11月27日" in mail.outbox[-1].body
    with pytest.raises(ValidationError) as error:
        requests.extend(request, people["office_head"], reason="再次延期")
    assert "只能延长一次" in str(error.value)


def test_fees_are_free_by_default_and_per_page_bands_pause_the_clock_until_paid(units, people):
    request = receive(units)
    with pytest.raises(ValidationError):
        requests.send_fee_notice(request, people["handler"], method=FeeMethod.PER_PAGE, units=30)
    requests.send_fee_notice(request, people["handler"], method=FeeMethod.PER_PAGE, units=150,
                             at=beijing(2026, 10, 12, 9, 0))
    request.refresh_from_db()
    assert request.fee_amount == 1700  # 70 pages × 10 + 50 pages × 20
    assert request.fee_due == datetime.date(2026, 11, 9)
    assert reply_clock(request).is_paused
    requests.record_payment(request, people["handler"], at=beijing(2026, 10, 14, 9, 0))
    assert reply_clock(request).due_date == datetime.date(2026, 11, 3)  # 10/30 + 2 working days


def test_per_request_fees_count_the_applicants_requests_in_the_month(units, people):
    made = [receive(units, at=beijing(2026, 11, 2, 9, n)) for n in range(11)]
    amount, nth = requests.fee_for(made[-1], FeeMethod.PER_REQUEST)
    assert (amount, nth) == (100, 11)
    assert requests.fee_for(made[0], FeeMethod.PER_REQUEST) == (0, 1)


def test_unpaid_fee_closes_the_request(units, people):
    request = receive(units)
    requests.send_fee_notice(request, people["handler"], method=FeeMethod.PER_PAGE, units=40,
                             at=beijing(2026, 10, 12, 9, 0))
    request.refresh_from_db()
    assert requests.close_lapsed(request, at=beijing(2026, 11, 10, 9, 0))
    request.refresh_from_db()
    assert request.outcome_reason == "fee_unpaid" and request.case.state == "closed"
