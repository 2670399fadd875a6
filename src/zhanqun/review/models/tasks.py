"""The task types of the workflow 信息发布审核 (R-PUB-2, R-PUB-3).

Wagtail gives a page subtree exactly one workflow, so the whole group runs one
workflow whose tasks cover every level any item may need:

    自动检查 → 单位负责人审核 → 分管领导审核 → 政府办公室审核 → 领导小组审定

Each level skips itself when the item's importance does not need it (``chain_for``),
so a 一般 item goes 自动检查 → 单位负责人 → published, a 重大 item through all five.
How the skipping works with Wagtail: ``WorkflowState.update`` calls the next task's
``start``; a ``start`` that returns a finished ``TaskState`` (status *skipped*) makes
the workflow move straight on. The screening task, when it passes, marks the levels
the item does not need as skipped at once, so Wagtail's "approve and publish" and the
workflow status show the real chain from the start.

``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` is on: an approval counts only for the
revision it was given to. Whoever edits an item in review — the editor after a
request for changes, or a reviewer — sends the new revision through the whole chain
again, screening first (``ChainStepMixin.start``): nothing reaches the public that
the screening and every level did not see.

Nobody approves their own revision: a user who wrote the revision under review, the
latest revision or who submitted it gets no approve or reject action (Wagtail then
shows none, as ONS's ``GroupReviewTask`` hides them) and ``on_action`` refuses a
forged POST.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState

from zhanqun.units.enums import Role

from ..enums import GROUP_STEPS, UNIT_STEPS, Step

REJECT = "reject"
APPROVE = "approve"


def review_actions():
    """Every action opens the modal: the reviewer sees the screening findings and the
    checklist of R-PUB-4 and writes an opinion (required to send back)."""
    return [
        (REJECT, _("退回修改"), True),
        (APPROVE, _("审核通过"), True),
    ]


def revision_object(workflow_state):
    revision = workflow_state.content_object.get_latest_revision()
    return revision, revision.as_object()


def is_author(user, task_state, obj=None):
    """Did ``user`` write or submit what is under review?"""
    authors = {task_state.revision.user_id, task_state.workflow_state.requested_by_id}
    if obj is not None:
        latest = obj.get_latest_revision()
        if latest is not None:
            authors.add(latest.user_id)
    return user.pk in authors


def current_state_of(task, obj, state_model=TaskState):
    """The in-progress state of ``task`` on ``obj``, if it is at that task."""
    return (
        state_model.objects.filter(
            task=task,
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=obj.get_base_content_type(),
            workflow_state__object_id=str(obj.pk),
        )
        .select_related("revision", "workflow_state")
        .first()
    )


class ChainStepMixin:
    """A level of the approval chain: runs only when the item's importance needs it."""

    def start(self, workflow_state, user=None):
        first = workflow_state.get_next_task()
        if first is not None and first.pk != self.pk:
            # An edit since the earlier levels approved: they review the new revision
            # first, in order (see the module docstring).
            return first.specific.start(workflow_state, user=user)
        revision, obj = revision_object(workflow_state)
        if not self.is_needed_for(obj):
            return self.skip(workflow_state, revision, obj)
        return super().start(workflow_state, user=user)

    def is_needed_for(self, obj):
        from .chain import chain_for

        site = obj.get_site() if getattr(obj, "path", None) else None
        return self.step in chain_for(getattr(obj, "importance", None), site)

    def skip(self, workflow_state, revision, obj):
        """A finished state saying the item's class does not need this level."""
        importance = obj.get_importance_display() if hasattr(obj, "get_importance_display") else _("一般")
        state = self.get_task_state_class()(
            workflow_state=workflow_state,
            revision=revision,
            task=self,
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
            comment=_("信息类别为“%(importance)s”，按审核流程规则无需此环节。") % {"importance": importance},
        )
        state.save()
        return state

    def allowed_actions(self, task_state, user, obj=None):
        if task_state is None or not user.is_authenticated or not user.is_active:
            return []
        if is_author(user, task_state, obj):
            return []
        if not self.may_decide(task_state, user):
            return []
        return review_actions()

    def on_action(self, task_state, user, action_name, **kwargs):
        task_state = task_state.specific
        obj = task_state.revision.content_object
        if action_name not in [name for name, _label, _modal in self.allowed_actions(task_state, user, obj)]:
            raise PermissionDenied(
                _("您不能审核此环节：只有本环节的审核人可以审核，且任何人不能审核自己提交或修改的内容。")
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_form_for_action(self, action):
        from ..forms import ApproveOpinionForm, RejectOpinionForm

        return RejectOpinionForm if action == REJECT else ApproveOpinionForm

    def get_template_for_action(self, action):
        return "review/workflow/action_modal.html"


class UnitApprovalTask(ChainStepMixin, Task):
    """单位负责人审核 / 分管领导审核: only the head (or the leader in charge) of the
    item's 责任单位 decides — not a group, not a superuser (R-PUB-2, 谁发布谁负责).

    The unit is taken from the revision under review when the step starts and kept
    on the task state; the person is looked up when they act, so a newly registered
    head can take over an item already waiting.
    """

    step = models.CharField(_("审核环节"), max_length=30, choices=[(s.value, s.label) for s in UNIT_STEPS])

    admin_form_fields = Task.admin_form_fields + ["step"]
    admin_form_readonly_on_edit_fields = Task.admin_form_readonly_on_edit_fields + ["step"]

    class Meta:
        verbose_name = _("本单位审核")
        verbose_name_plural = _("本单位审核")

    @classmethod
    def get_description(cls):
        return _("由信息责任单位的负责人或分管领导审核；按信息类别不需要的环节自动跳过。")

    @classmethod
    def get_task_state_class(cls):
        return UnitApprovalTaskState

    @property
    def unit_field(self):
        return "head" if self.step == Step.UNIT_HEAD else "leader_in_charge"

    def approver(self, task_state):
        """The unit's head (or leader in charge), or None."""
        unit = task_state.specific.unit if task_state else None
        return getattr(unit, self.unit_field, None) if unit else None

    def approvers(self, task_state):
        """Who may decide: the unit's head (or leader in charge). A page that names no
        unit (a site's home page) is decided by the 站点管理员, who edit such pages."""
        from django.contrib.auth import get_user_model

        User = get_user_model()
        unit = task_state.specific.unit if task_state else None
        if unit is None:
            return User.objects.filter(is_active=True, groups__name=str(Role.SITE_OPERATOR.label))
        return User.objects.filter(is_active=True, pk=getattr(unit, f"{self.unit_field}_id"))

    def may_decide(self, task_state, user):
        return self.approvers(task_state).filter(pk=user.pk).exists()

    def _current_state(self, obj):
        return current_state_of(self, obj, UnitApprovalTaskState)

    def get_actions(self, obj, user):
        return self.allowed_actions(self._current_state(obj), user, obj)

    def user_can_access_editor(self, obj, user):
        state = self._current_state(obj)
        return state is not None and self.may_decide(state, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self.user_can_access_editor(obj, user))

    def get_task_states_user_can_moderate(self, user, **kwargs):
        mine = models.Q(**{f"unitapprovaltaskstate__unit__{self.unit_field}": user})
        if user.groups.filter(name=str(Role.SITE_OPERATOR.label)).exists():
            mine |= models.Q(unitapprovaltaskstate__unit__isnull=True)
        return (
            self.task_states.filter(mine, status=TaskState.STATUS_IN_PROGRESS)
            .exclude(revision__user=user)
            .exclude(workflow_state__requested_by=user)
        )


class UnitApprovalTaskState(TaskState):
    """A unit-level step on one revision, with the unit that answers for it."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("本单位审核状态")
        verbose_name_plural = _("本单位审核状态")

    def save(self, *args, **kwargs):
        # The unit of the revision under review, fixed when the step starts (before
        # Wagtail announces it, so the notification reaches the right person).
        if self._state.adding and self.unit_id is None and self.revision_id:
            self.unit_id = getattr(self.revision.as_object(), "responsible_unit_id", None)
        return super().save(*args, **kwargs)


class GroupStepTask(ChainStepMixin, AbstractGroupApprovalTask):
    """政府办公室审核 / 领导小组审定: members of the chosen groups decide (the groups
    政府办公室审核员 and 领导小组 by default); a superuser who is not a member does not."""

    step = models.CharField(_("审核环节"), max_length=30, choices=[(s.value, s.label) for s in GROUP_STEPS])

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["step"]
    admin_form_readonly_on_edit_fields = Task.admin_form_readonly_on_edit_fields + ["step"]

    class Meta:
        verbose_name = _("上级审核")
        verbose_name_plural = _("上级审核")

    @classmethod
    def get_description(cls):
        return _("由所选用户组（政府办公室审核员、领导小组）的成员审核；按信息类别不需要时自动跳过。")

    def may_decide(self, task_state, user):
        return self._user_in_groups(user)

    def get_actions(self, obj, user):
        return self.allowed_actions(current_state_of(self, obj), user, obj)

    def user_can_access_editor(self, obj, user):
        return self._user_in_groups(user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not self._user_in_groups(user):
            return TaskState.objects.none()
        return (
            self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
            .exclude(revision__user=user)
            .exclude(workflow_state__requested_by=user)
        )


class ScreeningTask(Task):
    """自动检查: the first task. Runs the screening engine on the revision's text and
    attachments when it starts (R-PUB-3, R-PUB-4): no blocking finding, or each one
    overridden by a 保密审查员 with a reason → passes; otherwise the item goes back
    to its editor (需要修改) with the findings stored on the task state."""

    class Meta:
        verbose_name = _("自动检查")
        verbose_name_plural = _("自动检查")

    @classmethod
    def get_description(cls):
        return _(
            "提交时自动检查涉密、个人信息、内部文件、印章红头、广告、敏感词、严重表述错误和格式；有须整改的问题时退回信息员，或由保密审查员逐条认定。"
        )

    @classmethod
    def get_task_state_class(cls):
        return ScreeningTaskState

    def start(self, workflow_state, user=None):
        """The screening's verdict is the system's, not the submitter's: it runs inside
        the editor's submit request, whose user Wagtail's log would otherwise give to the
        rejection ("fgw_editor 工作流：拒绝任务"). An empty log context makes the log entry,
        and the audit record that mirrors it, the system's (系统)."""
        from wagtail.log_actions import LogContext

        from ..screening import screen_page

        state = super().start(workflow_state, user=user)
        obj = state.revision.as_object()
        report = screen_page(obj)
        state.parts = report.parts
        state.findings = report.findings
        state.save(update_fields=["parts", "findings"])
        state.apply_earlier_overrides()
        unresolved = state.unresolved_blocking()
        with LogContext(user=None):
            if unresolved:
                state.reject(user=None, update=False, comment=state.summary())
            else:
                state.approve(user=None, update=False, comment=state.summary())
                skip_unneeded_levels(workflow_state, state.revision, obj)
        return state

    def get_actions(self, obj, user):
        return []  # automatic; a 保密审查员 acts on findings in 审核 → 保密审查


class ScreeningTaskState(TaskState):
    """The findings of one screening of one revision."""

    parts = models.JSONField(_("检查的文本"), default=list, blank=True)
    findings = models.JSONField(_("检查结果"), default=list, blank=True)

    class Meta:
        verbose_name = _("自动检查结果")
        verbose_name_plural = _("自动检查结果")

    def overrides(self):
        from .records import ScreeningOverride

        return ScreeningOverride.objects.filter(task_state=self).select_related("user")

    def overridden_keys(self):
        return set(self.overrides().values_list("key", flat=True))

    def apply_earlier_overrides(self):
        """A finding a 保密审查员 already accepted for this item (same rule, same
        excerpt) stays accepted in later revisions; the override is linked here too."""
        from .records import ScreeningOverride

        keys = {f["key"] for f in self.findings if f["severity"] == "block"}
        if not keys:
            return
        earlier = ScreeningOverride.objects.filter(page_id=self.workflow_state.object_id, key__in=keys).exclude(
            task_state=self
        )
        for override in earlier.order_by("created_at"):
            if override.key not in self.overridden_keys():
                override.carried_to.add(self)

    def resolved_keys(self):
        keys = self.overridden_keys()
        keys.update(self.carried_overrides.values_list("key", flat=True))
        return keys

    def blocking(self):
        return [f for f in self.findings if f["severity"] == "block"]

    def unresolved_blocking(self):
        resolved = self.resolved_keys()
        return [f for f in self.blocking() if f["key"] not in resolved]

    def summary(self):
        blocking, resolved = self.blocking(), self.resolved_keys()
        warnings = len(self.findings) - len(blocking)
        open_ = [f for f in blocking if f["key"] not in resolved]
        if open_:
            text = _("检查发现 %(n)d 处须整改的问题，已退回修改：") % {"n": len(open_)}
            text += "；".join(f"{f['location']}：{f['message']}" for f in open_[:5])
            return text + ("……" if len(open_) > 5 else "")
        if blocking:
            text = _("检查发现的 %(n)d 处须整改问题均已由保密审查员认定可以发布。") % {"n": len(blocking)}
        else:
            text = _("自动检查通过。")
        if warnings:
            text += _("另有 %(n)d 处提示，请审核人留意。") % {"n": warnings}
        return str(text)


def skip_unneeded_levels(workflow_state, revision, obj):
    """Mark at once the levels this revision does not need (see the module docstring)."""
    for task in workflow_state.workflow.tasks.filter(active=True).specific():
        if isinstance(task, ChainStepMixin) and not task.is_needed_for(obj):
            done = workflow_state.task_states.filter(task=task, revision=revision).exclude(
                status__in=[TaskState.STATUS_IN_PROGRESS, TaskState.STATUS_CANCELLED, TaskState.STATUS_REJECTED]
            )
            if not done.exists():
                task.skip(workflow_state, revision, obj)
