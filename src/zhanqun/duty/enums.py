from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistKind(models.TextChoices):
    """What a reading-checklist item asks the person on duty to read (R-SUP-2)."""

    HOME = "home", _("网站首页")
    COLUMN = "column", _("重点栏目")
    INTERACTION = "interaction", _("互动交流页面")
    DAILY = "daily", _("每日检查要点")


class ReadingResult(models.TextChoices):
    NORMAL = "normal", _("正常")
    PROBLEM = "problem", _("发现问题")


class QueueSource(models.TextChoices):
    """Where a queue entry (本班待办) comes from."""

    MONITOR = "monitor", _("监测发现")
    READING = "reading", _("值班读网发现")
    REREAD = "reread", _("重要信息发布后复读")


class QueueStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    SEEN = "seen", _("看过")
    HANDLED = "handled", _("已处理")
    RECTIFICATION = "rectification", _("已转整改")


class IncidentKind(models.TextChoices):
    TAMPER = "tamper", _("篡改")
    UNREACHABLE = "unreachable", _("无法访问")
    DATA_LEAK = "data_leak", _("数据泄露")
    OTHER = "other", _("其他")


class IncidentSeverity(models.TextChoices):
    """The national grading of network-security incidents."""

    GENERAL = "general", _("一般")
    LARGE = "large", _("较大")
    MAJOR = "major", _("重大")
    EXTRAORDINARY = "extraordinary", _("特别重大")
