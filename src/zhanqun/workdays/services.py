"""The project's working-day calendar: chinesecalendar + the admin table, cached.

Use these helpers for every deadline in Zhanqun (R-INT-2 reply deadlines,
R-DISC-3 disciplinary deadlines)::

    from zhanqun.workdays.services import get_calendar

    cal = get_calendar()              # fetch once per request / report …
    due = cal.add_workdays(received_on, 15)   # … and reuse it for every row

All functions raise :class:`~zhanqun.workdays.calendar.YearNotCovered` when a
year's schedule is unknown; callers should let it surface (it names the year
and how to add it) rather than guess.

Caching: the built calendar is kept per process. Saving or deleting a
``HolidayYear`` / ``CalendarDay`` (admin, shell, import command) clears the
local copy and bumps a version number in Django's cache framework, so other
processes sharing that cache (Redis, memcached, database cache) rebuild on
their next call. With the default per-process LocMemCache, other worker
processes pick up changes after ``LOCAL_TTL_SECONDS`` at the latest.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.db import transaction

from .calendar import WorkdayCalendar, YearNotCovered, chinesecalendar_years

__all__ = [
    "LOCAL_TTL_SECONDS",
    "YearCoverage",
    "YearNotCovered",
    "add_hours",
    "add_workdays",
    "build_calendar",
    "clear_calendar_cache",
    "coverage",
    "get_calendar",
    "invalidate_calendar_cache",
    "is_workday",
    "load_year",
    "missing_next_year",
    "YearExists",
    "next_workday",
    "workdays_between",
]

logger = logging.getLogger(__name__)

VERSION_CACHE_KEY = "zhanqun.workdays.calendar-version"
#: Upper bound on how stale another process's copy can be when the cache
#: backend is not shared between processes.
LOCAL_TTL_SECONDS = 300

_lock = threading.Lock()
_local: dict[str, object] = {"calendar": None, "version": None, "built_at": 0.0}


def build_calendar() -> WorkdayCalendar:
    """Build a fresh calendar from chinesecalendar and the database (2 queries)."""
    from .models import CalendarDay, HolidayYear

    years = dict(HolidayYear.objects.values_list("year", "source"))
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        target = holidays if kind == CalendarDay.Kind.HOLIDAY else workdays
        target[day] = name
    manual = [y for y, source in years.items() if source == HolidayYear.Source.MANUAL]
    return WorkdayCalendar.from_chinesecalendar(
        extra_holidays=holidays,
        extra_workdays=workdays,
        extra_years=years,
        replace_years=manual,
    )


def _shared_version() -> object:
    try:
        return cache.get(VERSION_CACHE_KEY)
    except Exception:  # noqa: BLE001 - fall back to the local copy and its TTL
        logger.warning("could not read the working-day calendar version", exc_info=True)
        return _local["version"]


def get_calendar() -> WorkdayCalendar:
    """The current calendar, rebuilt only after the holiday tables changed."""
    version = _shared_version()
    now = time.monotonic()
    calendar = _local["calendar"]
    if (
        calendar is not None
        and _local["version"] == version
        and now - float(_local["built_at"]) < LOCAL_TTL_SECONDS  # type: ignore[arg-type]
    ):
        return calendar  # type: ignore[return-value]
    with _lock:
        calendar = build_calendar()
        _local.update(calendar=calendar, version=version, built_at=now)
    return calendar


def _clear_local() -> None:
    with _lock:
        _local.update(calendar=None, version=None, built_at=0.0)


def clear_calendar_cache() -> None:
    """Drop the cached calendar here and bump the shared version (no DB access)."""
    _clear_local()
    try:
        cache.set(VERSION_CACHE_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001 - a cache outage must not block saving
        logger.warning("could not bump the working-day calendar version", exc_info=True)


def invalidate_calendar_cache() -> None:
    """Forget the cached calendar here and in every process sharing the cache.

    Called from the model signal handlers and by the import command. The
    cache is cleared at once and again after the surrounding transaction
    commits, so a concurrent request cannot keep a pre-commit snapshot.
    """
    clear_calendar_cache()
    transaction.on_commit(clear_calendar_cache)


# ---------------------------------------------------------------------------
# convenience wrappers (one cache lookup per call; prefer get_calendar() in loops)
# ---------------------------------------------------------------------------
def is_workday(d: date) -> bool:
    return get_calendar().is_workday(d)


def add_workdays(start: date, n: int) -> date:
    return get_calendar().add_workdays(start, n)


def workdays_between(start: date, end: date) -> int:
    return get_calendar().workdays_between(start, end)


def add_hours(start: datetime, hours: float) -> datetime:
    return get_calendar().add_hours(start, hours)


def next_workday(d: date) -> date:
    return get_calendar().next_workday(d)


# ---------------------------------------------------------------------------
# coverage report (used by `zhanqun workdays years`)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class YearCoverage:
    year: int
    #: "chinesecalendar", "chinesecalendar+db" (package + corrections) or "manual".
    source: str
    notice: str = ""
    db_days: int = 0


#: From this day of the year (month, day), a missing next year is warned about:
#: the State Council usually publishes the schedule in late October to mid-December.
NEXT_YEAR_WARNING_FROM = (11, 1)


def today() -> date:
    """The local date (a function of its own so tests can move it)."""
    from django.utils import timezone

    return timezone.localdate()


def missing_next_year(on: date | None = None) -> int | None:
    """Next year, if it is 1 November or later and next year's schedule is not loaded.

    Used by the warnings on the 系统管理员 / 站点管理员 dashboards, the 工作日历
    screen and ``zhanqun workdays years``. ``on`` defaults to the local date.
    """
    on = on or today()
    if (on.month, on.day) < NEXT_YEAR_WARNING_FROM:
        return None
    next_year = on.year + 1
    return None if get_calendar().covers(next_year) else next_year


def coverage() -> list[YearCoverage]:
    """Every covered year with where its schedule comes from, oldest first."""
    from django.db.models import Count

    from .models import HolidayYear

    rows = {
        y.year: y for y in HolidayYear.objects.annotate(day_count=Count("days")).order_by("year")
    }
    result = []
    for year in sorted(chinesecalendar_years() | set(rows)):
        row = rows.get(year)
        if row is None:
            result.append(YearCoverage(year, "chinesecalendar"))
        elif row.source == HolidayYear.Source.MANUAL:
            result.append(YearCoverage(year, "manual", row.notice, row.day_count))
        else:
            result.append(YearCoverage(year, "chinesecalendar+db", row.notice, row.day_count))
    return result


# ---------------------------------------------------------------------------
# loading a year (the single entry point: commands and the admin screen)
# ---------------------------------------------------------------------------
class YearExists(Exception):
    """``load_year`` without ``replace`` for a year the database already holds."""

    def __init__(self, holiday_year):
        self.holiday_year = holiday_year
        super().__init__(holiday_year.year)


def load_year(
    year: int,
    holidays: Mapping[date, str],
    workdays: Mapping[date, str],
    *,
    notice: str = "",
    published_on: date | None = None,
    note: str = "",
    replace: bool = False,
    user=None,
    origin: str = "import",
):
    """Write one year's complete schedule as a manual year and send ``year_loaded``.

    ``holidays`` / ``workdays`` map each date to its name (“春节”, “春节调休”).
    Days of the previous December (a notice's 元旦 that starts in the old year, or a
    make-up day before it, as in the 2008 and 2012 notices) are written to the previous
    year: as corrections of the package data when chinesecalendar covers that year,
    or added to it when it is a manual year in the database. A previous year that is
    not covered at all is refused (the rows would mark it covered with two days).

    All or nothing (one transaction). Raises ``YearExists`` when the year is in the
    database and ``replace`` is false, ``django.core.exceptions.ValidationError``
    for an invalid day. Returns the saved ``HolidayYear``.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .models import CalendarDay, HolidayYear

    days = [(d, CalendarDay.Kind.HOLIDAY, n) for d, n in holidays.items()]
    days += [(d, CalendarDay.Kind.WORKDAY, n) for d, n in workdays.items()]
    days.sort()
    previous = [row for row in days if row[0].year == year - 1 and row[0].month == 12]
    stray = [d for d, _k, _n in days if d.year != year and (d, _k, _n) not in previous]
    if stray:
        raise ValidationError(
            _("%(date)s 不属于 %(year)s 年的安排。") % {"date": stray[0].isoformat(), "year": year}
        )
    with transaction.atomic():
        existing = HolidayYear.objects.select_for_update().filter(year=year).first()
        if existing is not None and not replace:
            raise YearExists(existing)
        if existing is not None:
            existing.days.all().delete()
            holiday_year = existing
        else:
            holiday_year = HolidayYear(year=year)
        holiday_year.source = HolidayYear.Source.MANUAL
        holiday_year.notice = notice
        holiday_year.published_on = published_on
        holiday_year.note = note
        holiday_year.full_clean()
        holiday_year.save()
        if previous:
            prev_year = HolidayYear.objects.select_for_update().filter(year=year - 1).first()
            if prev_year is None:
                if year - 1 not in chinesecalendar_years():
                    raise ValidationError(
                        _(
                            "%(year)s 年的安排包含 %(prev)s 年 12 月的日期，但 %(prev)s 年的放假安排"
                            "尚未录入，请先录入 %(prev)s 年。"
                        )
                        % {"year": year, "prev": year - 1}
                    )
                prev_year = HolidayYear(
                    year=year - 1,
                    source=HolidayYear.Source.CHINESECALENDAR,
                    note=_("含 %(year)s 年放假安排中跨年的日期") % {"year": year},
                )
                prev_year.full_clean()
                prev_year.save()
            CalendarDay.objects.filter(year=prev_year, date__in=[d for d, _k, _n in previous]).delete()
        for day, kind, name in days:
            parent = holiday_year if day.year == year else prev_year
            row = CalendarDay(year=parent, date=day, kind=kind, name=name)
            row.full_clean()
            row.save()
        invalidate_calendar_cache()
    send_year_loaded(holiday_year, user=user, origin=origin)
    return holiday_year


def send_year_loaded(holiday_year, *, user=None, origin: str = "admin") -> None:
    """Send ``signals.year_loaded`` for a saved year; a failing receiver is logged, not raised."""
    from .signals import year_loaded

    for receiver, response in year_loaded.send_robust(
        sender=type(holiday_year),
        holiday_year=holiday_year,
        year=holiday_year.year,
        user=user,
        origin=origin,
    ):
        if isinstance(response, Exception):
            logger.error(
                "year_loaded receiver %r failed for %s",
                receiver,
                holiday_year.year,
                exc_info=(type(response), response, response.__traceback__),
            )
