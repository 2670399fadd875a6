"""Installing the workflow 信息发布审核 (R-PUB-2), idempotently, after every migrate.

Called by ``units.permissions.ensure_roles``. Creates what is missing and changes
nothing an administrator set: task names, the groups of the upper levels, a
workflow attached to the root page other than Wagtail's default or the old stop-gap.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from zhanqun.content.enums import Importance
from zhanqun.units.enums import Role

from .enums import Step

WORKFLOW_NAME = "信息发布审核"
# 领导小组: the leading group for government websites; not a Role of its own (a
# member usually also holds 分管领导 or 政府办公室审核员), just a group the
# 领导小组审定 task approves through.
LEADING_GROUP_NAME = "领导小组"
# Wagtail's initial workflow and the stop-gap that routed it to 站点管理员.
REPLACED_WORKFLOWS = ("Moderators approval", "站点管理员审核（临时）")

TASKS = [
    ("screening", "自动检查", None),
    ("unit", "单位负责人审核", Step.UNIT_HEAD),
    ("unit", "分管领导审核", Step.LEADER_IN_CHARGE),
    ("group", "政府办公室审核", Step.OFFICE),
    ("group", "领导小组审定", Step.LEADING_GROUP),
]


def leading_group():
    group, _created = Group.objects.get_or_create(name=LEADING_GROUP_NAME)
    access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access:
        group.permissions.add(access)
    return group


def _group_for(step):
    if step == Step.OFFICE:
        group, _created = Group.objects.get_or_create(name=str(Role.OFFICE_REVIEWER.label))
        return group
    return leading_group()


def ensure_tasks():
    from .models import GroupStepTask, ScreeningTask, UnitApprovalTask

    tasks = []
    for kind, name, step in TASKS:
        if kind == "screening":
            task = ScreeningTask.objects.first() or ScreeningTask.objects.create(name=name)
        elif kind == "unit":
            task = UnitApprovalTask.objects.filter(step=step).first() or UnitApprovalTask.objects.create(
                name=name, step=step
            )
        else:
            task = GroupStepTask.objects.filter(step=step).first()
            if task is None:
                task = GroupStepTask.objects.create(name=name, step=step)
                task.groups.set([_group_for(step)])
        tasks.append(task)
    return tasks


def ensure_chain_rules():
    """The group-wide rules, one per importance class, with the defaults (chain.py)."""
    from .models import ReviewChainRule

    for importance in Importance:
        ReviewChainRule.objects.get_or_create(
            site=None, importance=importance, defaults=ReviewChainRule.defaults_for(importance)
        )


@transaction.atomic
def install_review_workflow():
    """Create the workflow and attach it to the root page, hence every site."""
    from wagtail.models import Page, Task, TaskState, Workflow, WorkflowPage, WorkflowTask

    leading_group()
    tasks = ensure_tasks()
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    root = Page.get_first_root_node()
    if root is not None:
        current = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
        if current is None:
            WorkflowPage.objects.create(page=root, workflow=workflow)
        elif current.workflow.name in REPLACED_WORKFLOWS:
            current.workflow = workflow
            current.save()
    # Items already in review under the replaced workflows finish there; nothing new starts.
    replaced = Workflow.objects.filter(name__in=REPLACED_WORKFLOWS)
    replaced.update(active=False)
    Task.objects.filter(workflow_tasks__workflow__in=replaced, active=True).exclude(
        task_states__status=TaskState.STATUS_IN_PROGRESS
    ).exclude(pk__in=[t.pk for t in tasks]).update(active=False)
    _remove_unused(replaced, keep=tasks)
    ensure_chain_rules()
    return workflow


def _remove_unused(workflows, keep):
    """Wagtail's initial workflow and task ("Moderators approval"), never used on a new
    install, are deleted: their English names showed in the reports' filters. Ones that
    ever held an item stay (deactivated) for the record."""
    from wagtail.models import Task, WorkflowState

    for workflow in workflows:
        if WorkflowState.objects.filter(workflow=workflow).exists():
            continue
        tasks = list(Task.objects.filter(workflow_tasks__workflow=workflow).exclude(pk__in=[t.pk for t in keep]))
        workflow.delete()
        for task in tasks:
            if not task.task_states.exists() and not task.workflow_tasks.exists():
                task.delete()


def review_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=WORKFLOW_NAME).first()
