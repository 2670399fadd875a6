"""What happens when the last level approves (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Imported by ``wagtail.models`` while the models load, so nothing is imported at module
level.
"""


def publish_approved_revision(workflow_state, user=None):
    """Publish the revision the chain approved (R-PUB-2).

    Wagtail's default publishes the latest revision with the approver's own page
    permissions, so a 单位负责人 or 分管领导 — who may approve but not publish pages
    — would fail at the last step. Here the approved chain is the authority: the
    revision every level approved goes live, the last approver recorded as publisher.
    With ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` that is the latest revision.
    """
    revision = workflow_state.current_task_state.revision
    revision.publish(user=user, skip_permission_checks=True)
