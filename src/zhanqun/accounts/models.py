"""Account security records (docs/accounts.md).

* ``AccountSecurity`` — one per user: when the password was last changed, whether it
  must be changed at the next sign-in (a one-time password), and the custom
  permission ``manage_sign_in`` of the 安全管理员 (reset two factors, unlock);
* ``PasswordHistory`` — hashes of the last passwords, so none of the last 5 is reused;
* ``NetworkAllowance`` and ``Device`` — device binding (R-SEC-1): the networks a user may
  sign in from and the browsers registered for them;
* ``Offboarding`` — what was done and signed when someone left (R-SEC-7);
* ``SecurityPolicy`` — what the 安全管理员 may tighten from the back office.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .network import parse_network


class AccountSecurity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security", verbose_name=_("用户")
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"), default=False, help_text=_("一次性密码（初始密码）须在首次登录时修改。")
    )

    class Meta:
        verbose_name = _("账号安全状态")
        verbose_name_plural = _("账号安全状态")
        permissions = [("manage_sign_in", _("管理登录安全（重置双因素认证、解除锁定）"))]

    def __str__(self):
        return str(self.user)


class PasswordHistory(models.Model):
    """A former password's hash (never the password). R-SEC-1: the last 5 are refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history", verbose_name=_("用户")
    )
    password = models.CharField(_("密码散列值"), max_length=256)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class NetworkAllowance(models.Model):
    """A network (CIDR) a user may sign in from (device binding, R-SEC-1)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="allowed_networks", verbose_name=_("用户")
    )
    network = models.CharField(
        _("允许登录的网络"), max_length=64, help_text=_("IP 地址或网段（CIDR），例如 10.12.0.0/16 或 10.12.3.4。")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("例如：办公室内网、机要室。"))
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        ordering = ["user__username", "network"]
        unique_together = [("user", "network")]
        verbose_name = _("允许登录的网络")
        verbose_name_plural = _("允许登录的网络")

    def __str__(self):
        return f"{self.user}：{self.network}"

    def clean(self):
        try:
            self.network = str(parse_network(self.network))
        except ValueError as exc:
            raise ValidationError({"network": _("不是有效的 IP 地址或网段：%(value)s") % {"value": self.network}}) from exc


class DeviceStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已登记")
    REJECTED = "rejected", _("已拒绝")
    REVOKED = "revoked", _("已注销")


class Device(models.Model):
    """A browser registered for a user. The browser holds a signed, long-lived cookie
    naming ``token``; the device counts only once a 安全管理员 has approved it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registered_devices", verbose_name=_("用户")
    )
    token = models.UUIDField(_("设备标识"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("设备名称"), max_length=100, blank=True, help_text=_("例如：办公室台式机。"))
    status = models.CharField(_("状态"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.PENDING)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    requested_from = models.GenericIPAddressField(_("申请时的地址"), null=True, blank=True)
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("登记设备")
        verbose_name_plural = _("登记设备")

    def __str__(self):
        return f"{self.user}：{self.name or self.user_agent[:40] or self.token}"


class Offboarding(models.Model):
    """R-SEC-7: a member of staff left — what was signed, returned and handed over."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offboardings", verbose_name=_("离岗人员")
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("工作交接人")
    )
    pledge_ref = models.CharField(_("保密承诺书"), max_length=200, help_text=_("签署的保密承诺书编号或存档位置。"))
    returned_materials = models.TextField(_("归还的资料和设备"))
    pages_transferred = models.PositiveIntegerField(_("移交的页面（草稿、锁定）"), default=0)
    cases_transferred = models.PositiveIntegerField(_("移交的办件"), default=0)
    sessions_ended = models.PositiveIntegerField(_("结束的会话"), default=0)
    devices_removed = models.PositiveIntegerField(_("删除的认证设备和登记设备"), default=0)
    performed_at = models.DateTimeField(_("办理时间"), auto_now_add=True)
    performed_by = models.CharField(_("办理人"), max_length=150, blank=True)

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = _("离岗交接")
        verbose_name_plural = _("离岗交接")

    def __str__(self):
        return f"{self.user} → {self.successor}（{self.performed_at:%Y-%m-%d}）"


@register_setting(icon="lock")
class SecurityPolicy(BaseGenericSetting):
    """What the 安全管理员 tightens from the back office (设置 → 账号安全策略). It can only
    be stricter than the installation's settings, never weaker."""

    password_min_length = models.PositiveSmallIntegerField(
        _("密码最短长度"),
        default=8,
        validators=[MinValueValidator(8)],
        help_text=_("不少于8位；安装配置（ZHANQUN_PASSWORD_MIN_LENGTH）更长时以安装配置为准。"),
    )

    class Meta:
        verbose_name = _("账号安全策略")
        verbose_name_plural = _("账号安全策略")
