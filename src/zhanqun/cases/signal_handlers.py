"""Signal handlers of the cases app (docs/cases.md): role permissions after every
migrate; provisional clocks counted again when a year's holidays are loaded."""

import logging

from django.db.models.signals import post_migrate

from zhanqun.workdays.signals import year_loaded

logger = logging.getLogger(__name__)


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


def on_year_loaded(sender, year=None, **kwargs):
    """A year's holiday schedule was loaded (工作日历): every provisional clock (期限暂定) is
    counted again, in one transaction, with a timeline event on each case it changes."""
    from .lifecycle import recompute_provisional_clocks

    events = recompute_provisional_clocks(year=year)
    if events:
        logger.info("year %s loaded: deadlines of %d provisional case(s) counted again", year, len(events))
    return len(events)


year_loaded.connect(on_year_loaded, dispatch_uid="zhanqun.cases.recompute_provisional_clocks")
