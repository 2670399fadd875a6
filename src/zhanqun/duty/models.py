"""值班读网与整改 (R-SUP-2, R-SEC-6, R-SITE-5): docs/duty.md.

* ``ShiftPattern`` (班次) — 白班 08:30–17:30, 夜班 17:30–08:30 …, editable data.
* ``Shift`` (值班安排) — one pattern on one day with the staff user on duty; its start and
  end moments are stored, so "the current shift" is one indexed query.
* ``ChecklistItem`` (读网清单) — what each shift reads; ``ReadingRecord`` (读网记录) — that
  the person on duty read it, when, and what they found (a problem becomes a monitoring
  ``Finding`` with ``monitor=manual``).
* ``QueueEntry`` (本班待办) — a finding opened by a monitor or by the reader, or an
  important item just published (to be re-read), waiting for the person on duty.
* ``RectificationDeadline`` (整改期限) — working days per problem type for the 整改 case
  kind (``case_kinds.py``); ``Rectification`` links such a case to its finding.
* ``MaintenanceNotice`` (维护公告) and ``Incident`` (安全事件).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhanqun.monitoring.enums import Problem

from . import roster
from .enums import (
    ChecklistKind,
    IncidentKind,
    IncidentSeverity,
    QueueSource,
    QueueStatus,
    ReadingResult,
)


class ShiftPattern(models.Model):
    name = models.CharField(_("班次名称"), max_length=30, unique=True)
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"), help_text=_("早于或等于开始时间表示跨夜，到次日该时刻结束。"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = _("班次")
        ordering = ["sort_order", "start"]

    def __str__(self):
        return f"{self.name}（{self.start:%H:%M}–{self.end:%H:%M}{'次日' if self.end <= self.start else ''}）"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Shifts not yet started follow the pattern's new hours; past ones keep theirs.
        from django.utils import timezone

        for shift in self.shifts.filter(starts_at__gt=timezone.now()):
            shift.save()


class Shift(models.Model):
    day = models.DateField(_("日期"))
    pattern = models.ForeignKey(ShiftPattern, verbose_name=_("班次"), on_delete=models.PROTECT, related_name="shifts")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("值班人员"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    starts_at = models.DateTimeField(_("开始"), editable=False)
    ends_at = models.DateTimeField(_("结束"), editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["day", "pattern"], name="duty_one_person_per_shift")]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="duty_shift_bounds")]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.pattern.name} {self.person_name}"

    def save(self, *args, **kwargs):
        self.starts_at, self.ends_at = roster.shift_bounds(self.day, self.pattern.start, self.pattern.end)
        super().save(*args, **kwargs)

    @property
    def person_name(self):
        return f"{self.person.last_name}{self.person.first_name}".strip() or self.person.get_username()


class ChecklistItem(models.Model):
    """One thing each shift reads. ``site`` empty: the whole group (e.g. the R-SUP-2 daily
    points); ``patterns`` empty: every shift."""

    title = models.CharField(_("检查项"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=ChecklistKind.choices, default=ChecklistKind.DAILY)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("站点"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(_("网址"), max_length=500, blank=True, help_text=_("要打开阅读的页面；留空则为站点首页。"))
    guidance = models.TextField(_("检查要求"), blank=True)
    patterns = models.ManyToManyField(
        ShiftPattern, verbose_name=_("适用班次"), blank=True, help_text=_("不选表示每个班次都要检查。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("读网清单项")
        verbose_name_plural = _("读网清单")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return f"{self.site.site_name} · {self.title}" if self.site_id else self.title

    def link(self):
        if self.url:
            return self.url
        if self.site_id:
            return self.site.root_url + "/"
        return ""


class ReadingRecord(models.Model):
    """That the person on duty read something (a checklist item or a page to re-read),
    when, and what they found. A problem is also a monitoring ``Finding``."""

    shift = models.ForeignKey(Shift, verbose_name=_("班次"), on_delete=models.PROTECT, related_name="readings")
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("检查项"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("读网人"), on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("读网时间"))
    result = models.CharField(_("结果"), max_length=10, choices=ReadingResult.choices)
    note = models.TextField(_("情况说明"), blank=True)
    finding = models.ForeignKey(
        "monitoring.Finding",
        verbose_name=_("发现的问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("读网记录")
        verbose_name_plural = _("读网记录")
        ordering = ["-read_at", "-pk"]

    def __str__(self):
        what = self.item or self.page or ""
        return f"{self.read_at:%Y-%m-%d %H:%M} {what} {self.get_result_display()}"


class QueueEntry(models.Model):
    """Something waiting for the person on duty (本班待办)."""

    shift = models.ForeignKey(
        Shift,
        verbose_name=_("进入班次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="queue",
        help_text=_("进入待办时正在值班的班次；空表示当时无人排班。"),
    )
    source = models.CharField(_("来源"), max_length=10, choices=QueueSource.choices)
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("站点"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    finding = models.ForeignKey(
        "monitoring.Finding",
        verbose_name=_("监测发现"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("事项"), max_length=500)
    created_at = models.DateTimeField(_("进入时间"))
    status = models.CharField(_("状态"), max_length=20, choices=QueueStatus.choices, default=QueueStatus.OPEN)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acted_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    note = models.CharField(_("处理说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("值班待办")
        verbose_name_plural = _("值班待办")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="duty_queue_status")]

    def __str__(self):
        return self.title

    @property
    def rectification(self):
        if self.finding_id is None:
            return None
        return Rectification.objects.filter(finding_id=self.finding_id).select_related("case").first()


#: Working days a unit has to rectify each problem type, when no ``RectificationDeadline``
#: row says otherwise (docs/duty.md). Veto problems (国办秘函〔2019〕19号 单项否决) get
#: 1–3 working days, the rest 5–10.
DEFAULT_DEADLINE_DAYS = {
    Problem.UNREACHABLE: 1,
    Problem.FILE_CHANGED: 1,
    Problem.FILE_ADDED: 1,
    Problem.FILE_MISSING: 1,
    Problem.CONTENT_FLAGGED: 1,
    Problem.HOME_STALE: 2,
    Problem.COLUMN_BLANK: 3,
    Problem.COLUMN_STALE: 3,
    Problem.CONSULT_UNANSWERED: 3,
    Problem.CASE_OVERDUE: 5,
    Problem.BROKEN_LINK: 5,
    Problem.FOOTER_MISSING: 5,
    Problem.NO_PUBLISH_DATE: 5,
    Problem.READING: 5,
    Problem.EXTERNAL_UNREVIEWED: 10,
    Problem.SERVICE_GUIDE_INCOMPLETE: 10,
}
FALLBACK_DEADLINE_DAYS = 5


class RectificationDeadline(models.Model):
    problem = models.CharField(_("问题类型"), max_length=30, choices=Problem.choices, unique=True)
    workdays = models.PositiveSmallIntegerField(_("整改期限（工作日）"))

    class Meta:
        verbose_name = _("整改期限")
        verbose_name_plural = _("整改期限")
        ordering = ["workdays", "problem"]

    def __str__(self):
        return f"{self.get_problem_display()}：{self.workdays} 个工作日"

    def clean(self):
        if self.workdays is not None and not 1 <= self.workdays <= 60:
            raise ValidationError({"workdays": _("整改期限应为 1 至 60 个工作日。")})


def deadline_days(problem) -> int:
    row = RectificationDeadline.objects.filter(problem=problem).values_list("workdays", flat=True).first()
    if row:
        return row
    return DEFAULT_DEADLINE_DAYS.get(problem, FALLBACK_DEADLINE_DAYS)


class Rectification(models.Model):
    """The link between a 整改 case and the finding it was opened from (both ways in the
    admin: the case page shows the finding, the queue the case number)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("整改案件"), on_delete=models.PROTECT, related_name="rectification"
    )
    finding = models.ForeignKey(
        "monitoring.Finding", verbose_name=_("监测发现"), on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    reread_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复读确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reread_at = models.DateTimeField(_("复读确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")

    def __str__(self):
        return self.case.number


class MaintenanceNotice(models.Model):
    """维护公告 (R-SITE-5: planned maintenance is announced in advance). Announcing makes a
    draft 通知公告 in each site's 通知公告 column; it is reviewed and published as usual."""

    title = models.CharField(_("标题"), max_length=200)
    sites = models.ManyToManyField("wagtailcore.Site", verbose_name=_("涉及站点"), related_name="+")
    starts_at = models.DateTimeField(_("维护开始"))
    ends_at = models.DateTimeField(_("维护结束"))
    reason = models.TextField(_("维护原因和影响"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT, related_name="+"
    )
    announced_at = models.DateTimeField(_("公告时间"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice_pages = models.ManyToManyField(
        "wagtailcore.Page", verbose_name=_("公告草稿"), blank=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = _("维护公告")
        verbose_name_plural = _("维护公告")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title


class Incident(models.Model):
    """安全事件 (R-SEC-6: incidents are recorded and reported). Tamper and unreachable
    findings opened by a monitor create one automatically (``signal_handlers``)."""

    title = models.CharField(_("事件名称"), max_length=200)
    kind = models.CharField(_("事件类型"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(
        _("事件级别"), max_length=20, choices=IncidentSeverity.choices, default=IncidentSeverity.GENERAL
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("站点"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(_("发生时间"))
    discovered_at = models.DateTimeField(_("发现时间"))
    recovered_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    actions_taken = models.TextField(_("处置情况"), blank=True)
    reported_to = models.CharField(
        _("报告对象"), max_length=200, blank=True, help_text=_("如：市委网信办、市公安局网安支队")
    )
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    findings = models.ManyToManyField(
        "monitoring.Finding", verbose_name=_("相关监测发现"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空表示由监测自动登记。"),
    )

    class Meta:
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["-discovered_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.occurred_at and self.discovered_at and self.discovered_at < self.occurred_at:
            errors["discovered_at"] = _("发现时间不能早于发生时间。")
        if self.recovered_at and self.occurred_at and self.recovered_at < self.occurred_at:
            errors["recovered_at"] = _("恢复时间不能早于发生时间。")
        if self.reported_at and not self.reported_to:
            errors["reported_to"] = _("填写了报告时间，请同时填写报告对象。")
        if errors:
            raise ValidationError(errors)

    @property
    def reported(self):
        return bool(self.reported_at)
