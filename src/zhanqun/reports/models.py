"""Stored reports (R-SUP-3) and the criticisms list (R-SUP-4).

A ``Report`` keeps its figures as JSON, computed once when it is generated
(``services.generate``), so a report read, exported or published months later says what
it said on the day it was made, whatever has happened to the pages and cases since.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .periods import KIND_LABELS, Kind, Period

BEIJING = ZoneInfo("Asia/Shanghai")


class ReportKind(models.TextChoices):
    MONTHLY = Kind.MONTHLY.value, KIND_LABELS[Kind.MONTHLY]
    QUARTERLY = Kind.QUARTERLY.value, KIND_LABELS[Kind.QUARTERLY]
    ANNUAL = Kind.ANNUAL.value, KIND_LABELS[Kind.ANNUAL]


class Report(models.Model):
    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    due_date = models.DateField(_("报送期限"), help_text=_("期间结束后次月6日前。"))
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("由定时任务生成时为空。"),
    )
    data = models.JSONField(_("报告数据"), default=dict, editable=False)
    notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("考评通报"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("由本报告考评结果生成的通知公告草稿。"),
    )

    class Meta:
        verbose_name = _("统计报告")
        verbose_name_plural = _("统计报告")
        ordering = ["-period_start", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "period_start"], name="reports_one_report_per_period")]
        permissions = [
            ("export_report", "可导出统计报告"),
            ("publish_notice", "可将考评结果生成通报"),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self):
        return Period(Kind(self.kind), self.period_start, self.period_end)

    @property
    def title(self):
        return self.period.title

    @property
    def label(self):
        return self.period.label

    @property
    def generated_on_time(self):
        return timezone.localtime(self.generated_at, BEIJING).date() <= self.due_date


class UnitCriticism(models.Model):
    """通报批评: a unit criticised in a year is barred from that year's awards (评优评先,
    R-SUP-4; 001:27). Kept as a list the government office edits."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("年度"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("受到批评的年度；该单位不得参加本年度评优评先。"),
    )
    date = models.DateField(_("批评日期"))
    reason = models.TextField(_("批评事由"))
    source = models.CharField(
        _("来源或文号"), max_length=200, help_text=_("如 云政办通报〔2026〕3号，或督查检查名称。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通报批评")
        verbose_name_plural = _("通报批评名单")
        ordering = ["-year", "-date", "-pk"]

    def __str__(self):
        return f"{self.year}年 {self.unit}：{self.source}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"year": _("批评日期不在所填年度内。")})
