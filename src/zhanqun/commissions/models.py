"""委托发布申请: a unit asks the government office to publish information for it (R-PUB-9).

001:18: a unit that needs the office to make and publish information states the
publishing unit, date, content, source, form and requirements, in writing with an
electronic copy. Here the unit's editor (信息员) fills in a request with its files; the
office's staff (站点管理员, 政府办公室审核员) see the queue and turn a request into a
draft item in a column with one action (``services.create_draft``), or return it with a
reason. Who did what and when is on the request (``submitted_*``, ``handled_*``) and in
its Wagtail history (``commissions.*`` log actions).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from zhanqun.content.models import BODY_FEATURES

from .enums import CommissionStatus, PublishForm


class CommissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office's staff see every request; anyone else only their unit's (R-PUB-9)."""
        from .permissions import handles_commissions, user_unit_id

        if handles_commissions(user):
            return self
        unit_id = user_unit_id(user)
        return self.filter(unit_id=unit_id) if unit_id else self.none()

    def pending(self):
        return self.filter(status=CommissionStatus.PENDING)


class Commission(ClusterableModel):
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="commissions"
    )
    title = models.CharField(_("标题"), max_length=200)
    publish_date = models.DateField(_("发布日期"), default=timezone.localdate, help_text=_("希望发布的日期。"))
    formed_date = models.DateField(
        _("信息形成日期"),
        default=timezone.localdate,
        help_text=_("转成的信息沿用此日期，发布时效从该日起算。"),
    )
    content = RichTextField(_("发布内容"), features=BODY_FEATURES)
    source = models.CharField(_("信息来源"), max_length=100, blank=True, help_text=_("例如“市发展改革委”。"))
    form = models.CharField(_("发布形式"), max_length=20, choices=PublishForm.choices, default=PublishForm.TEXT)
    requirements = models.TextField(
        _("发布要求"), blank=True, help_text=_("例如发布位置、发布时间、是否需配发解读等。")
    )
    suggested_column = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("建议栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("希望发布到的栏目，由政府办公室最终确定。"),
    )

    status = models.CharField(
        _("状态"), max_length=20, choices=CommissionStatus.choices, default=CommissionStatus.PENDING, editable=False
    )
    return_reason = models.TextField(_("退回原因"), blank=True, editable=False)
    draft_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("转成的信息"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="commissions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True, editable=False)

    objects = CommissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("委托发布申请")
        verbose_name_plural = _("委托发布申请")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("handle_commission", "可处理委托发布申请（转为草稿、退回）")]

    def __str__(self):
        return self.title

    @property
    def is_pending(self):
        return self.status == CommissionStatus.PENDING

    @property
    def is_open(self):
        """The unit may still change it: waiting, or returned to them."""
        return self.status in (CommissionStatus.PENDING, CommissionStatus.RETURNED)


class CommissionFile(Orderable):
    """A file sent with a request (Wagtail document); the draft links to it."""

    commission = ParentalKey(Commission, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("文件名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题。"))

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.title or self.document.title
