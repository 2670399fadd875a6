"""Which levels of the approval chain an item needs, by its importance (R-PUB-2).

The defaults follow the brief of the office (002:6, 001:14):

| 信息类别 | chain |
|---|---|
| 一般 | 单位负责人 |
| 业务 | 单位负责人 → 分管领导 |
| 重要 | 单位负责人 → 分管领导 → 政府办公室 |
| 重大 | 单位负责人 → 分管领导 → 政府办公室 → 领导小组 |
| 此件公开发布 | 制发单位审核（单位负责人） |

Administrators change them under 设置 → 审核流程规则: a rule without a site applies to
the whole group, a rule naming a site overrides it there. With no rule at all the
defaults above apply.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhanqun.content.enums import Importance

from ..enums import Step

DEFAULT_CHAIN = {
    Importance.GENERAL: (Step.UNIT_HEAD,),
    Importance.BUSINESS: (Step.UNIT_HEAD, Step.LEADER_IN_CHARGE),
    Importance.IMPORTANT: (Step.UNIT_HEAD, Step.LEADER_IN_CHARGE, Step.OFFICE),
    Importance.MAJOR: (Step.UNIT_HEAD, Step.LEADER_IN_CHARGE, Step.OFFICE, Step.LEADING_GROUP),
    Importance.PUBLIC_RELEASE: (Step.UNIT_HEAD,),
}

# Model field per step: a rule says yes or no to each level.
STEP_FIELDS = {
    Step.UNIT_HEAD: "unit_head",
    Step.LEADER_IN_CHARGE: "leader_in_charge",
    Step.OFFICE: "office",
    Step.LEADING_GROUP: "leading_group",
}


class ReviewChainRule(models.Model):
    """审核流程规则: the levels an item of one importance class goes through."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("适用网站"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空则适用于站群所有网站；某网站另设了同一信息类别的规则时，该网站以其自己的规则为准。"),
    )
    importance = models.CharField(_("信息类别"), max_length=20, choices=Importance.choices)
    unit_head = models.BooleanField(_("单位负责人审核"), default=True)
    leader_in_charge = models.BooleanField(_("分管领导审核"), default=False)
    office = models.BooleanField(_("政府办公室审核"), default=False, help_text=_("由“政府办公室审核员”组的成员审核。"))
    leading_group = models.BooleanField(_("领导小组审定"), default=False, help_text=_("由“领导小组”组的成员审定。"))
    note = models.CharField(_("依据或说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("审核流程规则")
        verbose_name_plural = _("审核流程规则")
        ordering = ["site_id", "importance"]
        constraints = [
            models.UniqueConstraint(fields=["site", "importance"], name="review_chain_rule_site_importance"),
            models.UniqueConstraint(
                fields=["importance"], condition=Q(site__isnull=True), name="review_chain_rule_group_importance"
            ),
        ]

    def __str__(self):
        where = (self.site.site_name or self.site.hostname) if self.site_id else _("全部网站")
        return f"{where}：{self.get_importance_display()}"

    def clean(self):
        super().clean()
        if not self.steps():
            raise ValidationError(_("至少选择一个审核环节：先审后发，信息不能不经审核直接发布。"))
        duplicate = ReviewChainRule.objects.filter(site=self.site, importance=self.importance).exclude(pk=self.pk)
        if duplicate.exists():
            raise ValidationError({"importance": _("该网站已有这一信息类别的规则，请直接修改那条规则。")})

    def steps(self):
        return tuple(step for step, field in STEP_FIELDS.items() if getattr(self, field))

    def steps_display(self):
        return " → ".join(str(step.label) for step in self.steps())

    steps_display.short_description = _("审核环节")

    @classmethod
    def defaults_for(cls, importance):
        steps = DEFAULT_CHAIN[Importance(importance)]
        return {field: step in steps for step, field in STEP_FIELDS.items()}


def chain_for(importance, site=None):
    """The levels (``Step``) an item of ``importance`` published on ``site`` needs."""
    importance = importance if importance in Importance.values else Importance.GENERAL
    where = Q(site__isnull=True) if site is None else (Q(site__isnull=True) | Q(site=site))
    rules = {r.site_id: r for r in ReviewChainRule.objects.filter(where, importance=importance)}
    rule = rules.get(site.pk if site is not None else None) or rules.get(None)
    if rule is not None and rule.steps():
        return rule.steps()
    return DEFAULT_CHAIN[Importance(importance)]
