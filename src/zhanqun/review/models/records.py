"""What the review leaves behind: overrides of screening findings and the review
record archived with every published version (R-PUB-3, R-PUB-10, 谁发布谁负责)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhanqun.content.enums import Importance


class ScreeningOverride(models.Model):
    """保密审查认定: a 保密审查员 accepts one blocking finding of the screening, in
    writing. Kept as made: who, when, on which revision, which finding, why.

    The override applies to the finding with the same rule and excerpt in later
    revisions of the same item too (``ScreeningTaskState.apply_earlier_overrides``),
    so an editor's unrelated correction does not ask for the same decision twice.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("信息"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("版本"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_state = models.ForeignKey(
        "review.ScreeningTaskState",
        verbose_name=_("自动检查"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="override_set",
    )
    carried_to = models.ManyToManyField(
        "review.ScreeningTaskState", verbose_name=_("沿用于"), blank=True, related_name="carried_overrides"
    )
    page_title = models.CharField(_("标题"), max_length=255)
    key = models.CharField(_("问题标识"), max_length=600, db_index=True)
    rule = models.CharField(_("检查规则"), max_length=100)
    category = models.CharField(_("问题类别"), max_length=40)
    location = models.CharField(_("位置"), max_length=255, blank=True)
    excerpt = models.TextField(_("原文摘录"))
    message = models.TextField(_("检查提示"))
    reason = models.TextField(_("认定理由"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("认定人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(_("认定人姓名"), max_length=150)
    created_at = models.DateTimeField(_("认定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保密审查认定")
        verbose_name_plural = _("保密审查认定")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.page_title}：{self.rule}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            raise ValidationError(_("保密审查认定一经作出不能修改。"))
        return super().save(*args, **kwargs)


class ReviewRecord(models.Model):
    """审核记录（归档）: frozen when a version goes live, never edited (R-PUB-10).

    One row per publication of a revision: the decisions of the workflow that
    approved it (every step, every round of changes), the screening findings of the
    published revision and the overrides — copied as text, so the record survives
    users, revisions and the page itself being deleted. A revision published without
    going through the workflow (a 站点管理员 publishing directly) gets a record too,
    with ``reviewed`` false, so the register shows it.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("信息"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_ref = models.PositiveBigIntegerField(_("信息编号"), db_index=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("版本"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_ref = models.PositiveBigIntegerField(_("版本编号"))
    revision_created_at = models.DateTimeField(_("版本时间"), null=True)
    title = models.CharField(_("标题"), max_length=255)
    page_type = models.CharField(_("信息类型"), max_length=60, blank=True)
    site_name = models.CharField(_("网站"), max_length=255, blank=True)
    column_title = models.CharField(_("栏目"), max_length=255, blank=True)
    url = models.CharField(_("网址"), max_length=500, blank=True)
    unit_name = models.CharField(_("责任单位"), max_length=100, blank=True)
    importance = models.CharField(_("信息类别"), max_length=20, choices=Importance.choices, blank=True)
    chain = models.CharField(_("审核流程"), max_length=255, blank=True)
    reviewed = models.BooleanField(_("经审核流程"), default=True)
    submitted_by_name = models.CharField(_("提交人"), max_length=150, blank=True)
    entries = models.JSONField(_("审核意见"), default=list)
    findings = models.JSONField(_("检查结果"), default=list)
    overrides = models.JSONField(_("保密审查认定"), default=list)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField(_("发布人姓名"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.title}（{self.published_at:%Y-%m-%d %H:%M}）"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("force_insert"):
            raise ValidationError(_("已归档的审核记录不能修改。"))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("已归档的审核记录不能删除。"))

    def chain_display(self):
        return self.chain if self.reviewed else _("未经审核流程直接发布")

    def decisions_text(self):
        """Every decision on one line each, for the register's spreadsheet."""
        lines = []
        for e in self.entries:
            if e.get("status") in ("skipped",):
                continue
            line = f"{e.get('time', '')} {e.get('step', '')}：{e.get('decision', '')}"
            if e.get("user"):
                line += f"（{e['user']}）"
            if e.get("comment"):
                line += f" 意见：{e['comment']}"
            lines.append(line)
        return "\n".join(lines)

    def overrides_text(self):
        return "\n".join(
            f"{o.get('location', '')}“{o.get('excerpt', '')}”：{o.get('reason', '')}（{o.get('user', '')}）"
            for o in self.overrides
        )
