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
* **Provisional** (期限暂定): a deadline that runs into a year whose holiday schedule is
  not loaded is counted with weekends only for that year and flagged; it is counted
  again (``recompute_due``, ``lifecycle.recompute_provisional_clocks``) when the year
  is loaded.
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


#: How far past the last covered year a provisional count may run (a clock of 20
#: working days received on 31 December needs one more year; an extension or a long
#: pause a few more).
PROVISIONAL_SPAN_YEARS = 5


def weekends_only(calendar: WorkdayCalendar, *years: int) -> WorkdayCalendar:
    """``calendar`` with every uncovered year from the earliest of ``years`` to a few years
    after the latest treated as covered with no holidays (Monday–Friday working days)."""
    first = min(years)
    last = max(max(years), max(calendar.covered_years, default=first)) + PROVISIONAL_SPAN_YEARS
    key = (id(calendar), first, last)
    cached = _weekends_only_cache.get(key)
    if cached is not None and cached[0] is calendar:
        return cached[1]
    result = WorkdayCalendar(
        holidays=calendar.holidays,
        makeup_workdays=calendar.makeup_workdays,
        covered_years=calendar.covered_years | set(range(first, last + 1)),
        names=calendar.names,
    )
    if len(_weekends_only_cache) > 16:
        _weekends_only_cache.clear()
    _weekends_only_cache[key] = (calendar, result)
    return result


#: (id of the calendar, first, last) → (that calendar, its weekends-only extension): the
#: dashboard asks for the same one for every row on 31 December.
_weekends_only_cache: dict[tuple[int, int, int], tuple[WorkdayCalendar, WorkdayCalendar]] = {}


def lenient(calendar, compute, *moments):
    """``compute(calendar)``, or — when it needs a year the calendar lacks — the same on
    :func:`weekends_only`; returns ``(result, provisional)``."""
    try:
        return compute(calendar), False
    except YearNotCovered as exc:
        logger.info("provisional deadline (%s): %s", ", ".join(str(m) for m in moments), exc.year)
        years = [local_date(m).year if isinstance(m, datetime) else m.year for m in moments]
        return compute(weekends_only(calendar, *years, exc.year)), True


def uncovered_years(start: datetime, due: datetime, calendar=None) -> list[int]:
    """The years from ``start`` to ``due`` whose holiday schedule is not loaded."""
    calendar = calendar or get_calendar()
    first, last = sorted((local_date(start).year, local_date(due).year))
    return [year for year in range(first, last + 1) if not calendar.covers(year)]


def compute_due(start: datetime, amount: float, unit: str, calendar=None) -> tuple[datetime, bool]:
    """The due time, and whether it is provisional.

    A case must be received even when the deadline runs into a year whose holiday
    schedule is not entered yet (a case in late December): the due time is then counted
    Monday–Friday for the missing years and flagged provisional (期限暂定), so the
    citizen and the staff are told; loading the year counts it again
    (``lifecycle.recompute_provisional_clocks``).
    """
    calendar = calendar or get_calendar()
    return lenient(calendar, lambda cal: _due(cal, start, amount, unit), start)


def _due(calendar, start, amount, unit):
    if ClockUnit(unit) == ClockUnit.WORKDAYS:
        return end_of_day(calendar.add_workdays(local_date(start), int(amount)))
    return office_hours().add(calendar, start, timedelta(hours=amount))


def pause_shift(paused_at: datetime, resumed_at: datetime, unit: str, calendar=None) -> float:
    """How much the due time moves for a pause: working days, or seconds of office time."""
    return measure_pause(paused_at, resumed_at, unit, calendar)[0]


def measure_pause(paused_at: datetime, resumed_at: datetime, unit: str, calendar=None) -> tuple[float, bool]:
    """:func:`pause_shift` and whether it was counted provisionally (a pause over a year
    without holiday data)."""
    calendar = calendar or get_calendar()

    def compute(cal):
        if ClockUnit(unit) == ClockUnit.WORKDAYS:
            return float(cal.workdays_between(local_date(paused_at), local_date(resumed_at)))
        return office_hours().between(cal, paused_at, resumed_at).total_seconds()

    return lenient(calendar, compute, paused_at, resumed_at)


def shift_due(due_at: datetime, shift: float, unit: str, calendar=None) -> datetime:
    return shift_due_provisionally(due_at, shift, unit, calendar)[0]


def shift_due_provisionally(due_at: datetime, shift: float, unit: str, calendar=None) -> tuple[datetime, bool]:
    """:func:`shift_due` and whether the new due time is provisional."""
    calendar = calendar or get_calendar()
    if not shift:
        return due_at, False

    def compute(cal):
        if ClockUnit(unit) == ClockUnit.WORKDAYS:
            return end_of_day(cal.add_workdays(local_date(due_at), int(shift)))
        return office_hours().add(cal, due_at, timedelta(seconds=shift))

    return lenient(calendar, compute, due_at)


def recompute_due(clock, calendar=None) -> tuple[datetime, datetime, bool, dict]:
    """A clock counted again from its start on ``calendar`` (by default the current one):
    ``(original_due, due, provisional, pause_shifts)``.

    The history is replayed in order: the amount from ``started_at``; each extension since
    then sets the date a person chose (it stays as decided); each closed pause since then
    moves the due time later by the working time paused, measured again
    (``pause_shifts``: pause id → new shift). Pauses and extensions from before a restart
    (``started_at`` later than them) no longer count, as when the clock was restarted.
    """
    calendar = calendar or get_calendar()
    original, provisional = compute_due(clock.started_at, clock.amount, clock.unit, calendar)
    steps = [(e.at, 0, e) for e in clock.extensions.all() if e.at >= clock.started_at]
    steps += [(p.resumed_at, 1, p) for p in clock.pauses.all() if p.paused_at >= clock.started_at and p.resumed_at]
    due, shifts = original, {}
    for _at, kind, step in sorted(steps, key=lambda s: (s[0], s[1], s[2].pk)):
        if kind == 0:
            due, provisional = step.new_due_at, False
            continue
        shift, shift_provisional = measure_pause(step.paused_at, step.resumed_at, clock.unit, calendar)
        due, due_provisional = shift_due_provisionally(due, shift, clock.unit, calendar)
        provisional = provisional or shift_provisional or due_provisional
        shifts[step.pk] = shift
    return original, due, provisional, shifts


def soon_threshold(now: datetime | None = None, calendar=None) -> datetime:
    """The end of the next working day after today: due before it means 临期."""
    calendar = calendar or get_calendar()
    now = now or timezone.now()
    today = local_date(now)
    return end_of_day(lenient(calendar, lambda cal: cal.next_workday(today), today)[0])


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
    due_day, today = local_date(due_at), local_date(now)
    return lenient(calendar, lambda cal: cal.workdays_between(due_day, today), due_day, today)[0]
