"""公众提交审核 — the moderation queue (R-INT-3).

What the public submits (a message to the mayor's mailbox, a comment on a draft
policy, an answer shown on the site …) is checked by a 站点管理员 before it is
shown. An app that takes public input posts into the queue with ``submit`` and
listens to ``moderation_decided``; it shows the content only while
``ModerationItem.is_public``. The text is screened on arrival with the same engine
as the items, so the operator sees ID numbers, phone numbers, advertising and the
like marked before deciding.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import ModerationStatus

# Sent after a decision: sender=ModerationItem, instance, user.
moderation_decided = Signal()


class ModerationItem(models.Model):
    """One public submission waiting for, or having had, an operator's decision."""

    kind = models.CharField(_("类型"), max_length=40, help_text=_("例如“领导信箱”“意见征集”。"))
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("网站"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    title = models.CharField(_("标题"), max_length=255)
    text = models.TextField(_("内容"))
    author_name = models.CharField(_("提交人"), max_length=100, blank=True, help_text=_("对外显示的称呼，如“王先生”。"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    findings = models.JSONField(_("检查结果"), default=list, blank=True)
    has_blocking = models.BooleanField(_("有须处理的问题"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=ModerationStatus.choices, default=ModerationStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.TextField(_("审核理由"), blank=True)

    class Meta:
        verbose_name = _("公众提交内容")
        verbose_name_plural = _("公众提交内容")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("moderate_moderationitem", _("可以审核公众提交内容"))]

    def __str__(self):
        return f"{self.kind}：{self.title}"

    @property
    def is_public(self):
        return self.status == ModerationStatus.APPROVED

    @property
    def is_pending(self):
        return self.status == ModerationStatus.PENDING

    def parts(self):
        return [{"label": _("标题"), "text": self.title}, {"label": _("内容"), "text": self.text}]

    def findings_in(self, part):
        return [f for f in self.findings if f.get("part") == part]

    def _decide(self, status, user, reason):
        reason = (reason or "").strip()
        if not self.is_pending:
            raise ValidationError(_("这条内容已经审核过了。"))
        if status == ModerationStatus.REJECTED and not reason:
            raise ValidationError({"reason": _("不予显示时须写明理由。")})
        if status == ModerationStatus.APPROVED and self.has_blocking and not reason:
            raise ValidationError({"reason": _("内容含有须处理的问题（见标记），如仍予显示，须写明理由。")})
        with transaction.atomic():
            self.status, self.decided_by, self.decided_at, self.reason = status, user, timezone.now(), reason
            self.save(update_fields=["status", "decided_by", "decided_at", "reason"])
            moderation_decided.send(sender=ModerationItem, instance=self, user=user)

    def approve(self, user, reason=""):
        """Show it on the site (R-INT-3)."""
        self._decide(ModerationStatus.APPROVED, user, reason)

    def reject(self, user, reason):
        """Do not show it; the reason is required."""
        self._decide(ModerationStatus.REJECTED, user, reason)


def submit(*, kind, title, text, site=None, source=None, author_name=""):
    """Put a public submission in the queue, screened. Returns the ``ModerationItem``."""
    from ..screening import screen_submission

    report = screen_submission(title, text)
    item = ModerationItem(
        kind=kind,
        site=site,
        title=title,
        text=text,
        author_name=author_name,
        findings=report.findings,
        has_blocking=bool(report.blocking),
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(source)
        item.source_id = str(source.pk)
    item.save()
    return item
