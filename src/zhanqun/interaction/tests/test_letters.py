"""Letters from the public form to the published answer, as citizen and staff notice
(R-INT-1, R-INT-2, R-INT-3, R-INT-6, R-SEC-8).

Dates are around the 2026 National Day holiday as the calendar has it (workdays data):
10月1日–7日 off, Sunday 9月20日 and Saturday 10月10日 make-up working days.
"""

import datetime
import json
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from zhanqun.cases import services as cases
from zhanqun.cases.enums import ClockStatus, EventType
from zhanqun.cases.factories import beijing
from zhanqun.cases.models import Case
from zhanqun.conftest import PORTAL_HOST, solve_captcha
from zhanqun.interaction import services
from zhanqun.interaction.enums import Complexity, LetterCategory
from zhanqun.interaction.factories import letter
from zhanqun.interaction.models import InteractionSettings
from zhanqun.review.enums import ModerationStatus
from zhanqun.review.models import ModerationItem

from .conftest import hidden

pytestmark = pytest.mark.django_db

SEP30_10 = beijing(2026, 9, 30, 10, 0)


def due_date(case, clock="reply"):
    return case.clocks.get(code=clock).due_date


def post_letter(client, mailbox, **overrides):
    form = client.get(f"/hudong/xiexin/{mailbox.slug}/").content.decode()
    data = {
        "name": "张三丰",
        "phone": "13812341234",
        "email": "zhangsan@example.com",
        "address": "云泽市新区人民路12号",
        "category": "consult",
        "subject": "市图书馆周末开放时间咨询",
        "content": "请问市图书馆国庆节后周末的开放时间是几点到几点？我的电话13812341234。",
        "public_consent": "on",
        "submission_key": hidden(form, "submission_key"),
        **solve_captcha(form),
    }
    data.update(overrides)
    return client.post(f"/hudong/xiexin/{mailbox.slug}/", data), data


def test_a_letter_sent_on_30_september_is_answered_across_national_day_and_published_after_moderation(
    mayor_box, dispatcher, operator2, handler, leader, units
):
    """The whole journey: form → receipt → triage → unit drafts → leader approves → sent →
    published → moderated → on the public list with its dates and unit; the citizen rates."""
    citizen = Client(HTTP_HOST=PORTAL_HOST)
    with mock.patch("django.utils.timezone.now", return_value=SEP30_10):
        response, _data = post_letter(citizen, mayor_box)
    assert response.status_code == 302 and response["Location"] == "/hudong/yitijiao/"
    receipt = citizen.get("/hudong/yitijiao/").content.decode()
    case = Case.objects.get(kind="letter")
    assert case.number == "XX-2026-000001"
    assert case.number in receipt and cases.format_query_code(case.query_code) in receipt
    # R-INT-2: 咨询 → 5 working days: 10/8, 10/9, Saturday 10/10, 10/12, 10/13.
    assert due_date(case) == datetime.date(2026, 10, 13)

    services.triage_letter(
        case, dispatcher, category="consult", complexity="ordinary", unit=units.fgw, at=beijing(2026, 9, 30, 11, 0)
    )
    case.refresh_from_db()
    assert (case.state, case.unit) == ("handling", units.fgw)
    assert case.clocks.get(code="triage").status() == ClockStatus.MET

    cases.draft_reply(case, handler, "周六、周日开放时间为9:00—20:00。", public=True, at=beijing(2026, 10, 10, 9, 0))
    with pytest.raises(cases.CasePermissionDenied):
        cases.approve_reply(case, dispatcher)  # R-INT-2: only the leader in charge approves
    cases.approve_reply(case, leader, at=beijing(2026, 10, 10, 10, 0))
    cases.send_reply(case, handler, at=beijing(2026, 10, 10, 11, 0))
    cases.publish_reply(case, dispatcher, at=beijing(2026, 10, 10, 15, 0))
    case.refresh_from_db()
    assert case.clocks.get(code="reply").status() == ClockStatus.MET  # answered on the make-up Saturday

    # R-INT-3: nothing shown before an operator approves the publication.
    assert "图书馆" not in citizen.get("/hudong/huifu/").content.decode()
    item = ModerationItem.objects.get(kind="来信公开")
    assert item.status == ModerationStatus.PENDING
    assert "13812341234" not in item.text and "138****1234" in item.text
    item.approve(operator2)

    listing = citizen.get("/hudong/huifu/").content.decode()
    assert "市图书馆周末开放时间咨询" in listing
    for shown in ("受理日期", "2026-09-30", "答复日期", "2026-10-10", "答复部门", units.fgw.name):
        assert shown in listing
    detail = citizen.get(f"/hudong/huifu/{case.number}/").content.decode()
    assert "9:00—20:00" in detail and "张**" in detail
    assert "张三丰" not in detail and "13812341234" not in detail and "138****1234" in detail

    # The citizen rates the reply with the query code.
    page = citizen.post("/hudong/chaxun/", {"action": "rate", "code": case.query_code, "rating": "5", "comment": "很及时"})
    assert "感谢您的评价" in page.content.decode()
    case.refresh_from_db()
    assert case.rating == 5


def test_a_refused_publication_is_never_shown(mayor_box, dispatcher, operator2, handler, leader, units):
    case = letter(mayor_box, received_at=SEP30_10)
    services.triage_letter(case, dispatcher, category="complain", complexity="ordinary", unit=units.fgw)
    cases.draft_reply(case, handler, "经核实，反映情况不属实。", public=True)
    cases.approve_reply(case, leader)
    cases.send_reply(case, handler)
    cases.publish_reply(case, dispatcher)
    ModerationItem.objects.get().reject(operator2, "反映情况不实，不予公开。")
    client = Client(HTTP_HOST=PORTAL_HOST)
    assert case.subject not in client.get("/hudong/huifu/").content.decode()
    assert client.get(f"/hudong/huifu/{case.number}/").status_code == 404


def test_a_letter_whose_writer_declined_publication_cannot_be_published(mayor_box, dispatcher, handler, leader, units):
    case = letter(mayor_box, public_consent=False)
    services.triage_letter(case, dispatcher, category="complain", complexity="ordinary", unit=units.fgw)
    cases.draft_reply(case, handler, "已处理。", public=True)
    cases.approve_reply(case, leader)
    cases.send_reply(case, handler)
    with pytest.raises(ValidationError, match="不同意公开"):
        cases.publish_reply(case, dispatcher)


@pytest.mark.parametrize(
    ("category", "complexity", "days", "due"),
    [
        (LetterCategory.CONSULT, Complexity.ORDINARY, 5, datetime.date(2026, 10, 13)),
        (LetterCategory.SUGGEST, Complexity.ORDINARY, 5, datetime.date(2026, 10, 13)),
        (LetterCategory.COMPLAIN, Complexity.ORDINARY, 15, datetime.date(2026, 10, 27)),
        (LetterCategory.REPORT, Complexity.COMPLEX, 20, datetime.date(2026, 11, 3)),
    ],
)
def test_letter_due_date__depends_on_category_and_skips_national_day(mayor_box, category, complexity, days, due):
    case = letter(mayor_box, category=category, complexity=complexity, received_at=SEP30_10)
    clock = case.clocks.get(code="reply")
    assert (clock.amount, clock.due_date) == (days, due)


def test_letter_received_on_the_make_up_sunday_counts_from_it_and_skips_mid_autumn(mayor_box):
    """Sunday 9/20 is a make-up working day; the next five are 9/21–9/24 and, after the
    Mid-Autumn days off (9/25–9/27), Monday 9/28."""
    case = letter(mayor_box, category="consult", received_at=beijing(2026, 9, 20, 10, 0))
    assert due_date(case) == datetime.date(2026, 9, 28)


def test_triage_reclassifying_a_letter_recounts_its_deadline(mayor_box, dispatcher, units):
    case = letter(mayor_box, category="consult", received_at=SEP30_10)
    services.triage_letter(case, dispatcher, category="complain", complexity="complex", unit=units.fgw)
    case.refresh_from_db()
    assert due_date(case) == datetime.date(2026, 11, 3)  # 20 working days
    assert case.data["category"] == "complain"


def test_deadlines_are_per_site_settings(mayor_box, fgw_box, site_group):
    InteractionSettings.objects.update_or_create(site=site_group.portal, defaults={"consult_days": 3})
    portal_case = letter(mayor_box, category="consult", received_at=SEP30_10)
    department_case = letter(fgw_box, category="consult", received_at=SEP30_10)
    assert due_date(portal_case) == datetime.date(2026, 10, 10)  # 10/8, 10/9, Sat 10/10
    assert due_date(department_case) == datetime.date(2026, 10, 13)  # the defaults


def test_a_unit_that_cannot_finish_records_the_reason_and_a_committed_date(mayor_box, dispatcher, handler, units):
    case = letter(mayor_box, category="consult", received_at=SEP30_10)
    services.triage_letter(case, dispatcher, category="consult", complexity="ordinary", unit=units.fgw)
    with pytest.raises(ValidationError):
        cases.extend(case, handler, clock="reply", new_due=datetime.date(2026, 10, 20), reason="")
    cases.extend(case, handler, clock="reply", new_due=datetime.date(2026, 10, 20), reason="需现场核实，承诺10月20日前答复。")
    assert due_date(case) == datetime.date(2026, 10, 20)
    event = case.events.get(type=EventType.EXTENDED)
    assert "承诺" in event.payload["reason"]


def test_a_special_letter_goes_to_the_confidential_office_and_a_leader_s_instruction_routes_it(
    mayor_box, dispatcher, leader, handler, confidential, units
):
    case = letter(mayor_box, category="report", subject="举报某单位违规发放补贴", received_at=SEP30_10)
    services.triage_letter(case, dispatcher, category="report", complexity="complex", special=True)
    case.refresh_from_db()
    assert case.unit == confidential and case.data["special"] is True

    with pytest.raises(ValidationError, match="领导批示"):
        cases.transfer(case, dispatcher, units.fgw, reason="按职责转办")
    cases.add_instruction(case, leader, "请市发展改革委牵头核查，20个工作日内报结果。")
    cases.transfer(case, dispatcher, units.fgw, reason="按领导批示转办")
    case.refresh_from_db()
    assert case.unit == units.fgw
    assert [e.type for e in case.events.all()][-3:] == [EventType.ASSIGNED, EventType.INSTRUCTION_ADDED, EventType.TRANSFERRED]


def test_a_special_letter_needs_a_confidential_office_in_the_site_settings(mayor_box, dispatcher, units):
    case = letter(mayor_box, category="report")
    with pytest.raises(ValidationError, match="机要室"):
        services.triage_letter(case, dispatcher, category="report", complexity="ordinary", special=True)
    case.refresh_from_db()
    assert case.state == "received" and not case.events.filter(type=EventType.TRIAGED).exists()


def test_a_special_letter_cannot_go_to_a_unit_before_the_instruction(mayor_box, dispatcher, leader, confidential, units):
    case = letter(mayor_box, category="report")
    services.triage_letter(case, dispatcher, category="report", complexity="ordinary", special=True)
    cases.return_case(case, dispatcher, "机要室退回重新分拣")
    with pytest.raises(ValidationError, match="领导批示"):
        cases.assign(case, dispatcher, units.fgw)


def test_overdue_letters_and_error_reports_appear_in_the_overdue_command(mayor_box, site_group, units, dispatcher):
    from zhanqun.interaction.factories import error_report

    letter(mayor_box, category="consult", received_at=SEP30_10)
    error_report(site_group.portal, received_at=SEP30_10)
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=beijing(2026, 10, 15, 9, 0)):
        call_command("cases", "overdue", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    by_kind = {(r["kind"], r["clock"]): r for r in rows}
    assert by_kind[("letter", "reply")]["workdays_overdue"] == 2  # due 10/13; 10/14 and 10/15
    assert by_kind[("letter", "reply")]["kind_label"] == "来信"
    assert ("error_report", "triage") in by_kind and ("error_report", "reply") in by_kind


def test_statistics_count_letters_by_month_unit_and_category(mayor_box, dispatcher, handler, leader, units):
    first = letter(mayor_box, category="consult", received_at=SEP30_10)
    letter(mayor_box, category="complain", received_at=beijing(2026, 10, 9, 10, 0))
    services.triage_letter(first, dispatcher, category="consult", complexity="ordinary", unit=units.fgw)
    cases.draft_reply(first, handler, "答复。", at=beijing(2026, 10, 9, 9, 0))
    cases.approve_reply(first, leader, at=beijing(2026, 10, 9, 9, 30))
    cases.send_reply(first, handler, at=beijing(2026, 10, 9, 10, 0))

    stats = services.letter_statistics(mayor_box.site, 2026)
    assert (stats.total, stats.replied, stats.on_time) == (2, 1, 1)
    assert stats.by_month[8]["received"] == 1 and stats.by_month[9]["received"] == 1
    by_category = {row["category"]: row["received"] for row in stats.by_category}
    assert by_category == {"咨询": 1, "建议": 0, "投诉": 1, "举报": 0}
    by_unit = {row["unit"]: (row["received"], row["replied"]) for row in stats.by_unit}
    assert by_unit == {units.fgw.name: (1, 1), "待分拣": (1, 0)}
    page = Client(HTTP_HOST=PORTAL_HOST).get("/hudong/tongji/?year=2026").content.decode()
    assert "全年受理 <strong>2</strong> 件" in page
