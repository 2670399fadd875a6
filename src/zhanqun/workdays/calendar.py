"""Chinese working-day calendar (工作日历) — pure Python, no Django.

This module answers "is this a working day?" and the deadline arithmetic that
the rest of Zhanqun needs (R-INT-2 response deadlines, R-DISC-3 disciplinary
deadlines): add N working days, count working days between two dates, add a
number of hours that only elapse on working days.

Data model
----------
A :class:`WorkdayCalendar` knows three things:

* ``holidays`` — official rest days (放假), including the weekend days that
  fall inside a holiday block;
* ``makeup_workdays`` — make-up working days (调休上班), always a Saturday or
  Sunday;
* ``covered_years`` — the years for which the State Council schedule is known.

Any other Monday–Friday is a working day, any other Saturday/Sunday is not.

Counting convention (法定期间计算规则)
------------------------------------
Civil Code art. 201 / Civil Procedure Law art. 85: for periods counted in
days, the day on which the event happens is **not** counted; counting starts
on the next day. Periods counted in hours start at the moment of the event.
A make-up Saturday is an ordinary working day and is counted.

Fail loudly
-----------
Every method raises :class:`YearNotCovered` for any year it needs whose
holiday schedule is unknown. We never silently fall back to "Monday–Friday",
because a deadline computed that way is wrong for about a dozen days a year.

Performance
-----------
Working days of each covered year are precomputed lazily into a sorted list of
ordinals; ``add_workdays`` and ``workdays_between`` are O(years spanned ×
log 366) thanks to :mod:`bisect`, so thousands of calls per report are cheap.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from types import MappingProxyType
from typing import Any

__all__ = [
    "CHINA_STANDARD_TIME",
    "WorkdayCalendar",
    "YearNotCovered",
    "chinesecalendar_years",
]

#: Beijing time, UTC+8 with no daylight saving since 1991. Working days are
#: defined on the Beijing wall clock.
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")

_ONE_DAY = timedelta(days=1)


class YearNotCovered(LookupError):
    """Raised when a computation needs a year whose holiday schedule is unknown.

    The message is bilingual and tells the operator how to add the year.
    (This module is pure Python, so the message is not run through gettext.)
    """

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year} 年的法定节假日/调休安排尚未录入，无法计算工作日。"
            f"请在管理后台“设置 → 工作日历”中添加 {year} 年的安排，"
            f"或运行 `zhanqun workdays import FILE` 导入，"
            f"或升级 chinesecalendar 包。"
            f" / No holiday schedule for year {year}: working days cannot be "
            f"computed. Add the year in the admin under Settings → 工作日历, "
            f"run `zhanqun workdays import FILE`, or upgrade the "
            f"chinesecalendar package."
        )


def _as_date(value: date) -> date:
    """Accept a ``date`` or ``datetime`` and return a plain ``date``.

    ``datetime`` is a subclass of ``date`` but never compares equal to one,
    so set membership would silently fail without this normalisation. An
    aware datetime is first converted to Beijing time, where working days
    are defined.
    """
    if isinstance(value, datetime):
        if value.utcoffset() is not None:
            value = value.astimezone(CHINA_STANDARD_TIME)
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected datetime.date, got {type(value).__name__}")
    return value


def chinesecalendar_years() -> frozenset[int]:
    """Years covered by the installed ``chinesecalendar`` package."""
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays}
    return frozenset(range(min(years), max(years) + 1)) if years else frozenset()


@dataclass(frozen=True)
class WorkdayCalendar:
    """An immutable working-day calendar for a set of covered years.

    Build it with :meth:`from_chinesecalendar` (package data plus overrides);
    in Django code use ``zhanqun.workdays.services.get_calendar()`` which adds
    the admin-editable table and caches the result.
    """

    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    covered_years: frozenset[int] = frozenset()
    #: Optional display names (e.g. "春节") for holiday/make-up dates.
    names: Mapping[date, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # Normalise inputs so callers may pass sets/lists.
        object.__setattr__(self, "holidays", frozenset(map(_as_date, self.holidays)))
        object.__setattr__(self, "makeup_workdays", frozenset(map(_as_date, self.makeup_workdays)))
        object.__setattr__(self, "covered_years", frozenset(map(int, self.covered_years)))
        if not isinstance(self.names, MappingProxyType):
            object.__setattr__(self, "names", MappingProxyType(dict(self.names)))
        both = self.holidays & self.makeup_workdays
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(
                f"日期不能同时是放假日和调休上班日 / dates both holiday and "
                f"make-up workday: {listed}"
            )
        # Lazily filled per-year sorted lists of working-day ordinals.
        object.__setattr__(self, "_year_cache", {})
        object.__setattr__(self, "_lock", threading.Lock())

    # ------------------------------------------------------------------
    # construction
    # ------------------------------------------------------------------
    @classmethod
    def from_chinesecalendar(
        cls,
        extra_holidays: Mapping[date, str] | Iterable[date] = (),
        extra_workdays: Mapping[date, str] | Iterable[date] = (),
        extra_years: Iterable[int] = (),
        replace_years: Iterable[int] = (),
    ) -> WorkdayCalendar:
        """Build a calendar from the ``chinesecalendar`` package plus extras.

        * ``extra_holidays`` / ``extra_workdays``: dates (or date→name maps)
          that override the package for that single day, or add new days.
          A date given as an extra holiday stops being a package make-up
          workday and vice versa.
        * ``extra_years``: years to treat as covered in addition to the
          package's years (a manually entered schedule, e.g. 2027).
        * ``replace_years``: years for which the package data is discarded
          entirely, so the extras are the complete schedule of that year
          (a manual schedule that supersedes the package). Replaced years are
          also covered.
        """
        from chinese_calendar import Holiday, constants

        chinese_names = {h.value: h.chinese for h in Holiday}
        replace = frozenset(int(y) for y in replace_years)

        holidays: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for d, label in constants.holidays.items():
            if d.year not in replace:
                holidays[d] = chinese_names.get(label, label)
        for d, label in constants.workdays.items():
            if d.year not in replace:
                workdays[d] = chinese_names.get(label, label) + "调休"

        for d, label in _named(extra_holidays).items():
            workdays.pop(d, None)
            holidays[d] = label or holidays.get(d, "")
        for d, label in _named(extra_workdays).items():
            holidays.pop(d, None)
            workdays[d] = label or workdays.get(d, "")

        names = {d: n for d, n in {**holidays, **workdays}.items() if n}
        return cls(
            holidays=frozenset(holidays),
            makeup_workdays=frozenset(workdays),
            covered_years=chinesecalendar_years() | set(extra_years) | replace,
            names=names,
        )

    # ------------------------------------------------------------------
    # queries
    # ------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        """True if the holiday schedule of ``year`` is known."""
        return year in self.covered_years

    def require_year(self, year: int) -> None:
        """Raise :class:`YearNotCovered` unless ``year`` is covered."""
        if year not in self.covered_years:
            raise YearNotCovered(year)

    def is_workday(self, d: date) -> bool:
        """True if ``d`` is a working day (工作日), make-up Saturdays included."""
        d = _as_date(d)
        self.require_year(d.year)
        return self._is_workday_unchecked(d)

    def name_of(self, d: date) -> str:
        """Holiday / make-up name of ``d`` ("" for ordinary days)."""
        return self.names.get(_as_date(d), "")

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d`` (same as ``add_workdays(d, 1)``)."""
        return self.add_workdays(d, 1)

    def add_workdays(self, start: date, n: int) -> date:
        """Return the date ``n`` working days after ``start`` (R-INT-2, R-DISC-3).

        ``start`` is the day the event happens and is not counted; counting
        starts the next day, and the result is the n-th working day after
        ``start``. A make-up Saturday counts like any working day.

        ``n == 0`` returns ``start`` unchanged even if it is a holiday:
        adding nothing is the identity, which keeps the inverse property
        ``workdays_between(s, add_workdays(s, n)) == n`` for every ``n >= 0``.
        Use :meth:`next_workday` to roll a date forward to a working day.

        The years of ``start`` and of every day up to the result must be
        covered, otherwise :class:`YearNotCovered` is raised.
        """
        start = _as_date(start)
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"n must be an int, got {type(n).__name__}")
        if n < 0:
            raise ValueError(f"工作日数不能为负数 / n must be >= 0, got {n}")
        year = start.year
        ordinals = self._workday_ordinals(year)
        index = bisect_right(ordinals, start.toordinal())
        remaining = n
        while True:
            available = len(ordinals) - index
            if remaining <= available:
                if remaining == 0:
                    return start
                return date.fromordinal(ordinals[index + remaining - 1])
            remaining -= available
            year += 1
            ordinals = self._workday_ordinals(year)
            index = 0

    def workdays_between(self, start: date, end: date) -> int:
        """Number of working days in the half-open range (start, end].

        ``start`` is excluded (the event day) and ``end`` is included, so
        ``workdays_between(d, add_workdays(d, n)) == n``. Returns 0 when
        ``end <= start``. Every year from ``start`` to ``end`` must be
        covered (checked even when the result is 0).
        """
        start, end = _as_date(start), _as_date(end)
        first, last = sorted((start.year, end.year))
        for year in range(first, last + 1):
            self.require_year(year)
        if end <= start:
            return 0
        start_ord, end_ord = start.toordinal(), end.toordinal()
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._workday_ordinals(year)
            lo = bisect_right(ordinals, start_ord) if year == start.year else 0
            hi = bisect_right(ordinals, end_ord) if year == end.year else len(ordinals)
            total += hi - lo
        return total

    def add_hours(self, start: datetime, hours: float) -> datetime:
        """Add ``hours`` that only elapse on working days.

        Hour-based periods start at the moment of the event (Civil Code
        art. 201 §2), but the clock only runs during working days
        (00:00–24:00 Beijing time): 24 hours given on a Friday at 18:00 use
        the 6 hours left on Friday and end on Monday at 18:00 (or later if
        Monday is a holiday). If ``start`` falls on a rest day the clock
        starts at 00:00 of the next working day. ``hours == 0`` returns
        ``start`` unchanged.

        Naive datetimes are read as Beijing wall-clock time. Aware datetimes
        are converted to Beijing time for the computation and the result is
        returned in the input's own tzinfo, so tz-awareness is preserved.
        """
        if not isinstance(start, datetime):
            raise TypeError(f"start must be a datetime, got {type(start).__name__}")
        if isinstance(hours, bool) or not isinstance(hours, (int, float)):
            raise TypeError(f"hours must be a number, got {type(hours).__name__}")
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"小时数必须为非负数 / hours must be >= 0, got {hours}")

        original_tz = start.tzinfo if start.utcoffset() is not None else None
        if original_tz is not None:
            local = start.astimezone(CHINA_STANDARD_TIME).replace(tzinfo=None)
        else:
            local = start
        self.require_year(local.year)

        remaining = timedelta(hours=hours)
        if remaining:
            local = self._add_working_time(local, remaining)

        if original_tz is None:
            return local
        return local.replace(tzinfo=CHINA_STANDARD_TIME).astimezone(original_tz)

    # ------------------------------------------------------------------
    # internals
    # ------------------------------------------------------------------
    def _is_workday_unchecked(self, d: date) -> bool:
        if d in self.makeup_workdays:
            return True
        if d in self.holidays:
            return False
        return d.weekday() < 5

    def _workday_ordinals(self, year: int) -> list[int]:
        """Sorted ordinals of all working days of ``year`` (cached)."""
        cache: dict[int, list[int]] = self._year_cache  # type: ignore[attr-defined]
        ordinals = cache.get(year)
        if ordinals is not None:
            return ordinals
        self.require_year(year)
        with self._lock:  # type: ignore[attr-defined]
            ordinals = cache.get(year)
            if ordinals is None:
                first = date(year, 1, 1).toordinal()
                last = date(year, 12, 31).toordinal()
                ordinals = [
                    o
                    for o in range(first, last + 1)
                    if self._is_workday_unchecked(date.fromordinal(o))
                ]
                cache[year] = ordinals
        return ordinals

    def _add_working_time(self, local: datetime, remaining: timedelta) -> datetime:
        """Core of :meth:`add_hours` on naive Beijing wall-clock time."""
        day = local.date()
        if self.is_workday(day):
            day_end = datetime.combine(day + _ONE_DAY, time(), tzinfo=local.tzinfo)
            left_today = day_end - local
            if remaining <= left_today:
                return local + remaining
            remaining -= left_today
        # ``remaining`` > 0 now has to be spent on whole working days after
        # ``day``: skip ``full`` complete days, then spend the rest on the
        # following working day.
        full, rest = divmod(remaining, _ONE_DAY)
        if rest:
            target = self.add_workdays(day, full + 1)
            return datetime.combine(target, time(), tzinfo=local.tzinfo) + rest
        target = self.add_workdays(day, full)
        return datetime.combine(target + _ONE_DAY, time(), tzinfo=local.tzinfo)

    # Pickling support (the lock and cache are process-local).
    def __getstate__(self) -> dict[str, Any]:
        return {
            "holidays": self.holidays,
            "makeup_workdays": self.makeup_workdays,
            "covered_years": self.covered_years,
            "names": dict(self.names),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        object.__setattr__(self, "names", MappingProxyType(dict(state["names"])))
        object.__setattr__(self, "_year_cache", {})
        object.__setattr__(self, "_lock", threading.Lock())


def _named(values: Mapping[date, str] | Iterable[date]) -> dict[date, str]:
    """Normalise an iterable of dates or a date→name mapping to a dict."""
    if isinstance(values, Mapping):
        return {_as_date(d): str(n or "") for d, n in values.items()}
    return {_as_date(d): "" for d in values}
