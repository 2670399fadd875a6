from django.db import models
from django.utils.translation import gettext_lazy as _


class Importance(models.TextChoices):
    """Importance class of an item; it picks the approval chain (R-PUB-2, 002:6)."""

    GENERAL = "general", _("一般")
    BUSINESS = "business", _("业务")
    IMPORTANT = "important", _("重要")
    MAJOR = "major", _("重大")
    PUBLIC_RELEASE = "public_release", _("此件公开发布")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")
    REVISED = "revised", _("已修订")


class PolicyTheme(models.TextChoices):
    """主题分类, after the State Council's policy library categories."""

    GENERAL_AFFAIRS = "general_affairs", _("综合政务")
    ECONOMY = "economy", _("国民经济管理")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    URBAN = "urban", _("城乡建设、环境保护")
    SCIENCE_EDUCATION = "science_education", _("科技、教育")
    CULTURE_HEALTH = "culture_health", _("文化、广电、新闻出版、卫生、体育")
    LABOUR = "labour", _("劳动、人事、监察")
    CIVIL_AFFAIRS = "civil_affairs", _("民政、扶贫、救灾")
    PUBLIC_SECURITY = "public_security", _("公安、安全、司法")
    OTHER = "other", _("其他")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("视频")
