"""The shift's queue: what monitors open lands there, tamper and unreachable findings
become incidents, readings record problems as findings, important items come back to be
re-read; every action is a log entry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from zhanqun.conftest import column
from zhanqun.content.enums import Importance
from zhanqun.content.models import ArticlePage
from zhanqun.duty import services
from zhanqun.duty.enums import IncidentKind, QueueSource, QueueStatus, ReadingResult
from zhanqun.duty.models import ChecklistItem, Incident, QueueEntry
from zhanqun.monitoring import services as monitoring
from zhanqun.monitoring.enums import CheckCode, FindingStatus, Problem
from zhanqun.monitoring.models import Finding
from zhanqun.publishing import services as publishing


def test_a_monitors_new_findings_land_in_the_current_shifts_queue(
    published, on_duty, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = monitoring.run_check(CheckCode.FRESHNESS, published.portal)
    assert run.opened > 0
    entries = QueueEntry.objects.filter(source=QueueSource.MONITOR)
    assert entries.count() == run.opened
    assert set(entries.values_list("shift", flat=True)) == {on_duty.pk}
    assert entries.filter(finding__problem=Problem.COLUMN_BLANK, status=QueueStatus.OPEN).exists()

    # The next run sees the same problems: nothing new in the queue.
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.run_check(CheckCode.FRESHNESS, published.portal)
    assert QueueEntry.objects.filter(source=QueueSource.MONITOR).count() == run.opened


def test_a_finding_opened_while_nobody_is_rostered_still_waits_in_the_queue(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = monitoring.run_check(CheckCode.FRESHNESS, published.portal)
    assert QueueEntry.objects.filter(shift__isnull=True).count() == run.opened


def test_a_tampered_file_creates_an_incident_already_recovered(published, on_duty, django_capture_on_commit_callbacks):
    index = publishing.site_dir(published.portal) / "index.html"
    index.write_text("<html>已被篡改</html>", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.run_check(CheckCode.TAMPER, published.portal)

    incident = Incident.objects.get()
    assert incident.kind == IncidentKind.TAMPER and incident.site == published.portal
    assert "篡改" in incident.title and incident.recovered_at is not None  # restored at once
    assert incident.findings.get().problem == Problem.FILE_CHANGED
    assert "自动从数据库恢复" in incident.actions_taken
    assert not incident.reported  # the office still has to report it (R-SEC-6)
    assert QueueEntry.objects.filter(finding__in=incident.findings.all(), shift=on_duty).exists()


def test_a_findings_signal_for_an_unreachable_page_records_an_incident(published, on_duty):
    from django.utils import timezone

    from zhanqun.monitoring.models import MonitorRun
    from zhanqun.monitoring.signals import findings_opened

    now = timezone.now()
    run = MonitorRun.objects.create(monitor=CheckCode.AVAILABILITY, site=published.department, started_at=now)
    finding = Finding.objects.create(
        site=published.department, monitor=CheckCode.AVAILABILITY, problem=Problem.UNREACHABLE,
        fingerprint="page:/", message="首页无法访问（超时）", first_seen_at=now, last_seen_at=now,
    )  # fmt: skip
    findings_opened.send(sender=MonitorRun, run=run, findings=[finding])
    incident = Incident.objects.get()
    assert incident.kind == IncidentKind.UNREACHABLE and incident.recovered_at is None


def test_reading_a_problem_records_a_manual_finding_that_monitor_runs_leave_alone(published, on_duty, reader):
    item = ChecklistItem.objects.create(title="首页", site=published.portal)
    with pytest.raises(ValidationError, match="写明问题"):
        services.record_reading(on_duty, reader, item=item, result=ReadingResult.PROBLEM, note=" ")
    record = services.record_reading(
        on_duty, reader, item=item, result=ReadingResult.PROBLEM, note="首页要闻第二条标题有错别字"
    )
    finding = record.finding
    assert (finding.monitor, finding.problem, finding.fingerprint) == (
        CheckCode.MANUAL,
        Problem.READING,
        f"reading:{record.pk}",
    )
    assert finding.site == published.portal and finding.url.startswith("http://www.yunze.gov.cn")
    assert QueueEntry.objects.get(finding=finding).source == QueueSource.READING
    assert services.checklist_progress(on_duty) == (1, 1)
    assert ModelLogEntry.objects.filter(action="duty.read", object_id=str(record.pk)).exists()

    monitoring.run_checks([published.portal], codes=[CheckCode.FRESHNESS, CheckCode.FOOTER])
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN


def test_only_the_shifts_own_person_records_its_reading(published, on_duty, other):
    item = ChecklistItem.objects.create(title="首页", site=published.portal)
    with pytest.raises(PermissionDenied):
        services.record_reading(on_duty, other, item=item, result=ReadingResult.NORMAL)


def test_an_important_item_published_comes_back_to_be_reread(published, on_duty):
    news = column(published.portal, "zwdt")
    for importance, title in (
        (Importance.GENERAL, "一般信息"),
        (Importance.IMPORTANT, "市政府常务会议研究部署冬季供暖工作"),
    ):
        page = ArticlePage(title=title, responsible_unit=news.responsible_unit, importance=importance)
        news.add_child(instance=page)
        page.save_revision().publish()
    entry = QueueEntry.objects.get(source=QueueSource.REREAD)
    assert entry.page.title == "市政府常务会议研究部署冬季供暖工作" and entry.shift == on_duty
    assert "复读重要信息" in entry.title


def test_the_person_on_duty_acknowledges_an_entry_once_and_it_is_logged(published, on_duty, reader, other):
    finding = Finding.objects.create(
        site=published.portal, monitor=CheckCode.LINKS, problem=Problem.BROKEN_LINK, fingerprint="link:/x/",
        message="链接不可用：/x/", first_seen_at=on_duty.starts_at, last_seen_at=on_duty.starts_at,
    )  # fmt: skip
    entry = services.enqueue_findings([finding])[0]
    with pytest.raises(PermissionDenied):
        services.acknowledge(entry, other, QueueStatus.SEEN)
    services.acknowledge(entry, reader, QueueStatus.HANDLED, note="已通知栏目责任人")
    entry.refresh_from_db()
    assert (entry.status, entry.acted_by, entry.note) == (QueueStatus.HANDLED, reader, "已通知栏目责任人")
    with pytest.raises(ValidationError, match="不能重复处理"):
        services.acknowledge(entry, reader, QueueStatus.SEEN)
    log = ModelLogEntry.objects.get(action="duty.acknowledge", object_id=str(entry.pk))
    assert log.user == reader and log.data["status"] == "已处理"
