"""What gets recorded without the acting code calling us (R-SEC-3, docs/audit.md).

* sign-in, sign-out and failed sign-ins (Django's auth signals);
* every Wagtail log entry (``PageLogEntry``, ``ModelLogEntry`` and any other subclass of
  ``BaseLogEntry``): create, edit, publish, unpublish, delete, move, workflow approve and
  reject, lock, settings and user edits … — mirrored, with Wagtail's code and label;
* changes of a user's groups and permissions and of a group's permissions (``m2m_changed``
  on both sides); page and collection permissions of groups when changed during a
  back-office request (those changed by the code itself derive from a column's unit,
  whose change is recorded as the page edit).

Handlers write in the acting transaction (see ``services``) and raise ``AuditWriteError``
when they cannot, which rolls that transaction back.
"""

from django.apps import apps
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import services
from .enums import AuditAction
from .services import ObjectRef

User = get_user_model()


def on_user_logged_in(sender, request, user, **kwargs):
    services.record(request, AuditAction.LOGIN, obj=user, user=user)


def on_user_logged_out(sender, request, user, **kwargs):
    if user is not None:
        services.record(request, AuditAction.LOGOUT, obj=user, user=user)


def on_user_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    services.record(request, AuditAction.LOGIN_FAILED, success=False, user=None, username=username)


def _user(user_id):
    if user_id is None:
        return None
    request = services.current_request()
    current = getattr(request, "user", None)
    if current is not None and current.pk == user_id:
        return current
    return User.objects.filter(pk=user_id).first()


def on_log_entry_saved(sender, instance, created=False, raw=False, **kwargs):
    """Mirror a Wagtail log entry as an audit record in the same transaction."""
    if not created or raw:
        return
    user = _user(instance.user_id)
    services.record(
        None,
        instance.action,
        obj=ObjectRef(instance.content_type, str(instance.object_id), instance.label),
        user=user,
        username=None if user is not None or instance.user_id is None else f"#{instance.user_id}",
        log_entry=f"{sender._meta.label}:{instance.pk}",
        revision=instance.revision_id,
        uuid=str(instance.uuid) if instance.uuid else None,
        data=instance.data,
    )


M2M_ACTIONS = {
    User.groups.through: AuditAction.USER_GROUPS,
    User.user_permissions.through: AuditAction.USER_PERMISSIONS,
    Group.permissions.through: AuditAction.GROUP_PERMISSIONS,
}
OPERATIONS = {"post_add": "add", "post_remove": "remove", "pre_clear": "clear"}


def _names(model, pks):
    queryset = model._default_manager.filter(pk__in=pks)
    if model is Permission:
        return [f"{a}.{c}" for a, c in queryset.values_list("content_type__app_label", "codename")]
    if model is Group:
        return list(queryset.values_list("name", flat=True))
    if model is User:
        return list(queryset.values_list(User.USERNAME_FIELD, flat=True))
    return [str(o) for o in queryset]


LOADED_RAW = "_zhanqun_audit_loaded_raw"


def on_saved_raw(sender, instance, raw=False, **kwargs):
    """Mark an object loaded from a fixture or a database snapshot (``raw`` save): the
    many-to-many rows the loader sets next are part of the snapshot, not a change."""
    if raw:
        setattr(instance, LOADED_RAW, True)


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    operation = OPERATIONS.get(action)
    if operation is None or getattr(instance, LOADED_RAW, False):
        return
    if action == "pre_clear":  # Django sends no pk_set for clear: read what is about to go
        fks = [f for f in sender._meta.fields if f.is_relation]
        source = next(f for f in fks if isinstance(instance, f.related_model))
        target = next(f for f in fks if f.related_model is model and f is not source)
        pk_set = set(sender.objects.filter(**{source.name: instance}).values_list(target.attname, flat=True))
    if not pk_set:
        return
    services.record(
        None,
        M2M_ACTIONS[sender],
        obj=instance,
        operation=operation,
        items=sorted(_names(model, pk_set)),
    )


def on_object_permission_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and services.current_request() is not None:
        _object_permission(instance, "add")


def on_object_permission_deleted(sender, instance, **kwargs):
    if services.current_request() is not None:
        _object_permission(instance, "remove")


def _object_permission(instance, operation):
    target = getattr(instance, "page", None) or getattr(instance, "collection", None)
    services.record(
        None,
        AuditAction.OBJECT_PERMISSIONS,
        obj=instance.group,
        operation=operation,
        permission=instance.permission.codename if instance.permission_id else "",
        target=f"{target._meta.verbose_name} {target}",
        target_id=target.pk,
    )


def connect():
    """Called from ``AuditConfig.ready`` (not at import: STYLE.md)."""
    from wagtail.models import BaseLogEntry, GroupCollectionPermission, GroupPagePermission

    user_logged_in.connect(on_user_logged_in, dispatch_uid="zhanqun.audit.login")
    user_logged_out.connect(on_user_logged_out, dispatch_uid="zhanqun.audit.logout")
    user_login_failed.connect(on_user_login_failed, dispatch_uid="zhanqun.audit.login_failed")
    for model in apps.get_models():
        if issubclass(model, BaseLogEntry):
            post_save.connect(on_log_entry_saved, sender=model, dispatch_uid=f"zhanqun.audit.log.{model._meta.label}")
    for through in M2M_ACTIONS:
        m2m_changed.connect(on_m2m_changed, sender=through, dispatch_uid=f"zhanqun.audit.m2m.{through._meta.label}")
    for model in {f.related_model for through in M2M_ACTIONS for f in through._meta.fields if f.is_relation}:
        post_save.connect(on_saved_raw, sender=model, dispatch_uid=f"zhanqun.audit.raw.{model._meta.label}")
    for model in (GroupPagePermission, GroupCollectionPermission):
        post_save.connect(on_object_permission_saved, sender=model, dispatch_uid=f"zhanqun.audit.perm.{model.__name__}")
        post_delete.connect(
            on_object_permission_deleted, sender=model, dispatch_uid=f"zhanqun.audit.perm-del.{model.__name__}"
        )
