"""重新计时 and 终止办理 (``cases.lifecycle``), around the 2026 National Day holiday."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhanqun.cases import services
from zhanqun.cases.enums import Action, ClockStatus, EventType
from zhanqun.cases.factories import beijing, submit
from zhanqun.cases.kinds import CaseKind, ClockSpec, InvalidTransition, State, Transition, register_kind
from zhanqun.cases.lifecycle import close_case, restart_clock
from zhanqun.cases.permissions import CasePermissionDenied

pytestmark = pytest.mark.django_db

KIND = register_kind(
    CaseKind(
        code="test_lifecycle",
        label="测试申请",
        prefix="CL",
        states=[State("handling", "办理中"), State("replied", "已答复", final=True), State("closed", "已终止", final=True)],
        initial_state="handling",
        transitions={
            Action.PAUSE: Transition(["handling"]),
            Action.RESUME: Transition(["handling"]),
            Action.RESTART: Transition(["handling"]),
            Action.CLOSE: Transition(["handling"], "closed"),
        },
        clocks=[ClockSpec("reply", "答复期限", amount=20, stops_on=[Action.SEND_REPLY])],
    ),
    replace=True,
)


@pytest.fixture
def case(units):
    return submit(KIND, unit=units.fgw, received_at=beijing(2026, 9, 25, 10, 0))


def test_restart__counts_the_whole_amount_again_from_the_new_start_across_the_holiday(case, handler):
    clock = case.clocks.get()
    assert clock.due_date == datetime.date(2026, 10, 29)  # 20 working days after 9/25, 10/1–7 off
    services.pause(case, handler, "等待申请人补正", at=beijing(2026, 9, 28, 9, 0))
    restart_clock(case, handler, clock="reply", reason="收到补正后的申请", at=beijing(2026, 10, 9, 15, 0))
    clock.refresh_from_db()
    # 20 working days after 10/9: 10/10 (make-up Saturday), 10/12 … 11/5
    assert clock.due_date == datetime.date(2026, 11, 5)
    assert clock.paused_at is None and clock.pauses.get().resumed_at is not None
    event = case.events.last()
    assert event.type == EventType.CLOCK_RESTARTED and event.payload["reason"] == "收到补正后的申请"
    case.refresh_from_db()
    assert case.due_at == clock.due_at


def test_restart__needs_a_reason_and_the_handling_unit(case, handler, dispatcher, units):
    from zhanqun.content.tests.conftest import staff
    from zhanqun.units.enums import Role

    with pytest.raises(ValidationError):
        restart_clock(case, handler, clock="reply", reason=" ")
    outsider = staff("edu_editor", units.education, Role.UNIT_EDITOR)
    with pytest.raises(CasePermissionDenied):
        restart_clock(case, outsider, clock="reply", reason="补正")


def test_close__ends_the_case_without_a_reply_and_stops_its_clocks(case):
    close_case(case, None, "申请人逾期未补正", at=beijing(2026, 10, 20, 9, 0))
    case.refresh_from_db()
    assert case.state == "closed" and case.is_final and case.closed_at is not None
    assert case.clocks.get().status() == ClockStatus.MET
    assert case.events.last().type == EventType.CLOSED
    with pytest.raises(InvalidTransition):
        close_case(case, None, "再次终止")
