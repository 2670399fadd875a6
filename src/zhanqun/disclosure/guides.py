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
    rerender_guide_columns(guide.unit)
    return guide


def rerender_guide_columns(unit):
    """The 公开指南 column of each site the unit owns links ``/xxgk/guide/`` only once the
    guide is published (``columns/column_page.html``; no link to a 404 before): render
    those columns again when the guide is first approved."""
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage
    from zhanqun.sitegroup.models import SiteIdentity

    from .catalog import rerender_page

    for identity in SiteIdentity.objects.filter(owner_unit=unit).select_related("site__root_page"):
        for column in ColumnPage.objects.live().descendant_of(identity.site.root_page).filter(kind=ColumnKind.GUIDE):
            rerender_page(column)


def supervision_for(unit=None):
    """R-DISC-6: where to complain about the disclosure work of ``unit`` (条例 Art. 51: to
    the body above it or the 政府信息公开工作主管部门): the 监督举报 channel of its approved
    guide, else that of the government office's (the 主管部门 at this level, Art. 4). For
    no unit (the portal's catalog of every unit), the office's. None when neither guide
    names one. Returns the channel with ``body`` defaulting to the guide's unit."""
    from zhanqun.units.enums import UnitKind

    guides = []
    if unit is not None:
        guides.append(Guide.objects.filter(unit=unit).select_related("unit").first())
    guides.append(
        Guide.objects.filter(unit__kind=UnitKind.OFFICE).select_related("unit").order_by("unit__sort_order").first()
    )
    for guide in guides:
        channel = guide.published_supervision() if guide is not None else None
        if channel is not None:
            return {**channel, "body": channel["body"] or guide.unit.name}
    return None
