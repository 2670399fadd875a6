"""Periods and the assessment's arithmetic, without a database."""

import datetime as dt

import pytest

from zhanqun.reports import assessment, periods
from zhanqun.reports.figures import case_outcome


@pytest.mark.parametrize(
    ("kind", "text", "start", "end", "due", "label"),
    [
        ("monthly", "2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 6), "2026年10月"),
        ("monthly", "2026-2", dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2026, 3, 6), "2026年2月"),
        ("monthly", "2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 6), "2026年12月"),
        ("quarterly", "2026Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 6), "2026年第三季度"),
        ("quarterly", "2026q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 6), "2026年第四季度"),
        ("annual", "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 6), "2026年"),
    ],
)
def test_periods__bounds_label_and_due_by_the_6th(kind, text, start, end, due, label):
    period = periods.parse(kind, text)
    assert (period.start, period.end, period.due, period.label) == (start, end, due, label)
    assert periods.parse(kind, period.code) == period


def test_titles():
    assert periods.parse("monthly", "2026-10").title == "2026年10月网站月普查报告"
    assert periods.parse("quarterly", "2026Q3").title == "2026年第三季度网站季度通报"
    assert periods.parse("annual", "2025").title == "2025年网站年度报告"


def test_last_ended__the_period_before_today():
    assert periods.last_ended("monthly", dt.date(2026, 11, 1)).code == "2026-10"
    assert periods.last_ended("monthly", dt.date(2026, 10, 31)).code == "2026-09"
    assert periods.last_ended("quarterly", dt.date(2026, 11, 23)).code == "2026Q3"
    assert periods.last_ended("annual", dt.date(2026, 11, 23)).code == "2025"
    assert periods.last_ended("monthly", dt.date(2027, 1, 3)).code == "2026-12"


def test_assessment__deductions_are_capped_and_the_total_is_the_weighted_mean():
    rules = {
        "dimensions": [
            {"code": "quantity", "name": "数量", "weight": 50, "rule": "ratio", "metric": "ratio"},
            {
                "code": "timeliness",
                "name": "时效",
                "weight": 50,
                "rule": "deductions",
                "deductions": [{"metric": "late", "name": "超期", "points_each": 30, "max_points": 50}],
            },
        ]
    }
    result = assessment.score({"ratio": 0.8, "late": 3}, rules)
    assert result["scores"] == {"quantity": 80.0, "timeliness": 50.0} and result["total"] == 65.0
    # Not applicable (no column to fill): the other dimensions carry the total.
    result = assessment.score({"ratio": None, "late": 1}, rules)
    assert result["scores"]["quantity"] is None and result["total"] == 70.0


def test_rank__equal_totals_share_a_place():
    rows = assessment.rank(
        [
            {"name": "乙", "total": 90, "order": 2},
            {"name": "甲", "total": 95, "order": 1},
            {"name": "丙", "total": 90, "order": 1},
        ]
    )
    assert [(r["rank"], r["name"]) for r in rows] == [(1, "甲"), (2, "丙"), (2, "乙")]


def test_the_default_rules_weigh_five_dimensions_to_100():
    rules = assessment.load_rules(assessment.DEFAULT_RULES)
    assert [d["name"] for d in rules["dimensions"]] == ["数量", "质量", "时效", "准确", "形式"]
    assert sum(d["weight"] for d in rules["dimensions"]) == 100


def _clock(code, due, stopped=None, paused=None, started=dt.datetime(2026, 10, 1, tzinfo=dt.UTC)):
    return {"code": code, "started_at": started, "due_at": due, "stopped_at": stopped, "paused_at": paused}


def test_case_outcome__as_the_dashboard_judges_clocks():
    end = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    due = dt.datetime(2026, 10, 20, tzinfo=dt.UTC)
    assert case_outcome([_clock("reply", due, stopped=due - dt.timedelta(days=1))], end) == "on_time"
    assert case_outcome([_clock("reply", due, stopped=due + dt.timedelta(days=1))], end) == "late"
    assert case_outcome([_clock("reply", due)], end) == "overdue"
    assert case_outcome([_clock("reply", due + dt.timedelta(days=30))], end) == "open"
    # Paused before the due time: judged at the pause, so not overdue.
    assert case_outcome([_clock("reply", due, paused=due - dt.timedelta(days=2))], end) == "open"
    # Replied after the end of the period: still open (and overdue) at the end.
    assert case_outcome([_clock("reply", due, stopped=end + dt.timedelta(days=2))], end) == "overdue"
    # A late triage makes the case late even when the reply was on time.
    assert (
        case_outcome(
            [_clock("triage", due - dt.timedelta(days=5), stopped=due), _clock("reply", due, stopped=due)], end
        )
        == "late"
    )
