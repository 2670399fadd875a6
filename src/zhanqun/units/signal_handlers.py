"""Keep unit editor groups and role groups in step with the data they derive from."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_migrate, post_save
from django.dispatch import receiver

from .duties import DUTY_GROUP_NAMES, check_separated_duties
from .models import StaffProfile, Unit
from .permissions import ensure_roles, ensure_unit_group, sync_user_unit_groups

User = get_user_model()


@receiver(post_save, sender=Unit)
def on_unit_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_unit_group(instance)


@receiver(post_save, sender=StaffProfile)
def on_staff_profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_user_unit_groups(instance.user)


@receiver(m2m_changed, sender=User.groups.through)
def on_user_groups_changed(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        sync_user_unit_groups(instance)


@receiver(m2m_changed, sender=User.groups.through)
def on_user_groups_adding(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """三员分立 at the model level: refuse, before anything is written, a grant that
    would give one account two of the separated duties (units.duties), whichever side
    it comes from (``user.groups.add`` or ``group.user_set.add``)."""
    if action != "pre_add" or not pk_set:
        return
    if not reverse:
        adding = set(Group.objects.filter(pk__in=pk_set, name__in=DUTY_GROUP_NAMES).values_list("name", flat=True))
        if adding:
            current = set(instance.groups.filter(name__in=DUTY_GROUP_NAMES).values_list("name", flat=True))
            check_separated_duties(current | adding)
    elif instance.name in DUTY_GROUP_NAMES:
        holders = (
            User.objects.filter(pk__in=pk_set, groups__name__in=DUTY_GROUP_NAMES)
            .exclude(groups=instance)
            .values_list("groups__name", flat=True)
        )
        for name in set(holders):
            if name != instance.name:
                check_separated_duties({name, instance.name})


def on_post_migrate(sender, **kwargs):
    # Run once per migrate, after the last app's post_migrate: ensure_roles creates
    # the content types and permissions of every app itself, so order does not matter.
    if sender.label == "units":
        ensure_roles(using=kwargs.get("using", "default"))


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.units.ensure_roles")
