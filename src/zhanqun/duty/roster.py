"""Pure roster arithmetic (no database): when a shift of a pattern on a day starts and
ends, and how a rota fills a span of days. Times are Beijing time (Asia/Shanghai has no
daylight saving, so a shift is always as long as its pattern says)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def shift_bounds(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """The moments a shift of ``day`` starts and ends. A pattern whose end is not after
    its start runs past midnight: 夜班 17:30–08:30 of 11-23 ends on 11-24 at 08:30; a
    pattern with equal start and end covers 24 hours."""
    starts = datetime.combine(day, start, tzinfo=BEIJING)
    ends = datetime.combine(day, end, tzinfo=BEIJING)
    if ends <= starts:
        ends += timedelta(days=1)
    return starts, ends


def days(first: date, last: date) -> list[date]:
    if last < first:
        raise ValueError("last < first")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def rota(span: Iterable[date], patterns: Sequence, people: Sequence, start_with: int = 0):
    """Fill ``span`` from a rota: every pattern of every day, in order, gets the next
    person of ``people`` (round robin, beginning with ``people[start_with]``). Returns
    ``[(day, pattern, person)]``."""
    if not patterns or not people:
        return []
    result = []
    n = start_with
    for day in span:
        for pattern in patterns:
            result.append((day, pattern, people[n % len(people)]))
            n += 1
    return result
