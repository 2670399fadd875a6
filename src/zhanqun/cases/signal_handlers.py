"""Role permissions of the cases app, granted after every migrate (docs/cases.md)."""

from django.db.models.signals import post_migrate


def on_post_migrate(sender, **kwargs):
    """Grant ``permissions.ROLE_PERMISSIONS`` to the role groups. Idempotent; ``units``
    (earlier in INSTALLED_APPS) has created the groups."""
    if sender.label != "cases":
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
                *Permission.objects.using(using).filter(content_type__app_label="cases", codename__in=codenames)
            )


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.cases.role_permissions")
