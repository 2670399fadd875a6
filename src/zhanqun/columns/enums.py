from django.db import models
from django.utils.translation import gettext_lazy as _


class ColumnKind(models.TextChoices):
    NEWS = "news", _("政务动态")
    NOTICES = "notices", _("通知公告")
    DOCUMENTS = "documents", _("政策文件")
    INTERPRETATIONS = "interpretations", _("政策解读")
    DISCLOSURE = "disclosure", _("政府信息公开")
    LEADERS = "leaders", _("领导信息")
    FUNCTIONS = "functions", _("机构职能")
    GUIDE = "guide", _("公开指南")
    RULES = "rules", _("公开制度")
    CATALOG = "catalog", _("公开目录")
    ANNUAL_REPORT = "annual_report", _("年度报告")
    KEY_AREAS = "key_areas", _("重点领域")
    TOWNSHIP = "township", _("乡镇动态")
    SPECIAL_TOPIC = "special_topic", _("专题专栏")
    INTERACTION = "interaction", _("互动交流")
    SERVICES = "services", _("办事服务")
    OTHER = "other", _("其他")


# The national inspection's windows (国办秘函〔2019〕19号) as defaults for how often a
# column of each kind must be updated (R-COL-2); each column can set its own.
DEFAULT_UPDATE_INTERVAL_DAYS = {
    ColumnKind.NEWS: 14,
    ColumnKind.TOWNSHIP: 14,
    ColumnKind.NOTICES: 180,
    ColumnKind.DOCUMENTS: 180,
    ColumnKind.INTERPRETATIONS: 180,
    ColumnKind.KEY_AREAS: 180,
    ColumnKind.SPECIAL_TOPIC: 30,
}
DEFAULT_INTERVAL = 365
