"""Archive the review record when a version goes live (R-PUB-10), and tell a unit's
head or leader in charge by e-mail when an item reaches their step."""

from django.dispatch import receiver
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.log_actions import get_active_log_context
from wagtail.signals import page_published, task_submitted

from .models import UnitApprovalTask, UnitApprovalTaskState
from .services import freeze_record


@receiver(page_published)
def on_page_published(sender, instance, revision=None, alias=False, **kwargs):
    """Freeze the record of the published revision. The publisher is the signed-in
    user who published (Wagtail's log context) or, when the workflow published it,
    the last approver; an alias follows its original and has no record of its own."""
    if alias or revision is None:
        return
    freeze_record(instance, revision, user=get_active_log_context().user)


class UnitApprovalSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    """Wagtail mails the members of a group task; a unit step has one approver, the
    head or leader in charge of the item's unit. Same templates as Wagtail's."""

    notification = "submitted"

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, UnitApprovalTaskState) and isinstance(instance.task.specific, UnitApprovalTask)

    def get_recipient_users(self, task_state, **kwargs):
        users = task_state.task.specific.approvers(task_state)
        triggering_user = kwargs.get("user")
        return users.exclude(pk=triggering_user.pk) if triggering_user else users


unit_approval_submission_notifier = UnitApprovalSubmissionEmailNotifier()
task_submitted.connect(
    unit_approval_submission_notifier,
    sender=UnitApprovalTaskState,
    dispatch_uid="review_unit_approval_submitted_email_notification",
)
