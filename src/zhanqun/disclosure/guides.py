"""The disclosure guide (指南): written by the unit, approved by its head (R-DISC-1).

``submit`` asks the head to approve; ``approve`` freezes the current text as the public
copy; ``edited`` (called after any change) sends an approved guide back to draft while
the public page keeps showing the approved copy until the head approves again.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .enums import GuideStatus
from .models import Guide
from .permissions import can_approve_guide


def edited(guide: Guide, user) -> Guide:
    if guide.status != GuideStatus.DRAFT:
        guide.status = GuideStatus.DRAFT
        guide.save(update_fields=["status"])
    return guide


@transaction.atomic
def submit(guide: Guide, user) -> Guide:
    if guide.status == GuideStatus.APPROVED and guide.approved_content == guide.content():
        raise ValidationError("指南未修改，无需重新审定。")
    guide.status, guide.submitted_by = GuideStatus.SUBMITTED, user
    guide.save(update_fields=["status", "submitted_by"])
    return guide


@transaction.atomic
def approve(guide: Guide, user) -> Guide:
    if not can_approve_guide(user, guide):
        raise PermissionDenied("政府信息公开指南须由本单位负责人审定。")
    if guide.status != GuideStatus.SUBMITTED:
        raise ValidationError("指南须先提交审定。")
    guide.status, guide.approved_by, guide.approved_at = GuideStatus.APPROVED, user, timezone.now()
    guide.approved_content = guide.content()
    guide.save(update_fields=["status", "approved_by", "approved_at", "approved_content"])
    return guide
