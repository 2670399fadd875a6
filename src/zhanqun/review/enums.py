from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """The levels of the approval chain, in the order they run (R-PUB-2)."""

    UNIT_HEAD = "unit_head", _("单位负责人审核")
    LEADER_IN_CHARGE = "leader_in_charge", _("分管领导审核")
    OFFICE = "office", _("政府办公室审核")
    LEADING_GROUP = "leading_group", _("领导小组审定")


UNIT_STEPS = (Step.UNIT_HEAD, Step.LEADER_IN_CHARGE)
GROUP_STEPS = (Step.OFFICE, Step.LEADING_GROUP)


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
