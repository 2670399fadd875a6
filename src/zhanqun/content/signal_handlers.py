"""Role permissions of the content app, granted after every migrate (docs/roles.md)."""

from django.db.models.signals import post_migrate


def on_post_migrate(sender, **kwargs):
    """Give 站点管理员 the right to take items down and read the take-down records, and
    审计员 the records (R-SEC-6). Idempotent; runs once per migrate, after ``units``
    has created the role groups (``units`` comes first in INSTALLED_APPS)."""
    if sender.label != "content":
        return
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .permissions import ROLE_PERMISSIONS

    using = kwargs.get("using", "default")
    create_permissions(sender, verbosity=0, using=using)
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.using(using).filter(name=str(role.label)).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.using(using).filter(content_type__app_label="content", codename__in=codenames)
            )


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.content.role_permissions")
