"""Working hours (工作小时) on the working-day calendar — pure Python, no Django.

An hour clock (R-INT-4: an error report is triaged and forwarded "within 1 hour") runs
only during office hours on working days. The workdays calendar's own ``add_hours``
counts whole 24-hour working days; a case's "1 hour" means an hour of office time, so
this module adds office hours on top of it::

    hours = OfficeHours.parse([("09:00", "12:00"), ("13:30", "17:30")])
    hours.add(calendar, received_at, timedelta(hours=1))
    hours.between(calendar, paused_at, resumed_at)       # office time elapsed

Naive datetimes are Beijing wall-clock time; aware ones are converted to Beijing time
and the result is returned in the input's timezone. Something received outside office
hours starts counting at the next opening: received Friday 20:00, 1 hour → Monday 10:00
(or the next working day after a holiday; a make-up Saturday is a working day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from zhanqun.workdays.calendar import CHINA_STANDARD_TIME, WorkdayCalendar

__all__ = ["OfficeHours", "DEFAULT_OFFICE_HOURS"]

#: 9:00–12:00 and 13:30–17:30: the usual office hours of a Chinese government body.
DEFAULT_OFFICE_HOURS = (("09:00", "12:00"), ("13:30", "17:30"))


def _parse_time(value) -> time:
    if isinstance(value, time):
        return value
    return time.fromisoformat(str(value))


@dataclass(frozen=True)
class OfficeHours:
    """The daily office periods, sorted and non-overlapping, the same every working day."""

    periods: tuple[tuple[time, time], ...]

    @classmethod
    def parse(cls, periods: Iterable[tuple[object, object]] = DEFAULT_OFFICE_HOURS) -> OfficeHours:
        parsed = tuple(sorted((_parse_time(a), _parse_time(b)) for a, b in periods))
        if not parsed:
            raise ValueError("办公时间不能为空 / office hours must have at least one period")
        previous_end = None
        for start, end in parsed:
            if end <= start:
                raise ValueError(f"办公时段 {start}–{end} 无效 / period ends before it starts")
            if previous_end is not None and start < previous_end:
                raise ValueError(f"办公时段重叠 / overlapping office periods at {start}")
            previous_end = end
        return cls(parsed)

    @property
    def per_day(self) -> timedelta:
        """Office time in one working day (7 hours for 9–12 and 13:30–17:30)."""
        return sum((_span(a, b) for a, b in self.periods), timedelta())

    # ------------------------------------------------------------------
    def add(self, calendar: WorkdayCalendar, start: datetime, amount: timedelta) -> datetime:
        """The moment ``amount`` of office time after ``start``.

        If the amount runs out exactly at a period's end, the result is that end
        (17:30), not the next opening.
        """
        if amount < timedelta(0):
            raise ValueError("amount must be >= 0")
        local, tz = _to_local(start)
        remaining = amount
        day = local.date()
        moment = local
        while True:
            if calendar.is_workday(day):
                for p_start, p_end in self.periods:
                    open_at = datetime.combine(day, p_start)
                    close_at = datetime.combine(day, p_end)
                    if moment >= close_at:
                        continue
                    begin = max(moment, open_at)
                    available = close_at - begin
                    if remaining <= available:
                        return _from_local(begin + remaining, tz)
                    remaining -= available
                    moment = close_at
            # Skip whole working days in one step when the rest spans several.
            day = day + timedelta(days=1)
            moment = datetime.combine(day, time())
            per_day = self.per_day
            if remaining > per_day:
                whole = (remaining - timedelta(microseconds=1)) // per_day
                if whole:
                    target = calendar.add_workdays(day - timedelta(days=1), whole)
                    remaining -= per_day * whole
                    day = target + timedelta(days=1)
                    moment = datetime.combine(day, time())

    def between(self, calendar: WorkdayCalendar, start: datetime, end: datetime) -> timedelta:
        """Office time in [start, end) on working days; zero when end <= start."""
        a, _tz = _to_local(start)
        b, _tz = _to_local(end)
        if b <= a:
            return timedelta(0)
        total = timedelta(0)
        first, last = a.date(), b.date()
        # Whole working days strictly between the two dates, counted in one step.
        if (last - first).days > 1:
            inner = calendar.workdays_between(first, last - timedelta(days=1))
            total += self.per_day * inner
            days = (first, last)
        else:
            days = tuple(sorted({first, last}))
        for day in days:
            if not calendar.is_workday(day):
                continue
            for p_start, p_end in self.periods:
                lo = max(a, datetime.combine(day, p_start))
                hi = min(b, datetime.combine(day, p_end))
                if hi > lo:
                    total += hi - lo
        return total

    def is_open(self, calendar: WorkdayCalendar, moment: datetime) -> bool:
        local, _tz = _to_local(moment)
        if not calendar.is_workday(local.date()):
            return False
        return any(a <= local.time() < b for a, b in self.periods)


def _span(a: time, b: time) -> timedelta:
    day = date(2000, 1, 1)
    return datetime.combine(day, b) - datetime.combine(day, a)


def _to_local(moment: datetime):
    if moment.utcoffset() is None:
        return moment, None
    return moment.astimezone(CHINA_STANDARD_TIME).replace(tzinfo=None), moment.tzinfo


def _from_local(local: datetime, tz):
    if tz is None:
        return local
    return local.replace(tzinfo=CHINA_STANDARD_TIME).astimezone(tz)
