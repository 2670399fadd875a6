"""`zhanqun cases overdue [--json]`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhanqun.cases import services
from zhanqun.cases.factories import beijing, submit

from .kinds import TEST_KIND

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("cases", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def now_oct_16(monkeypatch):
    now = beijing(2026, 10, 16, 9, 0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def test_overdue_lists_each_late_case_with_its_unit_and_working_days_late(units, dispatcher, now_oct_16):
    late = submit(TEST_KIND, subject="路面破损", received_at=beijing(2026, 9, 30, 10, 0))
    services.assign(late, dispatcher, units.fgw, at=beijing(2026, 9, 30, 10, 30))
    submit(TEST_KIND, subject="刚收到", received_at=beijing(2026, 10, 16, 8, 0))  # triage due 10:00 today

    rows = json.loads(run("overdue", "--json"))
    assert rows == [
        {
            "number": late.number,
            "kind": "test",
            "kind_label": "测试件",
            "subject": "路面破损",
            "state": "handling",
            "state_label": "办理中",
            "unit": "云泽市发展和改革委员会",
            "clock": "reply",
            "clock_label": "答复期限",
            "due_at": "2026-10-13T23:59:59+08:00",
            "workdays_overdue": 3,  # 10/14, 10/15, 10/16
        }
    ]
    text = run("overdue")
    assert late.number in text and "超期 3 个工作日" in text and "共 1 项" in text


def test_no_overdue_cases_is_not_an_error(units, now_oct_16):
    assert json.loads(run("overdue", "--json")) == []
    assert "没有超期案件" in run("overdue")
