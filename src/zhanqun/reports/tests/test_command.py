"""`zhanqun reports generate`: one period, or every due report (--due) — idempotent,
and by the 6th of the month after the period; bad periods exit non-zero in Chinese."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhanqun.reports import periods, services
from zhanqun.reports.models import Report

from .conftest import at

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("reports", *args, stdout=out)
    return out.getvalue()


def test_generate_one_period__then_again_changes_nothing(planted):
    out = run("generate", "--kind", "monthly", "--period", "2026-10")
    report = Report.objects.get()
    assert "已生成：2026年10月网站月普查报告" in out and "报送期限 2026-11-06" in out
    assert report.data["totals"]["items"] == 4
    assert "已存在，未重新生成" in run("generate", "--kind", "monthly", "--period", "2026-10")
    assert Report.objects.count() == 1

    run("generate", "--kind", "quarterly", "--period", "2026Q3")
    run("generate", "--kind", "annual", "--period", "2025")
    assert sorted(Report.objects.values_list("kind", "period_start", "period_end", "due_date")) == [
        ("annual", dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 6)),
        ("monthly", dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 6)),
        ("quarterly", dt.date(2026, 7, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 6)),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "monthly", "--period", "2026-13"], "月份“13”无效"),
        (["--kind", "monthly", "--period", "十月"], "格式不对，应写作“2026-10”"),
        (["--kind", "quarterly", "--period", "2026Q5"], "应写作“2026Q3”"),
        (["--kind", "weekly", "--period", "2026-10"], "报告类型“weekly”无效"),
        (["--kind", "annual", "--period", "2099"], "2099年尚未结束"),
        (["--kind", "monthly"], "请用 --kind 和 --period 指定报告"),
        (["--due", "--kind", "monthly"], "--due 不能与"),
        (["--due", "--since", "2026-1x"], "--since"),
    ],
)
def test_bad_input_exits_with_a_chinese_message_and_writes_nothing(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("generate", *args)
    assert not Report.objects.exists()


def test_due__only_ended_periods__by_the_6th__and_idempotent(planted):
    # 31 October: October has not ended, so its report is not due; September's is.
    made = services.generate_due(today=dt.date(2026, 10, 31), now=at(dt.date(2026, 10, 31)))
    assert [(p.code, created) for p, _r, created in made] == [("2026-09", True), ("2026Q3", True), ("2025", True)]
    assert not Report.objects.filter(kind="monthly", period_start=dt.date(2026, 10, 1)).exists()

    # 1 November: October's report is made, due by 6 November, and on time.
    made = services.generate_due(today=dt.date(2026, 11, 1), now=at(dt.date(2026, 11, 1)))
    assert [(p.code, created) for p, _r, created in made] == [("2026-10", True), ("2026Q3", False), ("2025", False)]
    october = Report.objects.get(kind="monthly", period_start=dt.date(2026, 10, 1))
    assert october.due_date == dt.date(2026, 11, 6) and october.generated_on_time
    assert october.data["totals"]["items"] == 4

    # Again on 3 November: nothing new.
    count = Report.objects.count()
    made = services.generate_due(today=dt.date(2026, 11, 3), now=at(dt.date(2026, 11, 3)))
    assert not any(created for _p, _r, created in made) and Report.objects.count() == count


def test_due__the_command_reports_what_it_did_and_a_second_run_makes_nothing(db):
    today = timezone.localdate()
    expected = [periods.last_ended(kind, today).title for kind in periods.Kind]
    first = run("generate", "--due")
    for title in expected:
        assert f"已生成：{title}" in first
    assert "共生成 3 份报告。" in first
    second = run("generate", "--due")
    assert "共生成 0 份报告。" in second and all(f"已存在：{t}" in second for t in expected)
    assert Report.objects.count() == 3
    assert "已存在" in run("generate", "--due", "--dry-run")


def test_due_since__fills_in_missed_months(db):
    latest = periods.last_ended("monthly", timezone.localdate())
    since = latest.previous().previous()
    run("generate", "--due", "--since", since.code)
    months = sorted(Report.objects.filter(kind="monthly").values_list("period_start", flat=True))
    assert months == [since.start, latest.previous().start, latest.start]
