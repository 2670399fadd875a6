"""Report periods (R-SUP-3: 月普查、季通报、年报告, due by the 6th) — pure Python, no Django.

A period is a month (``2026-10``), a quarter (``2026Q3``) or a year (``2026``). Its report
is due by the 6th of the month after it ends: October's by 6 November, the third
quarter's by 6 October, 2026's by 6 January 2027 (003:25 “每月6日前”).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

DUE_DAY = 6

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


class Kind(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


KIND_LABELS = {Kind.MONTHLY: "月普查", Kind.QUARTERLY: "季通报", Kind.ANNUAL: "年报告"}
KIND_TITLES = {Kind.MONTHLY: "月普查报告", Kind.QUARTERLY: "季度通报", Kind.ANNUAL: "年度报告"}
KIND_FORMATS = {Kind.MONTHLY: "2026-10", Kind.QUARTERLY: "2026Q3", Kind.ANNUAL: "2026"}


class BadPeriod(ValueError):
    """The period's text does not name a period of its kind (the message is Chinese)."""


@dataclass(frozen=True)
class Period:
    kind: Kind
    start: date
    end: date  # the last day, inclusive

    @property
    def code(self) -> str:
        if self.kind == Kind.MONTHLY:
            return f"{self.start:%Y-%m}"
        if self.kind == Kind.QUARTERLY:
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """“2026年10月”, “2026年第三季度”, “2026年”."""
        if self.kind == Kind.MONTHLY:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == Kind.QUARTERLY:
            return f"{self.start.year}年{QUARTER_NAMES[(self.start.month - 1) // 3 + 1]}"
        return f"{self.start.year}年"

    @property
    def title(self) -> str:
        """“2026年10月网站月普查报告”, “2026年第三季度网站季度通报”, “2026年网站年度报告”."""
        return f"{self.label}网站{KIND_TITLES[self.kind]}"

    @property
    def due(self) -> date:
        """The 6th of the month after the period (R-SUP-3)."""
        return (self.end + timedelta(days=1)).replace(day=DUE_DAY)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def has_ended(self, today: date) -> bool:
        return today > self.end

    def previous(self) -> Period:
        return containing(self.kind, self.start - timedelta(days=1))


def _month_end(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def containing(kind: Kind | str, day: date) -> Period:
    """The period of ``kind`` that ``day`` falls in."""
    kind = Kind(kind)
    if kind == Kind.MONTHLY:
        return Period(kind, day.replace(day=1), _month_end(day.year, day.month))
    if kind == Kind.QUARTERLY:
        first_month = (day.month - 1) // 3 * 3 + 1
        return Period(kind, date(day.year, first_month, 1), _month_end(day.year, first_month + 2))
    return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))


def last_ended(kind: Kind | str, today: date) -> Period:
    """The latest period of ``kind`` that has ended by ``today`` (its report is due now)."""
    return containing(kind, today).previous()


_PATTERNS = {
    Kind.MONTHLY: re.compile(r"^(\d{4})-(\d{1,2})$"),
    Kind.QUARTERLY: re.compile(r"^(\d{4})[Qq]([1-4])$"),
    Kind.ANNUAL: re.compile(r"^(\d{4})$"),
}


def parse(kind: Kind | str, text: str) -> Period:
    """``parse("monthly", "2026-10")``; raises ``BadPeriod`` with a Chinese message."""
    try:
        kind = Kind(kind)
    except ValueError:
        raise BadPeriod(
            f"报告类型“{kind}”无效，应为 monthly（月普查）、quarterly（季通报）或 annual（年报告）。"
        ) from None
    text = (text or "").strip()
    match = _PATTERNS[kind].match(text)
    example = KIND_FORMATS[kind]
    if not match:
        raise BadPeriod(f"{KIND_LABELS[kind]}的期间“{text}”格式不对，应写作“{example}”。")
    year = int(match.group(1))
    if not 2000 <= year <= 2100:
        raise BadPeriod(f"年份“{year}”超出范围（2000—2100）。")
    if kind == Kind.MONTHLY:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise BadPeriod(f"月份“{month}”无效，应为 1—12。")
        return containing(kind, date(year, month, 1))
    if kind == Kind.QUARTERLY:
        return containing(kind, date(year, (int(match.group(2)) - 1) * 3 + 1, 1))
    return containing(kind, date(year, 1, 1))
