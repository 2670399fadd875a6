"""The review record (审核记录) of an item, overrides of findings, and freezing the
record when a version goes live (R-PUB-2, R-PUB-3, R-PUB-10).

The *live* record of an item is read from Wagtail's own workflow data (every task
state keeps its revision, who finished it, when, and the comment) plus the
overrides and the submissions in the page's log. When a revision is published the
record of the workflow that approved it is copied into a ``ReviewRecord``, which is
never edited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ReviewRecord, ScreeningOverride, ScreeningTaskState, UnitApprovalTaskState
from .models.tasks import ChainStepMixin, ScreeningTask, is_author

SYSTEM = "系统（自动检查）"


def display_name(user):
    """A person as the record shows them: 陈晓梅（fgw_editor）."""
    if user is None:
        return ""
    name = f"{user.last_name}{user.first_name}".strip()
    return f"{name}（{user.get_username()}）" if name else user.get_username()


def _iso(value):
    """Precise, sortable: ``at`` of an entry."""
    return timezone.localtime(value).isoformat() if value else ""


def _shown(value):
    """As people read it: ``time`` of an entry, 2026-03-02 09:30."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def decision_label(state):
    screening = isinstance(state, ScreeningTaskState)
    return {
        "approved": _("通过") if screening else _("审核通过"),
        "rejected": _("未通过，退回修改") if screening else _("退回修改"),
        "skipped": _("无需此环节"),
        "cancelled": _("已撤销"),
        "in_progress": _("待审核"),
    }.get(state.status, state.status)


def waiting_for(state):
    """Who a step in progress waits for, in words."""
    task = state.task.specific
    if isinstance(state, UnitApprovalTaskState):
        unit = state.unit
        person = task.approver(state)
        if unit is None:
            return _("页面未指定责任单位，待站点管理员审核")
        if person is None:
            return _("%(unit)s未登记%(role)s，请系统管理员在“单位”中登记") % {
                "unit": unit.name,
                "role": _("单位负责人") if task.unit_field == "head" else _("分管领导"),
            }
        return _("待 %(person)s 审核") % {"person": display_name(person)}
    if hasattr(task, "groups"):
        return _("待 %(groups)s 组成员审核") % {"groups": "、".join(g.name for g in task.groups.all())}
    return ""


def _state_entry(state, round_no):
    state = state.specific
    automatic = isinstance(state, ScreeningTaskState)
    if state.status == state.STATUS_IN_PROGRESS:
        who = waiting_for(state)
    elif automatic or state.status == state.STATUS_SKIPPED:
        who = SYSTEM if automatic else ""
    else:
        who = display_name(state.finished_by)
    return {
        "kind": "task",
        "round": round_no,
        "step": state.task.name,
        "status": state.status,
        "decision": str(decision_label(state)),
        "user": who,
        "user_id": state.finished_by_id,
        "at": _iso(state.finished_at or state.started_at),
        "time": _shown(state.finished_at or state.started_at),
        "revision": state.revision_id,
        "revision_at": _shown(state.revision.created_at),
        "comment": state.get_comment(),
        "task_state": state.pk,
    }


def _override_entry(override, round_no):
    return {
        "kind": "override",
        "round": round_no,
        "step": _("保密审查认定"),
        "status": "override",
        "decision": _("认定可以发布"),
        "user": override.user_name,
        "user_id": override.user_id,
        "at": _iso(override.created_at),
        "time": _shown(override.created_at),
        "revision": override.revision_id,
        "revision_at": _shown(override.revision.created_at) if override.revision else "",
        "comment": _("%(where)s“%(excerpt)s”（%(message)s）理由：%(reason)s")
        % {
            "where": override.location,
            "excerpt": override.excerpt,
            "message": override.message,
            "reason": override.reason,
        },
        "task_state": override.task_state_id,
    }


def _workflow_entries(workflow_state, round_no):
    from wagtail.models import PageLogEntry

    entries = []
    state_ids = set(workflow_state.task_states.values_list("pk", flat=True))
    logs = PageLogEntry.objects.filter(
        page_id=int(workflow_state.object_id),
        action__in=["wagtail.workflow.start", "wagtail.workflow.resume", "wagtail.workflow.cancel"],
        data__workflow__id=workflow_state.workflow_id,
    ).select_related("revision")
    labels = {
        "wagtail.workflow.start": _("提交审核"),
        "wagtail.workflow.resume": _("修改后重新提交"),
        "wagtail.workflow.cancel": _("撤回审核"),
    }
    for log in logs:
        if log.data.get("workflow", {}).get("task_state_id") not in state_ids:
            continue
        entries.append(
            {
                "kind": "submission",
                "round": round_no,
                "step": str(labels[log.action]),
                "status": log.action.rsplit(".", 1)[-1],
                "decision": str(labels[log.action]),
                "user": display_name(log.user) if log.user_id else "",
                "user_id": log.user_id,
                "at": _iso(log.timestamp),
                "time": _shown(log.timestamp),
                "revision": log.revision_id,
                "revision_at": _shown(log.revision.created_at) if log.revision_id and log.revision else "",
                "comment": "",
                "task_state": None,
            }
        )
    if not any(e["status"] == "start" for e in entries):
        entries.append(
            {
                "kind": "submission",
                "round": round_no,
                "step": _("提交审核"),
                "status": "start",
                "decision": _("提交审核"),
                "user": display_name(workflow_state.requested_by),
                "user_id": workflow_state.requested_by_id,
                "at": _iso(workflow_state.created_at),
                "time": _shown(workflow_state.created_at),
                "revision": None,
                "revision_at": "",
                "comment": "",
                "task_state": None,
            }
        )
    states = (
        workflow_state.task_states.specific()
        .select_related("task", "revision", "finished_by")
        .order_by("started_at", "pk")
    )
    for state in states:
        entries.append(_state_entry(state, round_no))
    overrides = ScreeningOverride.objects.filter(task_state__workflow_state=workflow_state).select_related("revision")
    entries.extend(_override_entry(o, round_no) for o in overrides)
    order = {"submission": 0, "task": 1, "override": 2}
    entries.sort(key=lambda e: (e["at"], order[e["kind"]]))
    return entries


def workflow_states_of(page):
    from wagtail.models import WorkflowState

    return WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk)
    ).order_by("created_at", "pk")


def record_entries(page):
    """The live review record of ``page``: every submission, decision and override of
    every workflow run on it, oldest first. Each entry is a dict (see ``_state_entry``)."""
    entries = []
    for round_no, workflow_state in enumerate(workflow_states_of(page), start=1):
        entries.extend(_workflow_entries(workflow_state, round_no))
    return entries


def latest_screening(page, revision=None):
    """The most recent screening of ``page`` (of ``revision`` if given)."""
    states = ScreeningTaskState.objects.filter(
        workflow_state__base_content_type=page.get_base_content_type(), workflow_state__object_id=str(page.pk)
    )
    if revision is not None:
        states = states.filter(revision=revision)
    return states.select_related("revision").order_by("-started_at", "-pk").first()


# --- overrides ---------------------------------------------------------------------------


def can_override(user):
    return user.is_active and user.has_perm("review.add_screeningoverride")


@transaction.atomic
def override_finding(task_state, key, reason, user):
    """A 保密审查员 accepts the blocking finding ``key`` of ``task_state`` (R-PUB-3).

    Refused to anyone without the permission, to the author of the revision, for a
    finding that is not blocking or already accepted. When no blocking finding is
    left, the item moves on: the workflow resumes, screening runs again on the latest
    revision (accepted findings stay accepted) and the chain continues.
    Returns the ``ScreeningOverride``.
    """
    task_state = ScreeningTaskState.objects.select_for_update().get(pk=task_state.pk)
    if not can_override(user):
        raise PermissionDenied(_("只有保密审查员可以认定检查结果。"))
    if is_author(user, task_state, task_state.revision.content_object):
        raise PermissionDenied(_("不能认定自己提交或修改的内容。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请写明认定可以发布的理由。"))
    finding = next((f for f in task_state.unresolved_blocking() if f["key"] == key), None)
    if finding is None:
        raise ValidationError(_("这条检查结果不需要认定，或已经认定过了。"))
    page = task_state.revision.content_object
    override = ScreeningOverride.objects.create(
        page_id=page.pk,
        revision=task_state.revision,
        task_state=task_state,
        page_title=task_state.revision.object_str or page.title,
        key=key,
        rule=finding["rule"],
        category=finding["category"],
        location=finding.get("location") or "",
        excerpt=finding["excerpt"],
        message=finding["message"],
        reason=reason,
        user=user,
        user_name=display_name(user),
    )
    workflow_state = task_state.workflow_state
    if (
        not task_state.unresolved_blocking()
        and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
        and workflow_state.current_task_state_id == task_state.pk
    ):
        workflow_state.resume(user=user)
    return override


# --- freezing the record on publish ------------------------------------------------------------


def approving_workflow_state(page, revision):
    """The finished workflow that approved ``revision`` for publishing, if any."""
    return (
        workflow_states_of(page)
        .filter(status="approved", current_task_state__revision=revision)
        .order_by("-created_at")
        .first()
    )


def freeze_record(page, revision, user=None):
    """Archive the review record of ``revision`` of ``page``, now live (R-PUB-10)."""
    from wagtail.models import TaskState

    page = page.specific
    obj = revision.as_object() if revision else page
    workflow_state = approving_workflow_state(page, revision) if revision else None
    entries, findings, overrides = [], [], []
    chain = ""
    if workflow_state is not None:
        entries = _workflow_entries(workflow_state, 1)
        screening = (
            workflow_state.task_states.filter(
                revision=revision, status=TaskState.STATUS_APPROVED, task__in=ScreeningTask.objects.all()
            )
            .order_by("-pk")
            .first()
        )
        if screening is not None:
            screening = screening.specific
            findings = screening.findings
            accepted = list(screening.overrides()) + list(screening.carried_overrides.all())
            overrides = [
                {
                    "rule": o.rule,
                    "location": o.location,
                    "excerpt": o.excerpt,
                    "message": o.message,
                    "reason": o.reason,
                    "user": o.user_name,
                    "at": _iso(o.created_at),
                    "time": _shown(o.created_at),
                    "revision": o.revision_id,
                }
                for o in accepted
            ]
        steps = [
            s.task.name
            for s in workflow_state.task_states.filter(revision=revision, status=TaskState.STATUS_APPROVED)
            .select_related("task")
            .order_by("pk")
            if isinstance(s.task.specific, ChainStepMixin)
        ]
        chain = " → ".join(steps)
        if user is None:
            last = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED).exclude(finished_by=None)
            last = last.order_by("-finished_at").first()
            user = last.finished_by if last else None
    site = page.get_site()
    unit = getattr(obj, "responsible_unit", None)
    parent = page.get_parent()
    return ReviewRecord.objects.create(
        page=page,
        page_ref=page.pk,
        revision=revision,
        revision_ref=revision.pk if revision else 0,
        revision_created_at=revision.created_at if revision else None,
        title=obj.title,
        page_type=str(type(page)._meta.verbose_name),
        site_name=(site.site_name or site.hostname) if site else "",
        column_title=parent.title if parent else "",
        url=page.get_full_url() or "",
        unit_name=unit.name if unit else "",
        importance=getattr(obj, "importance", "") or "",
        chain=chain,
        reviewed=workflow_state is not None,
        submitted_by_name=display_name(workflow_state.requested_by) if workflow_state else "",
        entries=entries,
        findings=findings,
        overrides=overrides,
        published_at=timezone.now(),
        published_by=user,
        published_by_name=display_name(user) if user else _("系统（定时发布）"),
    )
