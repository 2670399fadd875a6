from django.db.models.signals import post_save
from django.dispatch import receiver

from zhanqun.units.permissions import sync_column_permissions

from .models import ColumnPage, SpecialTopicPage


@receiver(post_save, sender=ColumnPage)
@receiver(post_save, sender=SpecialTopicPage)
def on_column_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Editor rights follow the column's responsible unit — as published: saving a
    draft revision (a save with update_fields that leave the unit alone) moves nothing."""
    if raw or (update_fields is not None and "responsible_unit" not in update_fields):
        return
    sync_column_permissions(instance)
