from django.db.models.signals import post_save
from django.dispatch import receiver

from zhanqun.units.permissions import sync_column_permissions

from .models import ColumnPage, SpecialTopicPage


@receiver(post_save, sender=ColumnPage)
@receiver(post_save, sender=SpecialTopicPage)
def on_column_saved(sender, instance, raw=False, **kwargs):
    """Editor rights follow the column's responsible unit."""
    if not raw:
        sync_column_permissions(instance)
