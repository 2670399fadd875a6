"""Provisional deadlines (期限暂定): a clock that runs into a year whose holiday schedule is
not loaded is counted with weekends only and flagged, and counted again — with a timeline
entry the citizen sees — when the year is loaded (``workdays.services.load_year``).

The installed chinesecalendar covers 2026, not 2027. The 2027 schedule below is test data
shaped like a State Council notice: 元旦 1月1日–3日, 春节 2月6日–14日 with Saturday 2月20日
a make-up working day.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhanqun.cases import services
from zhanqun.cases.clocks import light_for, workdays_overdue
from zhanqun.cases.enums import EventType
from zhanqun.cases.factories import beijing, submit
from zhanqun.cases.lifecycle import recompute_provisional_clocks
from zhanqun.workdays.services import clear_calendar_cache, load_year

from .kinds import TEST_KIND

pytestmark = pytest.mark.django_db

D = datetime.date
HOLIDAYS_2027 = {
    **{D(2027, 1, d): "元旦" for d in (1, 2, 3)},
    **{D(2027, 2, d): "春节" for d in range(6, 15)},
}
WORKDAYS_2027 = {D(2027, 2, 20): "春节调休"}


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The calendar is cached per process; a year loaded in a rolled-back test must not stay."""
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def load_2027():
    return load_year(2027, HOLIDAYS_2027, WORKDAYS_2027, notice="国办发明电〔2026〕测试号")


def request_of(received_at, days=20):
    return submit(TEST_KIND, received_at=received_at, data={"reply_days": days})


def reply_clock(case):
    return case.clocks.get(code="reply")


def test_a_clock_entirely_within_a_loaded_year_is_never_provisional(units):
    spring = request_of(beijing(2026, 3, 2, 10, 0))
    december = request_of(beijing(2026, 12, 1, 10, 0), days=5)
    assert not reply_clock(spring).provisional and not reply_clock(december).provisional
    assert reply_clock(december).due_date == D(2026, 12, 8)
    assert not services.citizen_deadline(december).provisional


def test_a_deadline_running_into_a_year_without_holidays_is_provisional_and_counts_weekends_only(units):
    case = request_of(beijing(2026, 12, 8, 10, 0))
    clock = reply_clock(case)
    # 12月9日–31日 are 17 working days; 2027 counted Monday–Friday: 1月1日 (Fri), 4日, 5日.
    assert clock.provisional and clock.due_date == D(2027, 1, 5)
    assert case.due_at == beijing(2027, 1, 5, 23, 59, 59) or case.clocks.get(code="triage").due_at == case.due_at
    deadline = services.citizen_deadline(case)
    assert deadline.provisional and deadline.years_text == "2027年"
    status = services.public_status(case.query_code)
    assert status.deadline.provisional and status.deadline.due_at == clock.due_at


def test_loading_the_year_counts_every_provisional_clock_again_with_an_event_the_citizen_sees(units, dispatcher):
    december = request_of(beijing(2026, 12, 8, 10, 0))
    services.assign(december, dispatcher, units.fgw, at=beijing(2026, 12, 8, 11, 0))  # the reply clock leads
    january = request_of(beijing(2027, 1, 25, 10, 0))  # runs over 春节
    assert reply_clock(january).due_date == D(2027, 2, 22) and reply_clock(january).provisional

    load_2027()

    clock = reply_clock(december)
    assert not clock.provisional and clock.due_date == D(2027, 1, 6)  # 1月1日 is 元旦
    assert clock.original_due_at == clock.due_at
    # 春节 2月6日–14日 off, Saturday 2月20日 worked: 2月26日, not 2月22日.
    assert not reply_clock(january).provisional and reply_clock(january).due_date == D(2027, 2, 26)
    december.refresh_from_db()
    assert december.due_at == clock.due_at  # the dashboard's order and light follow

    event = december.events.get(type=EventType.CLOCK_RECOMPUTED)
    assert event.actor is None and event.actor_name == "系统"
    assert event.summary == "理由：2027年节假日安排已录入；期限：答复期限；原期限：2027-01-05；新期限：2027-01-06"
    status = services.public_status(december.query_code)
    assert not status.deadline.provisional and status.deadline.due_at == clock.due_at
    assert "期限重新计算（答复期限：2027年1月6日前）" in [label for _at, label in status.timeline]

    # Counting again changes nothing and writes nothing.
    assert recompute_provisional_clocks(year=2027) == []
    assert december.events.filter(type=EventType.CLOCK_RECOMPUTED).count() == 1


def test_a_clock_still_running_into_a_year_without_data_stays_provisional_silently(units):
    late = request_of(beijing(2027, 12, 20, 10, 0))
    load_2027()
    assert reply_clock(late).provisional  # it runs into 2028
    assert services.citizen_deadline(late).years_text == "2028年"
    # Only the triage clock (within 2027) became final: staff see it, the citizen is not told.
    event = late.events.get(type=EventType.CLOCK_RECOMPUTED)
    assert "分拣交办" in event.summary and "答复期限" not in event.summary
    assert [label for _at, label in services.public_status(late.query_code).timeline] == ["受理"]


def test_a_pause_over_the_new_year_is_measured_again_when_the_year_is_loaded(units, dispatcher, handler):
    case = request_of(beijing(2026, 12, 8, 10, 0))
    services.assign(case, dispatcher, units.fgw, at=beijing(2026, 12, 8, 11, 0))
    services.pause(case, handler, "等待申请人补充材料", at=beijing(2026, 12, 21, 10, 0))
    services.resume(case, handler, at=beijing(2027, 1, 4, 10, 0))  # resumed in a year without data
    clock = reply_clock(case)
    pause = clock.pauses.get()
    # weekends only: 12月22日–31日 (8) + 1月1日 + 1月4日 = 10 working days paused.
    assert clock.provisional and pause.shift_seconds == 10 and clock.due_date == D(2027, 1, 19)

    load_2027()

    clock.refresh_from_db()
    pause.refresh_from_db()
    # 1月1日 is a holiday: due 1月6日 before the pause, 9 working days paused.
    assert not clock.provisional and pause.shift_seconds == 9 and clock.due_date == D(2027, 1, 19)


def test_an_extension_into_a_year_without_data_takes_a_weekday_and_is_what_was_decided(units, dispatcher, handler):
    case = request_of(beijing(2026, 12, 8, 10, 0))
    services.assign(case, dispatcher, units.fgw, at=beijing(2026, 12, 8, 11, 0))
    with pytest.raises(ValidationError, match="不是工作日"):
        services.extend(case, handler, clock="reply", new_due=D(2027, 1, 9), reason="需要调查")
    services.extend(case, handler, clock="reply", new_due=D(2027, 1, 15), reason="需要调查")
    clock = reply_clock(case)
    assert clock.due_date == D(2027, 1, 15) and not clock.provisional
    load_2027()
    assert reply_clock(case).due_date == D(2027, 1, 15)


def test_the_traffic_light_and_overdue_count_work_on_new_year_s_eve_without_next_year(units):
    due = beijing(2026, 12, 31, 23, 59, 59)
    assert light_for(due, now=beijing(2026, 12, 31, 9, 0)).label == "临期"
    assert workdays_overdue(beijing(2026, 12, 30, 23, 59, 59), now=beijing(2027, 1, 4, 9, 0)) == 3


def test_the_command_lists_provisional_deadlines_and_counts_them_again_by_hand(units):
    from io import StringIO

    from django.core.management import call_command

    from zhanqun.workdays.models import CalendarDay, HolidayYear

    case = request_of(beijing(2026, 12, 8, 10, 0))

    def run(*args):
        out = StringIO()
        call_command("cases", "provisional", *args, stdout=out)
        return out.getvalue()

    assert f"{case.number}\t答复期限\t2027-01-05 23:59\t2027年节假日安排未录入" in run()
    # A year written without the service (a shell, a restored backup) sends no signal.
    year = HolidayYear.objects.create(year=2027)
    CalendarDay.objects.create(year=year, date=D(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    assert "原期限：2027-01-05；新期限：2027-01-06" in run("--recompute", "--dry-run")
    assert reply_clock(case).provisional  # the dry run saved nothing
    out = run("--recompute")
    assert "已重新计算 1 件" in out and "期限暂定的办理时限：0 项" in out
    assert reply_clock(case).due_date == D(2027, 1, 6) and not reply_clock(case).provisional
