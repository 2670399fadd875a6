"""Deadline arithmetic of case clocks on the workdays calendar.

Conventions (docs/cases.md):

* **Working days** (R-INT-2, R-DISC-3): the day the case is received is not counted; the
  clock is due at the end (23:59:59 Beijing time) of the N-th working day after it
  (``workdays.add_workdays``). Holidays are skipped; a make-up Saturday counts.
* **Office hours** (R-INT-4's "within 1 hour"): only time inside
  ``settings.ZHANQUN_CASES_OFFICE_HOURS`` on working days counts (``workhours.OfficeHours``).
* **Pause**: when resumed, the due time moves later by the working time that passed
  while paused — for a day clock the working days in (paused date, resumed date]; for an
  hour clock the office time between the two moments.
* **Traffic light** (红绿灯): 超期 once past due; 临期 when due by the end of the next
  working day (due today or on the next working day); 按期 otherwise.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from zhanqun.workdays.calendar import WorkdayCalendar, YearNotCovered
from zhanqun.workdays.services import get_calendar

from .enums import ClockUnit, Light
from .workhours import DEFAULT_OFFICE_HOURS, OfficeHours

logger = logging.getLogger(__name__)

END_OF_DAY = time(23, 59, 59)


def office_hours() -> OfficeHours:
    return OfficeHours.parse(getattr(settings, "ZHANQUN_CASES_OFFICE_HOURS", DEFAULT_OFFICE_HOURS))


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def compute_due(start: datetime, amount: float, unit: str, calendar=None) -> tuple[datetime, bool]:
    """The due time, and whether it is provisional.

    A case must be received even when the deadline runs into a year whose holiday
    schedule is not entered yet (a case in late December): the due time is then counted
    Monday–Friday for the missing years and flagged provisional (期限暂定), so the
    dashboard says so; an administrator enters the year (设置 → 工作日历).
    """
    calendar = calendar or get_calendar()
    try:
        return _due(calendar, start, amount, unit), False
    except YearNotCovered as exc:
        logger.warning("provisional deadline from %s: %s", start, exc)
        first = local_date(start).year
        provisional = WorkdayCalendar(
            holidays=calendar.holidays,
            makeup_workdays=calendar.makeup_workdays,
            covered_years=calendar.covered_years | set(range(first, first + 3)),
        )
        return _due(provisional, start, amount, unit), True


def _due(calendar, start, amount, unit):
    if ClockUnit(unit) == ClockUnit.WORKDAYS:
        return end_of_day(calendar.add_workdays(local_date(start), int(amount)))
    return office_hours().add(calendar, start, timedelta(hours=amount))


def pause_shift(paused_at: datetime, resumed_at: datetime, unit: str, calendar=None) -> float:
    """How much the due time moves for a pause: working days, or seconds of office time."""
    calendar = calendar or get_calendar()
    if ClockUnit(unit) == ClockUnit.WORKDAYS:
        return float(calendar.workdays_between(local_date(paused_at), local_date(resumed_at)))
    return office_hours().between(calendar, paused_at, resumed_at).total_seconds()


def shift_due(due_at: datetime, shift: float, unit: str, calendar=None) -> datetime:
    calendar = calendar or get_calendar()
    if not shift:
        return due_at
    if ClockUnit(unit) == ClockUnit.WORKDAYS:
        return end_of_day(calendar.add_workdays(local_date(due_at), int(shift)))
    return office_hours().add(calendar, due_at, timedelta(seconds=shift))


def soon_threshold(now: datetime | None = None, calendar=None) -> datetime:
    """The end of the next working day after today: due before it means 临期."""
    calendar = calendar or get_calendar()
    now = now or timezone.now()
    return end_of_day(calendar.next_workday(local_date(now)))


def light_for(due_at: datetime | None, now: datetime | None = None) -> Light | None:
    if due_at is None:
        return None
    now = now or timezone.now()
    if due_at < now:
        return Light.OVERDUE
    if due_at <= soon_threshold(now):
        return Light.DUE_SOON
    return Light.ON_TIME


def workdays_overdue(due_at: datetime, now: datetime | None = None, calendar=None) -> int:
    """Whole working days past the due date (0 on the due day itself or when not overdue)."""
    calendar = calendar or get_calendar()
    now = now or timezone.now()
    if due_at >= now:
        return 0
    return calendar.workdays_between(local_date(due_at), local_date(now))
