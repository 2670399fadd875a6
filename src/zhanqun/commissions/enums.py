from django.db import models
from django.utils.translation import gettext_lazy as _


class CommissionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    DRAFTED = "drafted", _("已转为草稿")
    RETURNED = "returned", _("已退回")


class PublishForm(models.TextChoices):
    """发布形式 (001:18): how the unit wants the information shown."""

    TEXT = "text", _("文字")
    TEXT_AND_IMAGES = "text_images", _("图文")
    DOCUMENT = "document", _("文件（附件）")
    MEDIA = "media", _("音视频")
    OTHER = "other", _("其他")


class DraftType(models.TextChoices):
    """The item type a request becomes."""

    ARTICLE = "article", _("政务动态")
    NOTICE = "notice", _("通知公告")
