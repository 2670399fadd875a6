"""What the monitors find (``Finding``), each run of a monitor (``MonitorRun``) and each
availability probe (``Probe``).

A finding is one problem on one site, identified across runs by its check and a
*fingerprint* (``column:42``, ``changed:zwdt/index.html``). A run of a monitor opens the
problems it sees for the first time, refreshes those it sees again, and resolves the open
ones it no longer sees, so running a monitor twice changes nothing but ``last_seen_at``.
A run that fails leaves the findings as they were.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import CheckCode, FindingStatus, Problem


class MonitorRun(models.Model):
    monitor = models.CharField(_("监测项目"), max_length=20, choices=CheckCode.choices)
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    opened = models.PositiveIntegerField(_("新发现"), default=0)
    still_open = models.PositiveIntegerField(_("仍存在"), default=0)
    resolved = models.PositiveIntegerField(_("已消除"), default=0)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("监测运行记录")
        verbose_name_plural = _("监测运行记录")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["site", "monitor", "-started_at"], name="monitoring_run_site_check")]

    def __str__(self):
        return f"{self.get_monitor_display()} {self.site} {self.started_at:%Y-%m-%d %H:%M}"


class Finding(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    monitor = models.CharField(_("监测项目"), max_length=20, choices=CheckCode.choices)
    problem = models.CharField(_("问题类型"), max_length=30, choices=Problem.choices)
    fingerprint = models.CharField(_("问题标识"), max_length=500)
    status = models.CharField(_("状态"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    message = models.CharField(_("说明"), max_length=500)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("页面"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(_("网址"), max_length=1000, blank=True)
    evidence = models.JSONField(_("证据"), default=dict, blank=True)
    first_seen_at = models.DateTimeField(_("首次发现"))
    last_seen_at = models.DateTimeField(_("最近发现"))
    resolved_at = models.DateTimeField(_("消除时间"), null=True, blank=True)
    resolution = models.CharField(_("处理情况"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("监测发现")
        verbose_name_plural = _("监测发现")
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "monitor", "fingerprint"],
                condition=Q(status=FindingStatus.OPEN),
                name="monitoring_one_open_finding",
            )
        ]
        indexes = [models.Index(fields=["site", "status", "problem"], name="monitoring_finding_open")]

    def __str__(self):
        return self.message


class Probe(models.Model):
    """One request of an availability monitor: whether the page loaded in time."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    url = models.CharField(_("网址"), max_length=1000)
    at = models.DateTimeField(_("时间"))
    ok = models.BooleanField(_("正常"))
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("耗时（毫秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")
        indexes = [models.Index(fields=["site", "at"], name="monitoring_probe_site_at")]

    def __str__(self):
        return f"{self.url} {'OK' if self.ok else self.error or self.status_code}"


class AllowedDomain(models.Model):
    """A domain the group's pages may link to without review (R-SUP-6: outgoing links are
    real, useful and safe). A link to any other domain is flagged for review. The group's
    own sites are always allowed; ``settings.ZHANQUN_MONITOR_ALLOWED_DOMAINS`` adds
    defaults (``gov.cn``)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("站点"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空表示适用于整个站群"),
    )
    domain = models.CharField(_("域名"), max_length=253, help_text=_("如 gov.cn 或 www.example.com.cn；包含其下级域名"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("外链白名单")
        verbose_name_plural = _("外链白名单")
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(fields=["site", "domain"], name="monitoring_allowed_domain_unique")]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().strip(".")
        super().save(*args, **kwargs)


class ScoreSnapshot(models.Model):
    """The scorecard of a site at one moment, kept for the trend over time (the dashboard,
    the reports). ``result`` is ``scorecard.evaluate``'s JSON as it was then."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("评分时间"))
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    passed = models.BooleanField(_("无单项否决"))
    vetoes_failed = models.PositiveSmallIntegerField(_("否决项数"), default=0)
    result = models.JSONField(_("评分明细"), default=dict)

    class Meta:
        verbose_name = _("评分记录")
        verbose_name_plural = _("评分记录")
        ordering = ["site", "at"]
        indexes = [models.Index(fields=["site", "at"], name="monitoring_snapshot_site_at")]

    def __str__(self):
        return f"{self.site} {self.at:%Y-%m-%d %H:%M} {self.score}"


class ContentScreening(models.Model):
    """The content monitor's memory: what screening found in a page's live revision under
    one version of the rules. A page is screened again only when a new revision goes live
    or the rules change (``rules_version``), so a daily run over 100,000 items reads what
    it already knows and screens what is new."""

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name=_("页面"), on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    revision_id = models.PositiveBigIntegerField(_("版本"), null=True)
    rules_version = models.CharField(_("规则版本"), max_length=64)
    checked_at = models.DateTimeField(_("检查时间"))
    findings = models.JSONField(_("检查发现"), default=list)

    class Meta:
        verbose_name = _("已发布内容检查记录")
        verbose_name_plural = _("已发布内容检查记录")

    def __str__(self):
        return f"{self.page_id} r{self.revision_id}"
