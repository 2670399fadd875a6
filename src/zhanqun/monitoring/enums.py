from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckCode(models.TextChoices):
    """The monitors (one module each in ``monitoring/checks``)."""

    AVAILABILITY = "availability", _("可用性")
    FRESHNESS = "freshness", _("更新情况")
    FOOTER = "footer", _("网站标识")
    TAMPER = "tamper", _("防篡改")
    LINKS = "links", _("链接可用性")
    INTERACTION = "interaction", _("互动回应")
    CONTENT = "content", _("内容检查")
    # Not a monitor: problems the person on duty records while reading the sites
    # (值班读网, the duty app). No run ever resolves them; closing their rectification does.
    MANUAL = "manual", _("值班读网")

    @classmethod
    def runnable(cls):
        """The monitors a run can execute (every code but ``MANUAL``)."""
        return [code for code in cls if code != cls.MANUAL]


class Problem(models.TextChoices):
    """What a finding is about; the scorecard's indicators count findings by problem."""

    UNREACHABLE = "unreachable", _("页面无法访问")
    HOME_STALE = "home_stale", _("首页长期未更新")
    COLUMN_STALE = "column_stale", _("栏目超期未更新")
    COLUMN_BLANK = "column_blank", _("空白栏目")
    FOOTER_MISSING = "footer_missing", _("网站标识缺失")
    FILE_CHANGED = "file_changed", _("发布文件被篡改")
    FILE_ADDED = "file_added", _("文档目录出现未发布文件")
    FILE_MISSING = "file_missing", _("发布文件缺失")
    BROKEN_LINK = "broken_link", _("链接不可用")
    EXTERNAL_UNREVIEWED = "external_unreviewed", _("外部链接未列入白名单")
    CASE_OVERDUE = "case_overdue", _("留言或找错超期未办")
    CONSULT_UNANSWERED = "consult_unanswered", _("咨询留言超过3个月未回应")
    NO_PUBLISH_DATE = "no_publish_date", _("信息缺少发布日期")
    CONTENT_FLAGGED = "content_flagged", _("已发布信息存在内容问题")
    SERVICE_GUIDE_INCOMPLETE = "service_guide_incomplete", _("办事指南要素缺失")
    READING = "reading", _("值班读网发现的问题")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    RESOLVED = "resolved", _("已消除")
