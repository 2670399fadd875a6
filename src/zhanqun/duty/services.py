"""What happens in 值班读网 and 整改, one function per action (docs/duty.md). Each checks
who may do it, runs in one transaction and writes a Wagtail log entry, which the audit
app chains (R-SUP-2: everything the person on duty does is logged)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from zhanqun.monitoring.enums import CheckCode, FindingStatus, Problem

from . import roster
from .enums import IncidentKind, QueueSource, QueueStatus, ReadingResult
from .models import Incident, MaintenanceNotice, QueueEntry, ReadingRecord, Rectification, Shift

TAMPER_PROBLEMS = {Problem.FILE_CHANGED, Problem.FILE_ADDED, Problem.FILE_MISSING}
INCIDENT_KINDS = {
    **dict.fromkeys(TAMPER_PROBLEMS, IncidentKind.TAMPER),
    Problem.UNREACHABLE: IncidentKind.UNREACHABLE,
}


def _name(user):
    """A person's name as Chinese writes it (family name first), else the username."""
    if user is None:
        return ""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


# ---------------------------------------------------------------------------
# the roster and who is on duty
# ---------------------------------------------------------------------------
def current_shift(at=None) -> Shift | None:
    """The shift running at ``at`` (default now): started at or before it, not yet ended.
    Where two overlap (an edited pattern), the one that started last."""
    at = at or timezone.now()
    return (
        Shift.objects.select_related("pattern", "person")
        .filter(starts_at__lte=at, ends_at__gt=at)
        .order_by("-starts_at")
        .first()
    )


def is_on_duty(user, at=None, shift=None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    shift = shift if shift is not None else current_shift(at)
    return shift is not None and shift.person_id == user.pk


def may_manage(user) -> bool:
    """站点管理员 (and superusers): the roster, the checklist, every queue entry."""
    return user.is_active and user.has_perm("duty.change_shift")


def may_act_on_queue(user, at=None) -> bool:
    """The person on duty now, or whoever manages duty (R-SUP-2). A plain staff user has
    no permission of this app: being on the roster for the running shift is what lets
    them in."""
    return user.is_active and (user.has_perm("duty.change_queueentry") or is_on_duty(user, at))


def may_view_queue(user, at=None) -> bool:
    return user.is_active and (user.has_perm("duty.view_queueentry") or may_act_on_queue(user, at))


def record_grace() -> timedelta:
    """How long after a shift ends its person may still record its reading (handover)."""
    return timedelta(minutes=getattr(settings, "ZHANQUN_DUTY_RECORD_GRACE_MINUTES", 60))


def may_record_reading(user, shift, at=None) -> bool:
    """The shift's own person while it runs (and ``record_grace()`` after), or a manager."""
    if not user.is_active:
        return False
    if user.has_perm("duty.add_readingrecord"):
        return True
    at = at or timezone.now()
    return shift.person_id == user.pk and shift.starts_at <= at < shift.ends_at + record_grace()


@transaction.atomic
def fill_roster(first, last, patterns, people, user, *, start_with=0, overwrite=False):
    """Fill the days ``first``..``last`` from a rota (``roster.rota``). Existing shifts are
    kept unless ``overwrite``. Returns ``(created, changed, kept)``."""
    if not may_manage(user):
        raise PermissionDenied("只有站点管理员可以排班。")
    if last < first:
        raise ValidationError("结束日期不能早于开始日期。")
    if (last - first).days > 92:
        raise ValidationError("一次最多排 93 天。")
    if not patterns or not people:
        raise ValidationError("请选择班次和值班人员。")
    created = changed = kept = 0
    for day, pattern, person in roster.rota(roster.days(first, last), list(patterns), list(people), start_with):
        shift = Shift.objects.filter(day=day, pattern=pattern).first()
        if shift is not None:
            if not overwrite or shift.person_id == person.pk:
                kept += 1
                continue
            previous = _name(shift.person)
            shift.person = person
            shift.save()
            changed += 1
            log(
                shift,
                "duty.assign",
                user=user,
                data={"day": str(day), "shift": pattern.name, "person": _name(person), "previous": previous},
            )
        else:
            shift = Shift(day=day, pattern=pattern, person=person)
            shift.save()
            created += 1
            log(shift, "duty.assign", user=user, data={"day": str(day), "shift": pattern.name, "person": _name(person)})
    return created, changed, kept


# ---------------------------------------------------------------------------
# reading and the queue
# ---------------------------------------------------------------------------
def checklist_for(shift):
    from .models import ChecklistItem

    return (
        ChecklistItem.objects.filter(active=True)
        .filter(models_q_patterns(shift))
        .select_related("site")
        .distinct()
        .order_by("sort_order", "pk")
    )


def models_q_patterns(shift):
    from django.db.models import Q

    return Q(patterns__isnull=True) | Q(patterns=shift.pattern_id)


def checklist_progress(shift):
    """(items read, items on the checklist) for the shift."""
    items = list(checklist_for(shift).values_list("pk", flat=True))
    done = set(shift.readings.filter(item_id__in=items).values_list("item_id", flat=True))
    return len(done), len(items)


@transaction.atomic
def record_reading(shift, user, *, item=None, page=None, result, note="", site=None, url="", unit=None, at=None):
    """The person on duty read ``item`` (or ``page``) and records what they found. A
    problem becomes a monitoring finding (``monitor=manual``, ``problem=reading``, which
    no monitor run resolves) and a queue entry, ready to be turned into a rectification."""
    from zhanqun.monitoring.models import Finding

    at = at or timezone.now()
    if not may_record_reading(user, shift, at):
        raise PermissionDenied("只有本班值班人员可以记录本班读网情况。")
    result = ReadingResult(result)
    note = (note or "").strip()
    site = site or (item.site if item is not None and item.site_id else None)
    if site is None and page is not None:
        site = page.get_site()
    if result == ReadingResult.PROBLEM:
        if not note:
            raise ValidationError("发现问题时请写明问题情况。")
        if site is None:
            raise ValidationError("请选择问题所在的站点。")
    record = ReadingRecord.objects.create(
        shift=shift, item=item, page=page, reader=user, read_at=at, result=result, note=note
    )
    data = {"shift": str(shift), "item": str(item or page or ""), "result": result.label}
    if result == ReadingResult.PROBLEM:
        link = url or (item.link() if item is not None else "") or (page.full_url if page is not None else "")
        finding = Finding.objects.create(
            site=site,
            monitor=CheckCode.MANUAL,
            problem=Problem.READING,
            fingerprint=f"reading:{record.pk}",
            message=note[:500],
            page=page,
            unit=unit,
            url=(link or "")[:1000],
            evidence={"reading_record": record.pk, "reader": _name(user), "item": str(item or page or "")},
            first_seen_at=at,
            last_seen_at=at,
        )
        record.finding = finding
        record.save(update_fields=["finding"])
        QueueEntry.objects.create(
            shift=shift, source=QueueSource.READING, site=site, finding=finding, title=finding.message, created_at=at
        )
        data["finding_id"] = finding.pk
        data["note"] = note
    log(record, "duty.read", user=user, data=data)
    return record


def enqueue_findings(findings, at=None):
    """Findings a monitor has just opened go to the current shift's queue (also when
    nobody is on the roster: the entry waits, without a shift)."""
    at = at or timezone.now()
    shift = current_shift(at)
    entries = []
    for finding in findings:
        if finding.pk is None:
            continue
        entry = QueueEntry.objects.create(
            shift=shift,
            source=QueueSource.MONITOR,
            site_id=finding.site_id,
            finding=finding,
            title=finding.message[:500],
            created_at=at,
        )
        log(
            entry,
            "duty.enqueue",
            user=None,
            data={"shift": str(shift or ""), "finding_id": finding.pk, "problem": finding.get_problem_display()},
        )
        entries.append(entry)
    return entries


def reread_importances():
    """Importance classes whose publication puts the item in the queue to be re-read
    (R-SUP-2: recheck after important publishing)."""
    return set(getattr(settings, "ZHANQUN_DUTY_REREAD_IMPORTANCE", ["important", "major"]))


def enqueue_reread(page, at=None):
    at = at or timezone.now()
    if QueueEntry.objects.filter(page=page, source=QueueSource.REREAD, status=QueueStatus.OPEN).exists():
        return None
    shift = current_shift(at)
    entry = QueueEntry.objects.create(
        shift=shift,
        source=QueueSource.REREAD,
        site=page.get_site(),
        page=page,
        title=f"复读{page.specific.get_importance_display()}信息：{page.title}"[:500],
        created_at=at,
    )
    log(entry, "duty.enqueue", user=None, data={"shift": str(shift or ""), "page_id": page.pk, "title": page.title})
    return entry


@transaction.atomic
def acknowledge(entry, user, status, note="", at=None):
    """看过 / 已处理: the person on duty deals with a queue entry."""
    status = QueueStatus(status)
    if status not in (QueueStatus.SEEN, QueueStatus.HANDLED):
        raise ValidationError("请选择“看过”或“已处理”。")
    if not may_act_on_queue(user, at):
        raise PermissionDenied("只有当班值班人员可以处理本班待办。")
    entry = QueueEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != QueueStatus.OPEN:
        raise ValidationError(f"该待办已{entry.get_status_display()}，不能重复处理。")
    entry.status, entry.acted_by, entry.acted_at, entry.note = (
        status,
        user,
        at or timezone.now(),
        (note or "").strip()[:500],
    )
    entry.save(update_fields=["status", "acted_by", "acted_at", "note"])
    log(entry, "duty.acknowledge", user=user, data={"status": status.label, "note": entry.note, "title": entry.title})
    return entry


# ---------------------------------------------------------------------------
# rectification (整改)
# ---------------------------------------------------------------------------
def responsible_unit(finding):
    """The finding's unit, else the site's owner (the sponsor unit of ``SiteIdentity``)."""
    if finding.unit_id:
        return finding.unit
    from zhanqun.sitegroup.models import SiteIdentity

    identity = SiteIdentity.objects.filter(site_id=finding.site_id).select_related("owner_unit").first()
    return identity.owner_unit if identity is not None else None


def may_open_rectification(user, at=None) -> bool:
    return user.is_active and (user.has_perm("duty.add_rectification") or is_on_duty(user, at))


@transaction.atomic
def open_rectification(finding, user, *, unit=None, note="", at=None):
    """转整改: a 整改 case for the responsible unit, due in the problem's working days."""
    from zhanqun.cases.services import submit_case

    from .case_kinds import OPEN_STATES, RECTIFICATION

    at = at or timezone.now()
    if not may_open_rectification(user, at):
        raise PermissionDenied("只有站点管理员或当班值班人员可以发起整改。")
    existing = Rectification.objects.filter(finding=finding, case__state__in=OPEN_STATES).select_related("case").first()
    if existing is not None:
        raise ValidationError(f"该问题已在整改中（{existing.case.number}）。")
    if finding.status != FindingStatus.OPEN:
        raise ValidationError("该问题已消除，无需整改。")
    unit = unit or responsible_unit(finding)
    if unit is None:
        raise ValidationError("找不到责任单位：请选择承办单位，或在站点标识中设置所属单位。")
    lines = [finding.message]
    if finding.url:
        lines.append(f"网址：{finding.url}")
    if note:
        lines.append(f"说明：{note.strip()}")
    case = submit_case(
        RECTIFICATION,
        subject=f"{finding.site.site_name}：{finding.get_problem_display()}"[:200],
        content="\n".join(lines),
        site=finding.site,
        unit=unit,
        actor=user,
        received_at=at,
        data={"finding_id": finding.pk, "problem": finding.problem, "monitor": finding.monitor},
    )
    rect = Rectification.objects.create(case=case, finding=finding, opened_by=user)
    QueueEntry.objects.filter(finding=finding, status=QueueStatus.OPEN).update(
        status=QueueStatus.RECTIFICATION, acted_by=user, acted_at=at, note=f"转整改 {case.number}"
    )
    log(
        rect,
        "duty.rectify",
        user=user,
        data={
            "number": case.number,
            "unit": unit.name,
            "finding_id": finding.pk,
            "problem": finding.get_problem_display(),
        },
    )
    return rect


def may_confirm_reread(user, at=None) -> bool:
    return user.is_active and (user.has_perm("duty.change_rectification") or is_on_duty(user, at))


@transaction.atomic
def confirm_reread(rect, user, note="", at=None):
    """复读确认: the person on duty read the page again and the problem they found is gone;
    the reading finding is resolved (a monitor run never resolves it)."""
    from zhanqun.monitoring.models import Finding

    at = at or timezone.now()
    if not may_confirm_reread(user, at):
        raise PermissionDenied("只有当班值班人员或站点管理员可以复读确认。")
    finding = Finding.objects.select_for_update().get(pk=rect.finding_id)
    if finding.monitor != CheckCode.MANUAL:
        raise ValidationError("监测发现的问题由监测复查，无需复读确认。")
    if finding.status != FindingStatus.OPEN:
        raise ValidationError("该问题已消除。")
    finding.status, finding.resolved_at = FindingStatus.RESOLVED, at
    finding.resolution = f"值班复读确认已整改（{_name(user)}）{('：' + note.strip()) if note else ''}"[:200]
    finding.save(update_fields=["status", "resolved_at", "resolution"])
    rect.reread_by, rect.reread_at = user, at
    rect.save(update_fields=["reread_by", "reread_at"])
    rect.finding = finding
    log(rect, "duty.reread", user=user, data={"number": rect.case.number, "note": note})
    return rect


def recheck(rect, user=None):
    """Run the finding's monitor again on its site (outside any transaction: it may fetch
    pages); the finding as it is afterwards."""
    from zhanqun.monitoring.services import run_check

    finding = rect.finding
    if finding.monitor != CheckCode.MANUAL and finding.status == FindingStatus.OPEN:
        run = run_check(finding.monitor, finding.site)
        finding.refresh_from_db()
        log(
            rect,
            "duty.recheck",
            user=user,
            data={
                "number": rect.case.number,
                "monitor": finding.get_monitor_display(),
                "still_open": finding.status == FindingStatus.OPEN,
                "error": bool(run.error),
            },
        )
        if run.error:
            raise ValidationError("复查时监测运行失败，请稍后再试（详见监测运行记录）。")
    return finding


def close_rectification(rect, user, *, comment="", confirm=False, note="", at=None):
    """复查办结: closing re-runs the check. A monitor's finding: its monitor runs again
    and the case closes only if the finding is now resolved. A reading finding: the
    person on duty confirms the re-read (``confirm``, here or earlier with
    :func:`confirm_reread`). Refused with a Chinese message otherwise."""
    from zhanqun.cases.enums import Action
    from zhanqun.cases.kinds import InvalidTransition
    from zhanqun.cases.permissions import CasePermissionDenied, can_approve_reply
    from zhanqun.cases.services import approve_reply

    case = rect.case
    case.refresh_from_db()
    if not case.kind_spec.allows(case.state, Action.APPROVE_REPLY):
        raise InvalidTransition(
            case,
            Action.APPROVE_REPLY,
            f"整改 {case.number} 当前状态为“{case.kind_spec.state_label(case.state)}”，承办单位报送整改情况后才能复查办结。",
        )
    if not can_approve_reply(user, case):
        raise CasePermissionDenied("只有站点管理员可以复查办结整改。")
    finding = rect.finding
    finding.refresh_from_db()
    if finding.monitor == CheckCode.MANUAL:
        if finding.status == FindingStatus.OPEN:
            if not confirm:
                raise ValidationError("值班读网发现的问题须经复读确认已消除后才能办结，请勾选“已复读确认”。")
            confirm_reread(rect, user, note=note, at=at)
    else:
        finding = recheck(rect, user)
        if finding.status == FindingStatus.OPEN:
            raise ValidationError(f"复查时问题仍然存在：{finding.message}。不能办结，请退回承办单位重新整改。")
    with transaction.atomic():
        approve_reply(case, user, comment=comment or "复查通过，问题已消除。", at=at)
        log(rect, "duty.close", user=user, data={"number": case.number, "resolution": rect.finding.resolution})
    return rect


# ---------------------------------------------------------------------------
# maintenance notices and incidents
# ---------------------------------------------------------------------------
def advance_workdays() -> int:
    return int(getattr(settings, "ZHANQUN_DUTY_MAINTENANCE_ADVANCE_WORKDAYS", 1))


def earliest_maintenance_start(now=None):
    """R-SITE-5: planned maintenance is announced in advance — it may start at the
    earliest on the N-th working day after the day it is announced (00:00 Beijing)."""
    from zhanqun.workdays.services import get_calendar

    now = now or timezone.now()
    day = get_calendar().add_workdays(timezone.localtime(now, roster.BEIJING).date(), advance_workdays())
    return datetime.combine(day, time(0), tzinfo=roster.BEIJING)


def validate_maintenance(starts_at, ends_at, now=None):
    errors = {}
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = "维护结束时间应晚于开始时间。"
    if starts_at:
        earliest = earliest_maintenance_start(now)
        if starts_at < earliest:
            errors["starts_at"] = (
                f"计划维护须至少提前 {advance_workdays()} 个工作日公告：今天公告的维护最早于 "
                f"{earliest:%Y-%m-%d %H:%M} 开始。"
            )
    if errors:
        raise ValidationError(errors)


def _notice_column(site):
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage

    return (
        ColumnPage.objects.descendant_of(site.root_page)
        .filter(kind=ColumnKind.NOTICES)
        .order_by("depth", "path")
        .first()
    )


def notice_body(notice):
    from django.utils.html import escape

    fmt = "%Y年%m月%d日 %H:%M"
    return (
        f"<p>为保障网站安全稳定运行，定于{timezone.localtime(notice.starts_at, roster.BEIJING).strftime(fmt)}至"
        f"{timezone.localtime(notice.ends_at, roster.BEIJING).strftime(fmt)}对网站进行维护。"
        f"维护期间网站可能暂时无法访问，由此带来的不便敬请谅解。</p><p>{escape(notice.reason)}</p>"
    )


@transaction.atomic
def announce_maintenance(notice, sites, user, now=None):
    """Save a maintenance notice and put a draft 通知公告 in each site's 通知公告 column
    (to be reviewed and published as usual — never published here)."""
    from zhanqun.content.models import NoticePage
    from zhanqun.sitegroup.models import SiteIdentity

    now = now or timezone.now()
    validate_maintenance(notice.starts_at, notice.ends_at, now)
    if not sites:
        raise ValidationError({"sites": "请选择涉及的站点。"})
    columns = {}
    for site in sites:
        column = _notice_column(site)
        if column is None:
            raise ValidationError({"sites": f"站点“{site.site_name}”没有通知公告栏目，无法生成公告。"})
        columns[site.pk] = column
    notice.announced_at = now
    notice.created_by = user
    notice.save()
    notice.sites.set(sites)
    for site in sites:
        column = columns[site.pk]
        identity = SiteIdentity.objects.filter(site=site).first()
        page = NoticePage(
            title=notice.title,
            body=notice_body(notice),
            responsible_unit=column.responsible_unit or (identity.owner_unit if identity else None),
            issuer=identity.sponsor if identity else "",
            formed_date=timezone.localtime(now, roster.BEIJING).date(),
            live=False,
            owner=user,
        )
        column.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user, revision=revision, content_changed=True)
        notice.notice_pages.add(page)
    log(
        notice,
        "duty.announce",
        user=user,
        data={"sites": [s.site_name for s in sites], "starts_at": str(notice.starts_at)},
    )
    return notice


def incidents_from_findings(run, findings):
    """R-SEC-6: tamper and unreachable findings a monitor run opened become one incident
    per run and kind (many changed files in one check are one incident)."""
    groups = {}
    for finding in findings:
        kind = INCIDENT_KINDS.get(finding.problem)
        if kind is not None and finding.pk is not None:
            groups.setdefault(kind, []).append(finding)
    created = []
    for kind, group in groups.items():
        site = group[0].site
        restored = all(f.status == FindingStatus.RESOLVED for f in group)
        if kind == IncidentKind.TAMPER:
            title = f"{site.site_name}：发布文件被篡改（{len(group)} 个文件）"
            actions = "监测发现后已自动从数据库恢复。" if restored else "监测发现，尚未恢复。"
        else:
            title = f"{site.site_name}：页面无法访问（{len(group)} 个页面）"
            actions = ""
        incident = Incident.objects.create(
            title=title[:200],
            kind=kind,
            site=site,
            occurred_at=min(f.first_seen_at for f in group),
            discovered_at=run.started_at if run is not None else timezone.now(),
            recovered_at=max(f.resolved_at for f in group) if restored else None,
            actions_taken=actions,
        )
        incident.findings.set(group)
        log(incident, "duty.incident", user=None, data={"kind": kind.label, "findings": len(group)})
        created.append(incident)
    return created


def notice_queryset():
    return MaintenanceNotice.objects.prefetch_related("sites", "notice_pages")
