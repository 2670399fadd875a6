"""Roles and the unit-scoped page permissions derived from the data.

Two kinds of Wagtail groups:

* **Role groups**, one per ``Role`` (named in Chinese: 信息员, 单位负责人 …), created by
  ``ensure_roles`` after every migrate. They carry what a role may do anywhere.
* **Unit editor groups**, one per unit (``信息员：<单位>``), created with the unit. They hold
  page permissions (add, change) on exactly the columns the unit is responsible for
  (``sync_column_permissions``). A user is in their unit's editor group when their
  profile names the unit and they hold the 信息员 role (``sync_user_unit_groups``).

So an editor can edit only the columns their unit is responsible for (R-COL-1), and
moving a column to another unit moves the permission with it. Who approves and
publishes is the review workflow's business (docs/review.md), installed here after
every migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .enums import Role

UNIT_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
SITE_OPERATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "choose_image"),
    "wagtaildocs": ("add_document", "choose_document"),
}

# Model permissions per role, as "app_label.codename".
ROLE_MODEL_PERMISSIONS = {
    Role.SITE_OPERATOR: [
        "sitegroup.change_siteidentity",
        "units.view_unit",
        "wagtailimages.change_image",
        "wagtaildocs.change_document",
        # R-INT-3: operators decide what the public submitted (审核 → 公众提交审核).
        "review.moderate_moderationitem",
        "review.view_moderationitem",
        "review.view_reviewrecord",
        # R-SUP: 网站监测 — the scorecard, the findings and the allowed link domains.
        "monitoring.view_finding",
        "monitoring.view_alloweddomain",
        "monitoring.add_alloweddomain",
        "monitoring.change_alloweddomain",
        "monitoring.delete_alloweddomain",
    ],
    # R-PUB-3: accept a blocking screening finding with a written reason.
    Role.CONFIDENTIALITY_REVIEWER: [
        "review.add_screeningoverride",
        "review.view_screeningoverride",
        "review.view_reviewrecord",
    ],
    Role.OFFICE_REVIEWER: ["review.view_reviewrecord", "monitoring.view_finding"],
    Role.AUDITOR: [
        # R-SEC-3: 审计日志 (docs/audit.md); read-only: the model has no other permission.
        "audit.view_auditrecord",
        "review.view_reviewrecord",
        "review.view_screeningoverride",
        "review.view_moderationitem",
    ],
    # 三员分立 (docs/accounts.md): policies, devices and lockouts; no users, no content.
    Role.SECURITY_ADMINISTRATOR: [
        "accounts.change_securitypolicy",
        "accounts.view_networkallowance",
        "accounts.add_networkallowance",
        "accounts.change_networkallowance",
        "accounts.delete_networkallowance",
        "accounts.view_device",
        "accounts.change_device",
        "accounts.delete_device",
        "accounts.manage_sign_in",
    ],
    Role.SYSTEM_ADMINISTRATOR: [
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "units.add_unit",
        "units.change_unit",
        "units.view_unit",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "sitegroup.change_siteidentity",
        "workdays.add_holidayyear",
        "workdays.change_holidayyear",
        "workdays.view_holidayyear",
        # R-PUB-2: which levels each importance class goes through (设置 → 审核流程规则).
        "review.add_reviewchainrule",
        "review.change_reviewchainrule",
        "review.delete_reviewchainrule",
        "review.view_reviewchainrule",
    ],
}

# Permissions other apps grant to a role from their ``AppConfig.ready()``
# (``register_role_permissions``), so an app that comes later (duty reading, reports,
# analytics) declares its own grants instead of editing the table above.
_REGISTERED_ROLE_PERMISSIONS: dict[Role, list[str]] = {}


def register_role_permissions(role, names):
    """Grant the model permissions ``names`` ("app_label.codename") to ``role`` at the
    next ``ensure_roles`` (after every migrate). Call from an ``AppConfig.ready()``."""
    bucket = _REGISTERED_ROLE_PERMISSIONS.setdefault(Role(role), [])
    bucket.extend(name for name in names if name not in bucket)


def role_model_permissions(role):
    """Every model permission name ``role`` holds: the table above plus registered ones."""
    return [*ROLE_MODEL_PERMISSIONS.get(role, []), *_REGISTERED_ROLE_PERMISSIONS.get(Role(role), [])]


# Wagtail's initial migration creates these broad groups; our roles replace them.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


def _permissions(names):
    perms = []
    for name in names:
        app_label, codename = name.split(".")
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            perms.append(perm)
    return perms


def role_group(role):
    return Group.objects.get(name=str(Role(role).label))


def _grant_collection_permissions(group):
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=perm)


def _grant_page_permissions(group, page, codenames):
    from wagtail.models import GroupPagePermission

    for codename in codenames:
        perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


@transaction.atomic
def ensure_roles(using="default"):
    """Create or update every role group; idempotent (runs after each migrate)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from wagtail.models import Page

    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)

    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    access_admin = _permissions(["wagtailadmin.access_admin"])
    root_page = Page.get_first_root_node()
    for role in Role:
        group, _created = Group.objects.get_or_create(name=str(role.label))
        group.permissions.add(*access_admin, *_permissions(role_model_permissions(role)))
        if role in (Role.SITE_OPERATOR, Role.UNIT_EDITOR):
            _grant_collection_permissions(group)
        if role == Role.SITE_OPERATOR and root_page is not None:
            _grant_page_permissions(group, root_page, SITE_OPERATOR_PAGE_PERMISSIONS)
    _install_review_workflow()


def _install_review_workflow():
    """R-PUB-2: the review app's workflow 信息发布审核 (screening, then the approval
    chain by importance and unit) replaces Wagtail's default "Moderators approval" on
    the root page, hence on every site (docs/review.md). Imported lazily: the review
    app sits above this one."""
    if global_apps.is_installed("zhanqun.review"):
        from zhanqun.review.workflow import install_review_workflow

        install_review_workflow()


def ensure_unit_group(unit):
    """Create (or rename) the unit's editor group."""
    from .models import Unit

    group = unit.editor_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=unit.editor_group_name)
        Unit.objects.filter(pk=unit.pk).update(editor_group=group)
        unit.editor_group = group
    elif group.name != unit.editor_group_name:
        group.name = unit.editor_group_name
        group.save(update_fields=["name"])
    group.permissions.add(*_permissions(["wagtailadmin.access_admin"]))
    _grant_collection_permissions(group)
    return group


def sync_column_permissions(column):
    """Give the column's responsible unit (and only it) editor rights on the column subtree."""
    from wagtail.models import GroupPagePermission

    unit_groups = Group.objects.filter(editor_unit__isnull=False)
    GroupPagePermission.objects.filter(page=column, group__in=unit_groups).exclude(
        group__editor_unit=column.responsible_unit_id
    ).delete()
    if column.responsible_unit_id:
        group = column.responsible_unit.editor_group or ensure_unit_group(column.responsible_unit)
        _grant_page_permissions(group, column, UNIT_EDITOR_PAGE_PERMISSIONS)


def sync_user_unit_groups(user):
    """Put the user in their unit's editor group iff they hold the 信息员 role."""
    from .models import StaffProfile

    profile = StaffProfile.objects.filter(user=user).select_related("unit").first()
    is_editor = user.groups.filter(name=str(Role.UNIT_EDITOR.label)).exists()
    wanted = set()
    if is_editor and profile and profile.unit_id:
        group = profile.unit.editor_group or ensure_unit_group(profile.unit)
        wanted.add(group.pk)
    current = set(user.groups.filter(editor_unit__isnull=False).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))
