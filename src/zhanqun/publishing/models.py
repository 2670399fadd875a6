"""The publisher's records: the manifest, what each file showed, and the work queue.

``PublishedFile`` rows are the manifest of a site's document root: one row per file,
with its size, digest and the page and revision it was rendered from. Page ids are
plain integers, not foreign keys, so that a deleted page's files and dependencies are
still known when the publisher comes to remove and re-render them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFile(models.Model):
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("站点"), on_delete=models.CASCADE, related_name="+")
    path = models.CharField(
        _("文件路径"), max_length=500, help_text=_("相对于站点文档根目录，例如 zwdt/page/2/index.html。")
    )
    target = models.CharField(_("来源"), max_length=100, db_index=True, help_text=_("page:<id> 或站点级文件名。"))
    page_id = models.BigIntegerField(_("页面"), null=True, blank=True, db_index=True)
    revision_id = models.BigIntegerField(_("版本"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    algorithm = models.CharField(_("摘要算法"), max_length=10)
    digest = models.CharField(_("摘要"), max_length=128)
    rendered_at = models.DateTimeField(_("生成时间"), auto_now=True)

    class Meta:
        verbose_name = _("已发布文件")
        verbose_name_plural = _("已发布文件")
        constraints = [models.UniqueConstraint(fields=["site", "path"], name="publishing_file_site_path")]

    def __str__(self):
        return self.path


class FileDependency(models.Model):
    """The file showed this page (its title, link or content)."""

    file = models.ForeignKey(PublishedFile, on_delete=models.CASCADE, related_name="dependencies")
    page_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["file", "page_id"], name="publishing_dependency_unique")]

    def __str__(self):
        return f"{self.file_id} → page {self.page_id}"


class FileScope(models.Model):
    """The file listed a part of the page tree: the descendants (or, with ``depth``, the
    children) of the page at ``path``, of type ``model`` (empty: any page). A page that
    appears in that part of the tree may change the file — with ``upto``, only a page
    whose order key (``recorder.order_key``) is at most ``upto``: an archive list page
    shows nothing newer than its newest item (``columns.listing``)."""

    file = models.ForeignKey(PublishedFile, on_delete=models.CASCADE, related_name="scopes")
    path = models.CharField(max_length=255, db_index=True)
    depth = models.PositiveSmallIntegerField(null=True, blank=True)
    model = models.CharField(max_length=100, blank=True)
    upto = models.CharField(max_length=40, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["file", "path", "depth", "model"], name="publishing_scope_unique")
        ]

    def __str__(self):
        return f"{self.file_id} → {self.path} ({self.depth or '*'}, {self.model or 'Page'})"


class PublishJob(models.Model):
    class Kind(models.TextChoices):
        SITE = "site", _("整站发布")
        PAGE = "page", _("发布页面")
        REMOVE = "remove", _("撤下页面")

    class Status(models.TextChoices):
        PENDING = "pending", _("待执行")
        RUNNING = "running", _("执行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    site_id = models.BigIntegerField(_("站点"), null=True, blank=True)
    page_id = models.BigIntegerField(_("页面"), null=True, blank=True)
    data = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("发布任务")
        verbose_name_plural = _("发布任务")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"
