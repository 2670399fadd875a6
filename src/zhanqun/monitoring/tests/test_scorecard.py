"""``zhanqun inspect``: vetoes and deductions from the monitors' findings and probes."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.monitoring import scorecard, services
from zhanqun.monitoring.enums import CheckCode
from zhanqun.monitoring.models import Probe
from zhanqun.publishing.services import site_dir

from .conftest import add_item

pytestmark = pytest.mark.django_db


def test_planted_problems_give_the_right_vetoes_and_points(published, settings):
    settings.ZHANQUN_MONITOR_RESTORE = False
    portal = published.portal
    add_item(column(portal, "tzgg"), "关于开展安全检查的通知", days_ago=200)
    (site_dir(portal) / "stray.html").write_text("x", "utf-8")
    services.run_checks([portal], [CheckCode.FRESHNESS, CheckCode.TAMPER])

    result = scorecard.evaluate(portal)

    vetoes = {v["code"]: v for v in result["vetoes"]}
    blank = vetoes["columns_blank"]
    assert blank["failed"] is (blank["value"] >= 6)
    assert vetoes["columns_stale"]["value"] == 1 and not vetoes["columns_stale"]["failed"]
    assert not vetoes["not_updated"]["failed"]
    assert not vetoes["unreachable"]["evaluated"]  # no probes yet: not judged, not failed
    assert vetoes["interaction"]["evaluated"] and not vetoes["interaction"]["failed"]
    assert vetoes["serious_errors"]["evaluated"] and vetoes["serious_errors"]["value"] == 0
    points = {d["code"]: d["points"] for d in result["deductions"]}
    assert points["stale_columns"] == 1.0
    assert points["tamper"] == 2.0
    assert points["blank_columns"] == min(blank["value"], 5)
    assert result["score"] == 100 - sum(points.values())
    assert result["passed"] is not any(v["failed"] for v in result["vetoes"])


def test_a_week_with_five_percent_failures_is_a_veto(published):
    portal = published.portal
    now = timezone.now()
    for i in range(100):
        Probe.objects.create(site=portal, url=portal.root_url + "/", at=now - timedelta(minutes=5 * i), ok=i >= 5)
    result = scorecard.evaluate(portal, now=now)
    unreachable = next(v for v in result["vetoes"] if v["code"] == "unreachable")
    assert unreachable["failed"] and unreachable["value"] == 0.05 and len(unreachable["evidence"]) == 5
    availability = next(d for d in result["deductions"] if d["code"] == "availability")
    assert availability["points"] == 5.0
    assert result["passed"] is False


def test_inspect_json_is_stable_and_exits_1_on_a_veto(published, capsys):
    portal = published.portal
    add_item(column(published.department, "zwdt"), "旧闻", days_ago=30)
    services.run_checks([published.department], [CheckCode.FRESHNESS])
    with pytest.raises(SystemExit) as exit_:
        call_command("inspect", "--site", published.department.hostname, "--json")
    assert exit_.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "site", "site_id", "site_name", "evaluated_at", "indicators", "passed", "score", "base_score", "vetoes", "deductions"
    }
    not_updated = next(v for v in data["vetoes"] if v["code"] == "not_updated")
    assert not_updated["failed"] and "30 天没有新信息" in not_updated["evidence"][0]["message"]
    assert set(not_updated["evidence"][0]) == {"id", "problem", "message", "url", "page_id", "unit", "first_seen_at"}
    assert portal.hostname != data["site"]
