"""The case engine through its service functions, as the people using it would notice.

Dates are around the 2026 National Day holiday as the calendar has it: 10月1日–7日 off,
Thursday 10月8日 back at work, Saturday 10月10日 a make-up working day.
"""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from zhanqun.cases import services, sms
from zhanqun.cases.clocks import pause_shift, shift_due
from zhanqun.cases.enums import ClockStatus, EventType, Light
from zhanqun.cases.factories import CITIZEN, beijing, submit
from zhanqun.cases.kinds import InvalidTransition
from zhanqun.cases.models import AppendOnlyError, Case, CaseCounter, CaseEvent, PersonalDataAccess
from zhanqun.cases.permissions import CasePermissionDenied

from .kinds import PRIVATE_KIND, TEST_KIND

pytestmark = pytest.mark.django_db

SEP30_10 = beijing(2026, 9, 30, 10, 0)


def events(case):
    return list(case.events.values_list("type", flat=True))


@pytest.fixture
def case(units):
    return submit(TEST_KIND, received_at=SEP30_10)


@pytest.fixture
def handling(case, dispatcher, units):
    services.assign(case, dispatcher, units.fgw, at=beijing(2026, 9, 30, 10, 30))
    return case


# --- numbers and query codes ----------------------------------------------------------------------


def test_numbers_run_per_kind_and_year_without_gaps(units):
    first = submit(TEST_KIND, received_at=SEP30_10)
    second = submit(TEST_KIND, received_at=SEP30_10)
    other_kind = submit(PRIVATE_KIND, received_at=SEP30_10)
    next_year = submit(TEST_KIND, received_at=beijing(2027, 1, 4, 9, 5))
    assert [first.number, second.number, other_kind.number, next_year.number] == [
        "CS-2026-000001",
        "CS-2026-000002",
        "CP-2026-000001",
        "CS-2027-000001",
    ]


def test_the_year_of_the_number_is_the_beijing_year(units):
    # 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Beijing.
    case = submit(TEST_KIND, received_at=datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC))
    assert case.number == "CS-2027-000001"


def test_a_double_submitted_form_makes_one_case_and_uses_one_number(units):
    first = submit(TEST_KIND, submission_key="form-token-1")
    again = submit(TEST_KIND, submission_key="form-token-1")
    assert again.pk == first.pk
    assert Case.objects.count() == 1
    assert CaseCounter.objects.get(kind="test").last == 1
    assert submit(TEST_KIND).number.endswith("-000002")


def test_a_case_gets_an_unguessable_query_code_that_shows_its_progress(case):
    other = submit(TEST_KIND)
    assert len(case.query_code) == 12 and case.query_code != other.query_code
    assert set(case.query_code) <= set(services.QUERY_CODE_ALPHABET)

    typed = services.format_query_code(case.query_code).lower()  # "abcd-efgh-jkmn", as read out
    status = services.public_status(typed)
    assert status.number == case.number
    assert status.state == "待分拣"
    assert status.submitter == "张**"
    assert "13812341234" not in repr(status) and "110101199003071234" not in repr(status)
    assert [label for _at, label in status.timeline] == ["受理"]


def test_a_wrong_query_code_or_number_shows_nothing(case):
    assert services.public_status("ABCD-EFGH-JKMN") is None
    assert services.public_status("short") is None
    assert services.public_status(case.query_code, number="CS-2026-999999") is None
    assert services.public_status(case.query_code, number=case.number) is not None


# --- the state machine and the timeline ------------------------------------------------------------


def test_an_action_the_kind_does_not_allow_now_is_refused_with_the_state_named(case, dispatcher, head):
    with pytest.raises(InvalidTransition, match="当前状态为“待分拣”，不能拟写答复") as error:
        services.draft_reply(case, dispatcher, "已修复。")
    assert "交办" in str(error.value)  # it says what can be done instead
    case.refresh_from_db()
    assert case.state == "received"
    assert events(case) == [EventType.RECEIVED]


def test_each_step_is_on_the_timeline_with_who_and_when(handling, dispatcher, office_reviewer):
    with pytest.raises(CasePermissionDenied, match="只有领导可以批示"):
        services.add_instruction(handling, dispatcher, "请发改委三日内核实。")
    services.add_instruction(handling, office_reviewer, "请发改委三日内核实。", at=beijing(2026, 9, 30, 11, 0))
    timeline = list(handling.events.all())
    assert [(e.type, e.actor_name, e.at) for e in timeline] == [
        (EventType.RECEIVED, "", SEP30_10),
        (EventType.ASSIGNED, "dispatcher", beijing(2026, 9, 30, 10, 30)),
        (EventType.INSTRUCTION_ADDED, "office_reviewer", beijing(2026, 9, 30, 11, 0)),
    ]
    assert timeline[1].payload["to_unit"] == "云泽市发展和改革委员会"
    assert timeline[2].summary == "批示：请发改委三日内核实。"


def test_timeline_entries_can_never_be_changed_or_deleted(case):
    event = case.events.get()
    event.payload = {"forged": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case).update(payload={})
    assert CaseEvent.objects.get(pk=event.pk).payload == {}


def test_a_unit_returns_a_case_that_is_not_its_business_with_a_reason(handling, handler, dispatcher, units):
    with pytest.raises(ValidationError, match="请填写退回理由"):
        services.return_case(handling, handler, "  ")
    services.return_case(handling, handler, "属市场监管局职责。")
    handling.refresh_from_db()
    assert handling.state == "returned" and handling.unit is None
    assert not Case.objects.visible_to(handler).exists()
    returned = handling.events.get(type=EventType.RETURNED)
    assert returned.payload == {"from_unit": "云泽市发展和改革委员会", "reason": "属市场监管局职责。"}
    services.assign(handling, dispatcher, units.education)
    assert handling.unit == units.education


def test_only_the_office_transfers_and_only_to_another_unit(handling, handler, dispatcher, units):
    with pytest.raises(CasePermissionDenied):
        services.transfer(handling, handler, units.education)
    with pytest.raises(ValidationError, match="已由该单位承办"):
        services.transfer(handling, dispatcher, units.fgw)
    services.transfer(handling, dispatcher, units.education, reason="涉及校园周边")
    assert (
        handling.events.get(type=EventType.TRANSFERRED).summary
        == "原承办单位：云泽市发展和改革委员会；承办单位：云泽市教育局；理由：涉及校园周边"
    )


def test_another_unit_s_staff_cannot_act_on_a_case(handling, edu_handler):
    with pytest.raises(CasePermissionDenied):
        services.draft_reply(handling, edu_handler, "不归我们管。")
    with pytest.raises(CasePermissionDenied):
        services.return_case(handling, edu_handler, "不归我们管。")


# --- clocks --------------------------------------------------------------------------------------------


def test_reply_clock_skips_the_national_day_holiday_and_counts_the_make_up_saturday(case):
    reply = case.clocks.get(code="reply")
    # Not counted: 9/30 (the day received), 10/1–10/7. Counted: 10/8, 10/9, 10/10 (Sat), 10/12, 10/13.
    assert reply.due_at == beijing(2026, 10, 13, 23, 59, 59)
    assert case.due_at == case.clocks.get(code="triage").due_at


def test_triage_clock_counts_office_hours_only(units):
    late = submit(TEST_KIND, received_at=beijing(2026, 9, 30, 17, 0))
    # 30 minutes left on 9/30, the next 30 after the holiday.
    assert late.clocks.get(code="triage").due_at == beijing(2026, 10, 8, 9, 30)
    friday_night = submit(TEST_KIND, received_at=beijing(2026, 10, 9, 20, 0))
    # The next working day is the make-up Saturday.
    assert friday_night.clocks.get(code="triage").due_at == beijing(2026, 10, 10, 10, 0)


def test_assigning_in_time_meets_the_triage_clock(case, dispatcher, units):
    services.assign(case, dispatcher, units.fgw, at=beijing(2026, 9, 30, 10, 40))
    triage = case.clocks.get(code="triage")
    assert triage.status() == ClockStatus.MET
    case.refresh_from_db()
    assert case.due_at == beijing(2026, 10, 13, 23, 59, 59)  # now the reply clock


def test_assigning_late_misses_the_triage_clock(case, dispatcher, units):
    services.assign(case, dispatcher, units.fgw, at=beijing(2026, 10, 8, 9, 0))
    assert case.clocks.get(code="triage").status() == ClockStatus.MISSED


@pytest.mark.parametrize(
    ("now", "light"),
    [
        (beijing(2026, 10, 9, 12, 0), Light.ON_TIME),  # next working day is the make-up Saturday
        (beijing(2026, 10, 11, 12, 0), Light.ON_TIME),  # Sunday: next working day 10/12
        (beijing(2026, 10, 12, 9, 0), Light.DUE_SOON),  # due the next working day
        (beijing(2026, 10, 13, 17, 0), Light.DUE_SOON),  # due today
        (beijing(2026, 10, 14, 0, 0), Light.OVERDUE),
    ],
)
def test_traffic_light_of_a_case_due_on_13_october(handling, now, light):
    handling.refresh_from_db()
    assert handling.clocks.get(code="reply").light(now) == light
    assert list(Case.objects.with_light(light, now=now)) == [handling]


def test_time_paused_does_not_count(handling, handler):
    services.pause(handling, handler, "等待来信人补充材料", at=beijing(2026, 10, 8, 10, 0))
    reply = handling.clocks.get(code="reply")
    assert reply.is_paused and reply.light() is None
    handling.refresh_from_db()
    assert handling.due_at is None  # no running clock: not on the overdue list while paused
    assert reply.status(now=beijing(2026, 10, 20)) == ClockStatus.DUE

    services.resume(handling, handler, at=beijing(2026, 10, 12, 15, 0))
    reply.refresh_from_db()
    # Paused over 10/9, 10/10 and 10/12: three working days later than 10/13.
    assert reply.due_at == beijing(2026, 10, 16, 23, 59, 59)
    assert reply.pauses.get().reason == "等待来信人补充材料"
    assert events(handling)[-2:] == [EventType.PAUSED, EventType.RESUMED]


def test_an_hour_clock_is_pushed_back_by_the_office_time_paused(case):
    triage = case.clocks.get(code="triage")
    assert triage.due_at == beijing(2026, 9, 30, 11, 0)
    # Paused 9/30 10:30 → 10/8 10:00: 10:30–12:00, 13:30–17:30, then 9:00–10:00 after the holiday.
    shift = pause_shift(beijing(2026, 9, 30, 10, 30), beijing(2026, 10, 8, 10, 0), "workhours")
    assert shift == 6.5 * 3600
    # From 11:00 on 9/30: 5 hours that day, 1.5 on 10/8.
    assert shift_due(triage.due_at, shift, "workhours") == beijing(2026, 10, 8, 10, 30)


def test_a_clock_is_extended_more_than_once_with_reasons_and_new_dates(handling, handler):
    with pytest.raises(ValidationError, match="不是工作日"):
        services.extend(handling, handler, clock="reply", new_due=datetime.date(2026, 10, 18), reason="需实地核查")
    with pytest.raises(ValidationError, match="应晚于当前期限"):
        services.extend(handling, handler, clock="reply", new_due=datetime.date(2026, 10, 12), reason="需实地核查")
    with pytest.raises(ValidationError, match="延期理由"):
        services.extend(handling, handler, clock="reply", new_due=datetime.date(2026, 10, 20), reason="")

    services.extend(handling, handler, clock="reply", new_due=datetime.date(2026, 10, 20), reason="需实地核查")
    services.extend(handling, handler, clock="reply", new_due=datetime.date(2026, 10, 27), reason="需征求住建局意见")
    reply = handling.clocks.get(code="reply")
    assert reply.due_at == beijing(2026, 10, 27, 23, 59, 59)
    assert reply.original_due_at == beijing(2026, 10, 13, 23, 59, 59)
    assert [e.reason for e in reply.extensions.all()] == ["需实地核查", "需征求住建局意见"]
    extended = handling.events.filter(type=EventType.EXTENDED)
    assert [e.payload["new_due"][:10] for e in extended] == ["2026-10-20", "2026-10-27"]
    assert reply.status(now=beijing(2026, 10, 21)) == ClockStatus.DUE


def test_a_late_reply_misses_its_clock_and_an_early_one_meets_it(units, dispatcher, handler, head):
    def answer(case, on):
        services.assign(case, dispatcher, units.fgw, at=SEP30_10)
        services.draft_reply(case, handler, "已修复。", at=on)
        services.approve_reply(case, head, at=on)
        services.send_reply(case, handler, at=on)
        return case.clocks.get(code="reply").status()

    assert answer(submit(TEST_KIND, received_at=SEP30_10), beijing(2026, 10, 13, 17, 0)) == ClockStatus.MET
    assert answer(submit(TEST_KIND, received_at=SEP30_10), beijing(2026, 10, 14, 9, 0)) == ClockStatus.MISSED


def test_a_kind_sets_the_amount_per_case(units):
    case = submit(TEST_KIND, received_at=SEP30_10, data={"reply_days": 15})
    # 10/8 … : 15 working days (10/10 counted) end on 10/27.
    assert case.clocks.get(code="reply").due_at == beijing(2026, 10, 27, 23, 59, 59)


# --- replies ----------------------------------------------------------------------------------------


def test_the_unit_drafts_its_head_approves_and_the_citizen_gets_email_and_sms(
    handling, handler, head, django_capture_on_commit_callbacks
):
    services.draft_reply(handling, handler, "经核查，该路段已于10月9日修复。", public=True)
    with pytest.raises(CasePermissionDenied, match="单位负责人"):
        services.approve_reply(handling, handler)
    services.approve_reply(handling, head, comment="同意")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reply(handling, handler, at=beijing(2026, 10, 12, 10, 0))

    handling.refresh_from_db()
    assert handling.state == "replied" and handling.closed_at == beijing(2026, 10, 12, 10, 0)
    assert handling.due_at is None
    (message,) = mail.outbox
    assert message.to == ["zhangsan@example.com"]
    assert message.subject == f"您的测试件（{handling.number}）已答复"
    assert "经核查，该路段已于10月9日修复。" in message.body
    assert services.format_query_code(handling.query_code) in message.body
    (text,) = sms.outbox
    assert text.phone == "13812341234"
    assert handling.number in text.text and services.format_query_code(handling.query_code) in text.text
    assert handling.events.get(type=EventType.REPLIED).payload["channels"] == ["email", "sms"]

    status = services.public_status(handling.query_code)
    assert status.reply == "经核查，该路段已于10月9日修复。" and status.reply_unit == "云泽市发展和改革委员会"
    assert status.can_rate


def test_nobody_approves_a_reply_they_drafted(handling, head):
    services.draft_reply(handling, head, "已修复。")
    with pytest.raises(CasePermissionDenied, match="不能审核自己拟写的答复"):
        services.approve_reply(handling, head)


def test_a_rejected_draft_goes_back_to_the_unit_with_the_reason(handling, handler, head):
    first = services.draft_reply(handling, handler, "已修复。")
    services.reject_reply(handling, head, "请写明修复日期和责任单位。")
    handling.refresh_from_db()
    assert handling.state == "handling"
    second = services.draft_reply(handling, handler, "已于10月9日由市政公司修复。")
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.body == "已修复。" and first.decision_comment == "请写明修复日期和责任单位。"


def test_a_reply_is_sent_only_once_approved(handling, handler):
    services.draft_reply(handling, handler, "已修复。")
    with pytest.raises(InvalidTransition):
        services.send_reply(handling, handler)


def test_a_kind_can_require_the_office_to_approve(units, dispatcher, handler, head, office_reviewer):
    case = submit(PRIVATE_KIND)
    services.assign(case, dispatcher, units.fgw)
    services.draft_reply(case, handler, "答复如下。")
    with pytest.raises(CasePermissionDenied, match="政府办公室审核员"):
        services.approve_reply(case, head)
    services.approve_reply(case, office_reviewer)
    assert case.current_reply.status == "approved"


def test_a_public_reply_is_published_a_private_one_cannot_be(units, dispatcher, handler, head, office_reviewer):
    public = submit(TEST_KIND)
    services.assign(public, dispatcher, units.fgw)
    services.draft_reply(public, handler, "已修复。", public=True)
    services.approve_reply(public, head)
    services.send_reply(public, handler)
    services.publish_reply(public, dispatcher)
    assert list(Case.objects.published()) == [public]

    private = submit(PRIVATE_KIND)
    with pytest.raises(ValidationError, match="不在网站公开"):
        services.draft_reply(private, dispatcher, "答复如下。", public=True)


def test_the_citizen_rates_a_reply_once(handling, handler, head):
    services.draft_reply(handling, handler, "已修复。")
    services.approve_reply(handling, head)
    services.send_reply(handling, handler)
    services.rate(handling, 5, comment="处理及时")
    with pytest.raises(ValidationError, match="已经评价过"):
        services.rate(handling, 1)
    event = handling.events.get(type=EventType.RATED)
    assert event.actor is None
    assert event.payload == {"rating": 5, "comment": "处理及时"}


# --- personal data --------------------------------------------------------------------------------------


def test_personal_data_is_stored_encrypted_and_read_back_in_clear(case):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT submitter_name, submitter_phone, submitter_id_number, submitter_address, submitter_email "
            "FROM cases_case WHERE id = %s",
            [case.pk],
        )
        stored = cursor.fetchone()
    for value in stored:
        assert value.startswith("sm4gcm:1:")
    assert not any(plain in "".join(stored) for plain in CITIZEN.values())
    assert Case.objects.get(pk=case.pk).personal_data() == CITIZEN


def test_masked_data_is_what_everyone_sees_by_default(case):
    assert case.masked_personal_data() == {
        "name": "张**",
        "phone": "138****1234",
        "id_number": "1101**********1234",
        "address": "云泽市新区人***",
        "email": "z***@example.com",
    }


def test_staff_who_need_it_see_the_data_and_each_view_is_recorded(handling, handler, edu_handler, units):
    shown = services.reveal_personal_data(handling, handler, ["name", "phone"], purpose="电话回访")
    assert shown == {"name": "张三丰", "phone": "13812341234"}
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.case, log.fields, log.purpose) == (handler, handling, ["name", "phone"], "电话回访")
    with pytest.raises(CasePermissionDenied):
        services.reveal_personal_data(handling, edu_handler)
    assert PersonalDataAccess.objects.count() == 1


def test_a_case_whose_deadline_runs_into_an_unscheduled_year_is_received_with_a_provisional_deadline(units):
    case = submit(TEST_KIND, received_at=beijing(2026, 12, 30, 10, 0))
    reply = case.clocks.get(code="reply")
    # 12/31, then 2027 counted Monday–Friday: 1/1 (Fri), 1/4, 1/5, 1/6.
    assert reply.provisional
    assert reply.due_at == beijing(2027, 1, 6, 23, 59, 59)
    assert not case.clocks.get(code="triage").provisional
