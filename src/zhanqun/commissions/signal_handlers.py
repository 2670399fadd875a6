"""Role permissions of the commissions app, granted after every migrate (docs/commissions.md)."""

from django.db.models.signals import post_migrate


def on_post_migrate(sender, **kwargs):
    """信息员 send requests, 站点管理员 and 政府办公室审核员 handle them (R-PUB-9).
    Idempotent; ``units`` (earlier in INSTALLED_APPS) has created the role groups."""
    if sender.label != "commissions":
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
                *Permission.objects.using(using).filter(content_type__app_label="commissions", codename__in=codenames)
            )


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.commissions.role_permissions")
