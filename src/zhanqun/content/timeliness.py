"""Publishing timeliness (发布时效, R-PUB-5) — pure Python, no Django.

Three rules say how soon an item must go live after the information was formed
(信息形成日期); ``assess`` says how late an item is against its rule, counted to its
first publication, or to ``now`` while it is not published:

========================== ===================================== ===========================
rule                       limit                                 source
========================== ===================================== ===========================
``ORDINARY``               3 calendar days after the work:       001:17 “一般情况下信息发布不应
                           the 3rd day after the formed date     迟于工作结束后的第3天”
                           is the last day allowed
``ACTIVE_DISCLOSURE``      3 working days after the formed date  002:3 “自该信息形成或者变更之日
                           (the office's rule); never more than  起3个工作日内”; 002d:13 and Art. 26
                           20 working days (the legal limit)     of the 2019 政府信息公开条例 “20个工作日内”
``SUPERIOR_POLICY_REPRINT`` 12 clock hours after the superior's   003:10, 004:16 “应在12小时内转载”
                           site published it
========================== ===================================== ===========================

Counting follows ``zhanqun.workdays``: the formed day itself is not counted
(Civil Code art. 201), so an item formed on Monday and published on Thursday was
published on the 3rd day / 3rd working day after — on time. The 12 hours are clock
hours, not working hours: the regulations ask for a reprint "within 12 hours" and
the duty officers (值班读网, R-SUP-2) read the sites every day, holidays included.

Calendar days and working days are Beijing dates; an aware ``datetime`` is read in
Beijing time. Working days come from a calendar object with ``workdays_between`` and
``add_workdays`` (``zhanqun.workdays.calendar.WorkdayCalendar``), which raises
``YearNotCovered`` when a year's holidays are unknown; ``assess`` lets it through.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from zhanqun.workdays.calendar import CHINA_STANDARD_TIME

__all__ = ["RULES", "Rule", "RuleSpec", "Status", "Timeliness", "assess"]


class Rule(enum.StrEnum):
    ORDINARY = "ordinary"
    ACTIVE_DISCLOSURE = "active_disclosure"
    SUPERIOR_POLICY_REPRINT = "superior_policy_reprint"


class Unit(enum.StrEnum):
    DAY = "day"
    WORKDAY = "workday"
    HOUR = "hour"


UNIT_LABELS = {Unit.DAY: "天", Unit.WORKDAY: "个工作日", Unit.HOUR: "小时"}


@dataclass(frozen=True)
class RuleSpec:
    rule: Rule
    limit: int
    unit: Unit
    label: str
    citation: str
    legal_limit: int | None = None


RULES: dict[Rule, RuleSpec] = {
    Rule.ORDINARY: RuleSpec(Rule.ORDINARY, 3, Unit.DAY, "一般信息：工作结束后第3天内发布", "R-PUB-5；001:17"),
    Rule.ACTIVE_DISCLOSURE: RuleSpec(
        Rule.ACTIVE_DISCLOSURE,
        3,
        Unit.WORKDAY,
        "主动公开信息：形成之日起3个工作日内发布，最长不超过20个工作日",
        "R-PUB-5；002:3，002d:13，《政府信息公开条例》第二十六条",
        legal_limit=20,
    ),
    Rule.SUPERIOR_POLICY_REPRINT: RuleSpec(
        Rule.SUPERIOR_POLICY_REPRINT,
        12,
        Unit.HOUR,
        "上级重要政策转载：原文发布后12小时内转载",
        "R-PUB-5；003:10，004:16",
    ),
}


class Status(enum.StrEnum):
    ON_TIME = "on_time"  # published within the limit
    LATE = "late"  # published after the limit
    PENDING = "pending"  # not published, limit not reached yet
    OVERDUE = "overdue"  # not published, limit passed


STATUS_LABELS = {
    Status.ON_TIME: "按时发布",
    Status.LATE: "超期发布",
    Status.PENDING: "未发布，未超期",
    Status.OVERDUE: "未发布，已超期",
}


class WorkingDays(Protocol):
    def workdays_between(self, start: date, end: date) -> int: ...

    def add_workdays(self, start: date, n: int) -> date: ...


@dataclass(frozen=True)
class Timeliness:
    """How an item stands against its rule.

    ``late_by`` is in the rule's unit (days, working days or hours; 0 when within the
    limit); ``due`` is the last day allowed (a ``date``) or, for the 12-hour rule, the
    last moment (an aware ``datetime``); ``legal_due`` is the 20th working day of an
    active-disclosure item.
    """

    spec: RuleSpec
    start: date | datetime
    due: date | datetime
    published: bool
    late_by: int
    legal_due: date | None = None
    beyond_legal_limit: bool = False

    @property
    def rule(self) -> Rule:
        return self.spec.rule

    @property
    def is_late(self) -> bool:
        return self.late_by > 0

    @property
    def status(self) -> Status:
        if self.published:
            return Status.LATE if self.is_late else Status.ON_TIME
        return Status.OVERDUE if self.is_late else Status.PENDING

    @property
    def late_label(self) -> str:
        """“超期1个工作日”, “超期2天”, “超期5小时”; empty when not late."""
        if not self.is_late:
            return ""
        return f"超期{self.late_by}{UNIT_LABELS[self.spec.unit]}"

    @property
    def label(self) -> str:
        """What the admin shows, e.g. “超期1个工作日” or “未发布，时限至2026年10月8日”."""
        status = self.status
        if status == Status.ON_TIME:
            return "按时发布"
        if status == Status.PENDING:
            return f"未发布，时限至{format_moment(self.due)}"
        text = self.late_label if status == Status.LATE else f"未发布，已{self.late_label}"
        if self.beyond_legal_limit:
            text += f"，超过法定期限（{self.spec.legal_limit}{UNIT_LABELS[self.spec.unit]}）"
        return text


def format_moment(value: date | datetime) -> str:
    """“2026年10月8日”, or with the Beijing time for a datetime: “2026年10月8日 10:00”."""
    if isinstance(value, datetime):
        value = _beijing(value)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def beijing_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return _beijing(value).date()
    return value


def _beijing(value: datetime) -> datetime:
    """An aware datetime in Beijing time; a naive one is taken as Beijing wall time."""
    if value.utcoffset() is None:
        return value.replace(tzinfo=CHINA_STANDARD_TIME)
    return value.astimezone(CHINA_STANDARD_TIME)


def assess(
    rule: Rule,
    formed: date | datetime,
    published: date | datetime | None,
    now: datetime,
    calendar: WorkingDays,
) -> Timeliness:
    """Assess one item (R-PUB-5).

    ``formed`` is the 信息形成日期, or for a superior's policy the moment the superior's
    site published it (a date alone means 00:00 of that day). ``published`` is the
    item's first publication, ``None`` while it has never been live; ``now`` then
    stands in for it.
    """
    spec = RULES[Rule(rule)]
    moment = published if published is not None else now
    is_published = published is not None

    if spec.unit == Unit.HOUR:
        start = (
            _beijing(formed)
            if isinstance(formed, datetime)
            else datetime.combine(formed, time.min, CHINA_STANDARD_TIME)
        )
        due = start + timedelta(hours=spec.limit)
        end = (
            _beijing(moment)
            if isinstance(moment, datetime)
            else datetime.combine(moment, time.max, CHINA_STANDARD_TIME)
        )
        over = (end - due).total_seconds()
        late_by = math.ceil(over / 3600) if over > 0 else 0
        return Timeliness(spec, start, due, is_published, late_by)

    start = beijing_date(formed)
    end = beijing_date(moment)
    if spec.unit == Unit.DAY:
        due = start + timedelta(days=spec.limit)
        return Timeliness(spec, start, due, is_published, max(0, (end - due).days))

    elapsed = calendar.workdays_between(start, end)
    due = calendar.add_workdays(start, spec.limit)
    legal_due = calendar.add_workdays(start, spec.legal_limit) if spec.legal_limit else None
    return Timeliness(
        spec,
        start,
        due,
        is_published,
        max(0, elapsed - spec.limit),
        legal_due=legal_due,
        beyond_legal_limit=bool(spec.legal_limit and elapsed > spec.legal_limit),
    )
