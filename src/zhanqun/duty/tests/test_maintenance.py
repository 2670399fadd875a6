"""维护公告 (R-SITE-5): announced at least one working day ahead; announcing makes a draft
通知公告 on each site, never a published one. 安全事件 recorded by hand."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.content.models import NoticePage
from zhanqun.duty import services
from zhanqun.duty.models import Incident, MaintenanceNotice
from zhanqun.duty.roster import BEIJING

from .conftest import client_for

FMT = "%Y-%m-%d %H:%M"


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def test_maintenance_must_be_announced_a_working_day_ahead__holidays_do_not_count():
    now = at("2026-09-30 10:00")  # the day before the National Day holiday
    with pytest.raises(ValidationError) as refused:
        services.validate_maintenance(at("2026-10-03 22:00"), at("2026-10-04 02:00"), now)
    assert "至少提前 1 个工作日" in refused.value.message_dict["starts_at"][0]
    assert "2026-10-08 00:00" in refused.value.message_dict["starts_at"][0]
    services.validate_maintenance(at("2026-10-08 22:00"), at("2026-10-09 02:00"), now)
    with pytest.raises(ValidationError, match="结束时间应晚于开始时间"):
        services.validate_maintenance(at("2026-10-09 22:00"), at("2026-10-09 21:00"), now)


def post_notice(client, site, approver, starts):
    return client.post(
        reverse("duty_maintenance:add"),
        {
            "title": "关于网站系统维护的公告",
            "sites": [site.pk],
            "starts_at": starts.strftime(FMT),
            "ends_at": (starts + timedelta(hours=3)).strftime(FMT),
            "reason": "服务器安全补丁升级。",
            "approved_by": approver.pk,
        },
    )


def test_a_notice_too_late_is_refused_and_nothing_is_written(site_group, operator, reviewer):
    client = client_for(operator)
    response = post_notice(
        client, site_group.department, reviewer, timezone.localtime(timezone.now() + timedelta(hours=2), BEIJING)
    )
    assert response.status_code == 200
    assert "至少提前 1 个工作日" in response.content.decode()
    assert not MaintenanceNotice.objects.exists()
    assert not NoticePage.objects.filter(title="关于网站系统维护的公告").exists()


def test_announcing_puts_a_draft_notice_in_the_sites_notice_column(site_group, operator, reviewer):
    starts = services.earliest_maintenance_start() + timedelta(hours=22)
    response = post_notice(client_for(operator), site_group.department, reviewer, starts)
    assert response.status_code == 302
    notice = MaintenanceNotice.objects.get()
    assert notice.created_by == operator and notice.approved_by == reviewer
    draft = NoticePage.objects.get(title="关于网站系统维护的公告")
    assert draft.get_parent().pk == column(site_group.department, "tzgg").pk
    assert not draft.live and draft.latest_revision is not None  # reviewed and published as usual
    assert starts.strftime("%Y年%m月%d日") in draft.body
    assert list(notice.notice_pages.values_list("pk", flat=True)) == [draft.pk]


def test_an_incident_is_recorded_with_whom_it_was_reported_to(site_group, operator):
    client = client_for(operator)
    now = timezone.localtime(timezone.now(), BEIJING)
    data = {
        "title": "门户网站遭受异常访问",
        "kind": "other",
        "severity": "general",
        "site": site_group.portal.pk,
        "occurred_at": (now - timedelta(hours=3)).strftime(FMT),
        "discovered_at": (now - timedelta(hours=2)).strftime(FMT),
        "actions_taken": "已封禁来源地址。",
        "reported_at": now.strftime(FMT),
    }
    response = client.post(reverse("duty_incidents:add"), data)
    assert response.status_code == 200 and "请同时填写报告对象" in response.content.decode()
    response = client.post(reverse("duty_incidents:add"), {**data, "reported_to": "市委网信办"})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.reported and incident.created_by == operator
