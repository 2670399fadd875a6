"""The audit log (审计日志): one append-only table chained by SM3 hashes (R-SEC-3).

``AuditRecord`` rows are written only by ``services.append`` (which holds the chain
head's lock), never changed, and deleted only by ``zhanqun audit purge`` after they have
been archived. ``ChainHead`` is a single row: the last record's sequence number and hash,
and the purge anchor (the hash of the last purged record, from which verification
starts), signed so that a truncated tail or a moved anchor is detected.
"""

import contextvars
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_purging = contextvars.ContextVar("zhanqun_audit_purging", default=False)


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit record outside a purge."""


class AuditRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计记录不可修改。")

    def delete(self):
        if not _purging.get():
            raise AppendOnlyError("审计记录不可删除（过期记录请用 zhanqun audit purge 归档后清理）。")
        return super().delete()

    def _raw_purge(self):
        """Bulk delete without loading rows or sending signals (purge only)."""
        if not _purging.get():
            raise AppendOnlyError("审计记录不可删除。")
        return self._raw_delete(self.db)


class AuditRecord(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True, editable=False)
    created_at = models.DateTimeField(_("时间"), db_index=True, editable=False)
    # No database constraint and no cascade: deleting a user or a content type must not
    # change an audit row (the hash covers these ids). Names are kept as snapshots.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    source_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=100, db_index=True)
    action_label = models.CharField(_("操作名称"), max_length=200, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("对象类型"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField(_("对象类型"), max_length=200, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=255, blank=True)
    object_repr = models.CharField(_("对象"), max_length=500, blank=True)
    success = models.BooleanField(_("成功"), default=True, db_index=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    key_id = models.CharField(_("密钥标识"), max_length=16)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希（SM3）"), max_length=64)
    signature = models.CharField(_("签名（HMAC-SM3）"), max_length=64)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        # Only viewing exists as a permission: nobody can be granted add/change/delete.
        default_permissions = ("view",)

    def __str__(self):
        return f"#{self.seq} {self.action_label or self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.pop("_append", False) is not True:
            raise AppendOnlyError("审计记录只能由审计服务追加，且不可修改。")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计记录不可删除。")

    @property
    def action_display(self):
        return self.action_label or self.action

    @property
    def detail_json(self):
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True)


class ChainHead(models.Model):
    """The single row (pk 1) every append locks: serialises appends so the chain never forks."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64)
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        default_permissions = ()

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"
