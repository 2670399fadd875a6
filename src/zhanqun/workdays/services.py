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
