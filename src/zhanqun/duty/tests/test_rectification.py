"""整改: a finding becomes a case for the responsible unit with a deadline in working
days; closing re-runs the check (or needs the re-read of the person on duty)."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zhanqun.cases import services as cases
from zhanqun.cases.models import Case
from zhanqun.conftest import column
from zhanqun.duty import services
from zhanqun.duty.enums import QueueStatus, ReadingResult
from zhanqun.duty.models import ChecklistItem, QueueEntry, RectificationDeadline
from zhanqun.duty.roster import BEIJING
from zhanqun.monitoring import services as monitoring
from zhanqun.monitoring.enums import CheckCode, FindingStatus, Problem
from zhanqun.monitoring.models import Finding
from zhanqun.monitoring.tests.conftest import add_item

from .conftest import client_for


def blank_finding(site, at):
    return Finding.objects.create(
        site=site, monitor=CheckCode.FRESHNESS, problem=Problem.COLUMN_BLANK, fingerprint="column:1",
        message="空白栏目：政策解读", first_seen_at=at, last_seen_at=at,
    )  # fmt: skip


def test_the_deadline_is_counted_on_working_days_across_national_day(site_group, operator):
    received = datetime(2026, 9, 30, 10, 0, tzinfo=BEIJING)
    finding = blank_finding(site_group.department, received)  # no unit: the site's owner
    rect = services.open_rectification(finding, operator, at=received)
    case = rect.case
    assert case.kind == "rectification" and case.number.startswith("ZG-2026-")
    assert case.unit == site_group.units.fgw
    # 空白栏目: 3 working days. 10/1–10/7 off; 10/8, 10/9 and the make-up Saturday 10/10.
    assert timezone.localtime(case.due_at, BEIJING).date() == date(2026, 10, 10)
    assert Case.objects.overdue(now=datetime(2026, 10, 12, 9, 0, tzinfo=BEIJING)).filter(pk=case.pk).exists()

    RectificationDeadline.objects.update_or_create(problem=Problem.COLUMN_BLANK, defaults={"workdays": 1})
    other = Finding.objects.create(
        site=site_group.portal, monitor=CheckCode.FRESHNESS, problem=Problem.COLUMN_BLANK, fingerprint="column:2",
        message="空白栏目", first_seen_at=received, last_seen_at=received,
    )  # fmt: skip
    assert timezone.localtime(
        services.open_rectification(other, operator, at=received).case.due_at, BEIJING
    ).date() == date(2026, 10, 8)


def test_one_rectification_at_a_time_per_finding(site_group, operator):
    finding = blank_finding(site_group.portal, timezone.now())
    rect = services.open_rectification(finding, operator)
    with pytest.raises(ValidationError, match=rect.case.number):
        services.open_rectification(finding, operator)


def test_closing_reruns_the_monitor__refused_while_the_column_is_stale_accepted_after(
    published,
    operator,
    office_editor,
):
    portal = published.portal
    notices = column(portal, "tzgg")
    add_item(notices, "关于开展安全检查的通知", days_ago=200)  # 通知公告: 6 months
    monitoring.run_check(CheckCode.FRESHNESS, portal)
    finding = Finding.objects.get(site=portal, problem=Problem.COLUMN_STALE, status=FindingStatus.OPEN)

    rect = services.open_rectification(finding, operator)
    case = rect.case
    assert case.unit == notices.responsible_unit == published.units.office
    cases.draft_reply(case, office_editor, "已安排专人更新通知公告栏目。")

    client = client_for(operator)
    url = reverse("duty:rectification_close", args=[case.pk])
    response = client.post(url, {"comment": "复查通过"})
    assert response.status_code == 200
    assert "复查时问题仍然存在" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "reviewing"

    add_item(notices, "关于做好节日值班工作的通知", days_ago=0)  # the unit really fixes it
    response = client.post(url, {"comment": "复查通过"})
    assert response.status_code == 302
    case.refresh_from_db()
    finding.refresh_from_db()
    assert case.state == "rectified" and case.closed_at is not None
    assert finding.status == FindingStatus.RESOLVED

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "栏目超期未更新" in page and "已消除" in page  # the case page shows its finding


def test_a_reading_finding_closes_only_after_the_reread_is_confirmed(
    published, on_duty, reader, operator, office_editor
):
    item = ChecklistItem.objects.create(title="首页", site=published.portal)
    record = services.record_reading(on_duty, reader, item=item, result=ReadingResult.PROBLEM, note="要闻标题错别字")
    rect = services.open_rectification(record.finding, reader)  # the person on duty may
    assert QueueEntry.objects.get(finding=record.finding).status == QueueStatus.RECTIFICATION
    cases.draft_reply(rect.case, office_editor, "已更正标题。")

    with pytest.raises(ValidationError, match="复读确认"):
        services.close_rectification(rect, operator)
    services.confirm_reread(rect, reader, note="已复读，标题已更正")
    services.close_rectification(rect, operator)
    rect.case.refresh_from_db()
    rect.finding.refresh_from_db()
    assert rect.case.state == "rectified"
    assert rect.finding.status == FindingStatus.RESOLVED and "陈晓梅" in rect.finding.resolution
    assert rect.reread_by == reader


def test_the_queue_shows_the_case_number_and_the_case_page_the_finding(published, on_duty, reader):
    finding = blank_finding(published.portal, timezone.now())
    services.enqueue_findings([finding])
    client = client_for(reader)
    response = client.post(
        reverse("duty:rectify", args=[finding.pk]), {"unit": published.units.fgw.pk, "note": "请补充内容"}
    )
    case = Case.objects.get(kind="rectification")
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.pk])
    queue = client.get(reverse("duty:queue")).content.decode()
    assert case.number in queue and "已转整改" in queue
