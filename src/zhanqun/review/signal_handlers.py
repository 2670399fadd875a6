"""Archive the review record when a version goes live (R-PUB-10)."""

from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context
from wagtail.signals import page_published

from .services import freeze_record


@receiver(page_published)
def on_page_published(sender, instance, revision=None, alias=False, **kwargs):
    """Freeze the record of the published revision. The publisher is the signed-in
    user who published (Wagtail's log context) or, when the workflow published it,
    the last approver; an alias follows its original and has no record of its own."""
    if alias or revision is None:
        return
    freeze_record(instance, revision, user=get_active_log_context().user)
