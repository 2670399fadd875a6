"""The monitoring schedule: what is due when, and catching up after a pause."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhanqun.monitoring import services
from zhanqun.monitoring.enums import CheckCode
from zhanqun.monitoring.models import MonitorRun
from zhanqun.sitegroup.enums import SiteKind
from zhanqun.sitegroup.models import SiteIdentity

pytestmark = pytest.mark.django_db


def due(site, now):
    return {code for code, _last in services.due_checks(site, now)}


def test_portals_are_probed_every_5_minutes_other_sites_every_15(published, web_server):
    portal, department = published.portal, published.department
    assert SiteIdentity.objects.get(site=portal).kind == SiteKind.PORTAL
    web_server(portal)
    now = timezone.now()
    services.run_due([portal, department], now=now)
    assert due(portal, now) == set() and due(department, now) == set()

    later = now + timedelta(minutes=6)
    assert due(portal, later) == {CheckCode.AVAILABILITY}
    assert due(department, later) == set()
    much_later = now + timedelta(minutes=16)
    assert due(department, much_later) == {CheckCode.AVAILABILITY, CheckCode.TAMPER}
    assert due(portal, now + timedelta(days=1)) == set(CheckCode.runnable())


def test_the_watcher_catches_up_once_after_a_pause_and_says_so(published, web_server, capsys):
    portal = published.portal
    web_server(portal)
    services.run_due([portal], now=timezone.now() - timedelta(days=3))
    before = MonitorRun.objects.filter(site=portal).count()
    call_command("monitor", "watch", "--once")
    out = capsys.readouterr().out
    assert "已错过预定时间，现在补做一次" in out
    # One catch-up run per monitor, not one per missed slot.
    assert MonitorRun.objects.filter(site=portal).count() - before == len(CheckCode.runnable())
    call_command("monitor", "run", "--due", "--site", portal.hostname)
    assert MonitorRun.objects.filter(site=portal).count() - before == len(CheckCode.runnable())
