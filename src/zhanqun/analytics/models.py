"""访问统计: daily aggregates only (R-SUP-5). No address, no single request is stored.

A visitor is counted by a pseudonym — keyed BLAKE2b of address and user agent with the
day's random salt (``VisitorSalt``). While a day is open (today and
``ZHANQUN_ANALYTICS_OPEN_DAYS`` days before, for logs that arrive late) the salt and the
day's pseudonyms are kept, so that a later ingest of more lines of the same day does not
count a visitor twice; when the day is closed the salt is deleted and the pseudonyms
emptied, leaving only the counts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteDay(models.Model):
    """A site's page views and visitors on one day."""

    date = models.DateField(_("日期"))
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    views = models.PositiveIntegerField(_("浏览量"), default=0)
    visitors = models.PositiveIntegerField(_("访客数"), default=0)
    visitor_hashes = models.TextField(_("当日访客化名"), blank=True, editable=False)

    class Meta:
        verbose_name = _("站点每日访问")
        verbose_name_plural = _("站点每日访问")
        constraints = [models.UniqueConstraint(fields=["date", "site"], name="analytics_siteday_unique")]

    def __str__(self):
        return f"{self.site} {self.date}: {self.views}"


class PageViewDay(models.Model):
    """One public path's page views on one day, with the page it showed (from the
    publisher's manifest) and that page's column, as they were when the row was made."""

    date = models.DateField(_("日期"))
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("路径"), max_length=500)
    page_id = models.BigIntegerField(_("页面"), null=True, blank=True, db_index=True)
    column_id = models.BigIntegerField(_("栏目"), null=True, blank=True, db_index=True)
    views = models.PositiveIntegerField(_("浏览量"), default=0)
    visitors = models.PositiveIntegerField(_("访客数"), default=0)
    visitor_hashes = models.TextField(_("当日访客化名"), blank=True, editable=False)

    class Meta:
        verbose_name = _("页面每日访问")
        verbose_name_plural = _("页面每日访问")
        constraints = [models.UniqueConstraint(fields=["date", "site", "path"], name="analytics_pageday_unique")]
        indexes = [models.Index(fields=["site", "date"], name="analytics_pageday_site_date")]

    def __str__(self):
        return f"{self.site} {self.date} {self.path}: {self.views}"


class VisitorSalt(models.Model):
    """The random key of an open day's visitor pseudonyms; deleted when the day closes."""

    date = models.DateField(_("日期"), unique=True)
    salt = models.CharField(_("随机盐"), max_length=64)

    class Meta:
        verbose_name = _("访客化名随机盐")
        verbose_name_plural = _("访客化名随机盐")

    def __str__(self):
        return str(self.date)


class LogFile(models.Model):
    """How far a log has been read. A log is known by its content (the SHA-256 of its
    first line), not its name, so rotation (rename, compression) does not re-read it."""

    fingerprint = models.CharField(_("内容标识"), max_length=64, unique=True)
    name = models.CharField(_("文件"), max_length=1000, help_text=_("最近一次读取时的文件路径。"))
    offset = models.PositiveBigIntegerField(_("已读取字节数"), default=0)
    lines = models.PositiveBigIntegerField(_("已读取行数"), default=0)
    counted = models.PositiveBigIntegerField(_("计入的浏览"), default=0)
    malformed = models.PositiveBigIntegerField(_("格式不正确的行"), default=0)
    first_read_at = models.DateTimeField(_("首次读取"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("最近读取"), auto_now=True)

    class Meta:
        verbose_name = _("已导入的访问日志")
        verbose_name_plural = _("已导入的访问日志")

    def __str__(self):
        return self.name
