"""What the office does with a request (R-PUB-9): turn it into a draft, or return it.

Both are recorded on the request (``handled_by``, ``handled_at``) and in the Wagtail
history of the request and, for a draft, of the new page.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.log_actions import log

from zhanqun.content.models import ArticlePage, NoticePage

from .enums import CommissionStatus, DraftType

DRAFT_MODELS = {DraftType.ARTICLE: ArticlePage, DraftType.NOTICE: NoticePage}


class NotPending(ValueError):
    pass


def draft_body(commission):
    """The request's text, then its files as document links (附件：…)."""
    body = commission.content or ""
    files = list(commission.files.select_related("document"))
    if files:
        links = "".join(
            f'<li><a linktype="document" id="{f.document_id}">{escape(f.title or f.document.title)}</a></li>'
            for f in files
        )
        body += f"<p>附件：</p><ul>{links}</ul>"
    return body


@transaction.atomic
def create_draft(commission, column, user, draft_type=DraftType.ARTICLE):
    """Create an unpublished item in ``column`` carrying the request's title, text,
    files, unit, formed date and source; the request becomes 已转为草稿 and points to
    it. The office then edits and publishes it like any draft (R-PUB-2 review applies)."""
    if not commission.is_pending:
        raise NotPending("只有待处理的申请可以转为草稿。")
    model = DRAFT_MODELS[DraftType(draft_type)]
    page = model(
        title=commission.title,
        body=draft_body(commission),
        responsible_unit=commission.unit,
        formed_date=commission.formed_date,
        live=False,
        owner=user,
    )
    if model is ArticlePage:
        page.source = commission.source or commission.unit.name
    else:
        page.issuer = commission.unit.name
    column.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user, revision=revision, content_changed=True)
    log(
        instance=page,
        action="commissions.draft_from_request",
        user=user,
        data={"commission_id": commission.pk, "commission": commission.title, "unit": commission.unit.name},
    )

    commission.status = CommissionStatus.DRAFTED
    commission.draft_page = page
    commission.handled_by = user
    commission.handled_at = timezone.now()
    commission.save(update_fields=["status", "draft_page", "handled_by", "handled_at"])
    log(
        instance=commission,
        action="commissions.draft",
        user=user,
        data={"page_id": page.pk, "column": column.title, "type": str(model._meta.verbose_name)},
    )
    return page


@transaction.atomic
def return_commission(commission, user, reason):
    """Send the request back to its unit with the reason; the unit may change it, which
    puts it back in the queue (``resubmit``)."""
    if not commission.is_pending:
        raise NotPending("只有待处理的申请可以退回。")
    commission.status = CommissionStatus.RETURNED
    commission.return_reason = reason
    commission.handled_by = user
    commission.handled_at = timezone.now()
    commission.save(update_fields=["status", "return_reason", "handled_by", "handled_at"])
    log(instance=commission, action="commissions.return", user=user, data={"reason": reason})


def resubmit(commission, user):
    """A returned request changed by its unit waits for the office again."""
    commission.status = CommissionStatus.PENDING
    commission.handled_by = None
    commission.handled_at = None
    commission.save(update_fields=["status", "handled_by", "handled_at"])
    log(instance=commission, action="commissions.resubmit", user=user, data={"reason": commission.return_reason})
