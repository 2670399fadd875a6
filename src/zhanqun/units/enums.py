from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    OFFICE = "office", _("政府办公室")
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇（街道）")


class Role(models.TextChoices):
    """The platform's roles. Each is a Wagtail group whose name is the Chinese label.

    Code refers to roles by value (``Role.UNIT_EDITOR``); the group name is what
    administrators see. Permissions per role: docs/roles.md.
    """

    SITE_OPERATOR = "site_operator", _("站点管理员")
    UNIT_EDITOR = "unit_editor", _("信息员")
    UNIT_HEAD = "unit_head", _("单位负责人")
    LEADER_IN_CHARGE = "leader_in_charge", _("分管领导")
    OFFICE_REVIEWER = "office_reviewer", _("政府办公室审核员")
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", _("保密审查员")
    AUDITOR = "auditor", _("审计员")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("系统管理员")
    SECURITY_ADMINISTRATOR = "security_administrator", _("安全管理员")


# 三员分立 (separated duties, 等保 2.0 level 3): no account holds two of these roles
# (units.duties, docs/accounts.md).
SEPARATED_DUTIES = (Role.SYSTEM_ADMINISTRATOR, Role.SECURITY_ADMINISTRATOR, Role.AUDITOR)
