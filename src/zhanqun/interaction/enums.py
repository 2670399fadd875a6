from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxKind(models.TextChoices):
    LEADER = "leader", _("领导信箱")
    UNIT = "unit", _("部门信箱")


class Channel(models.TextChoices):
    """How a letter arrived (R-INT-1)."""

    WEBSITE = "website", _("网站")
    HOTLINE = "hotline", _("12345 热线")
    POST = "post", _("信件")
    VISIT = "visit", _("来访")


class LetterCategory(models.TextChoices):
    """来信类别 (R-INT-1); the deadline depends on it (R-INT-2)."""

    CONSULT = "consult", _("咨询")
    SUGGEST = "suggest", _("建议")
    COMPLAIN = "complain", _("投诉")
    REPORT = "report", _("举报")


class Complexity(models.TextChoices):
    ORDINARY = "ordinary", _("普通")
    COMPLEX = "complex", _("复杂需调查")


class ErrorType(models.TextChoices):
    """Problem types of 我为政府网站找错 (as the national platform names them)."""

    UNREACHABLE = "unreachable", _("无法访问")
    NOT_UPDATED = "not_updated", _("信息不更新")
    INACCURATE = "inaccurate", _("内容不准确")
    NO_ANSWER = "no_answer", _("咨询留言不回复")
    TYPO = "typo", _("错别字")
    BROKEN_LINK = "broken_link", _("链接错误")
    FAKE = "fake", _("虚假伪造内容")
    OTHER = "other", _("其他")


class ErrorSource(models.TextChoices):
    SITE = "site", _("本网站")
    NATIONAL = "national", _("全国政府网站找错平台")
