"""账号安全: the 安全管理员's screens in the Wagtail admin (三员分立, docs/accounts.md).

* 设备登记 — device requests filed by refused sign-ins; approve, reject, revoke;
* 登录锁定 — locked accounts and throttled addresses (``lockout``, django-axes); unlock each;
* 双因素认证 — who has enrolled; reset a user's authenticator and recovery codes;
* 允许登录的网络 — a Wagtail ``ModelViewSet`` (``viewsets.py``).

Each action is a POST and is recorded in the audit log.
"""

from ipaddress import ip_address

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from zhanqun import audit

from . import devices, lockout, services
from .models import Device, DeviceStatus

User = get_user_model()
MANAGE_SIGN_IN = "accounts.manage_sign_in"
CHANGE_DEVICE = "accounts.change_device"


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


class SecurityView(WagtailAdminTemplateMixin, TemplateView):
    permission = MANAGE_SIGN_IN
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        _require(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        """首页 › the screen's title (Wagtail shows only the breadcrumbs in the header)."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class DeviceListView(SecurityView):
    permission = CHANGE_DEVICE
    page_title = gettext_lazy("设备登记")
    template_name = "accounts/admin/devices.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        devices_qs = Device.objects.select_related("user", "decided_by")
        context["pending"] = devices_qs.filter(status=DeviceStatus.PENDING)
        context["decided"] = devices_qs.exclude(status=DeviceStatus.PENDING)[:200]
        return context


@require_POST
def device_action(request, pk, action):
    _require(request, CHANGE_DEVICE)
    device = get_object_or_404(Device, pk=pk)
    if action == "approve":
        devices.approve(device, request.user)
        label = _("批准设备登记")
    elif action == "reject":
        devices.reject(device, request.user)
        label = _("拒绝设备登记")
    elif action == "revoke":
        devices.reject(device, request.user, status=DeviceStatus.REVOKED)
        label = _("注销登记设备")
    else:
        raise PermissionDenied
    audit.record(request, f"accounts.device_{action}", obj=device, label=label, user_id=device.user_id)
    messages.success(request, _("%(label)s：%(device)s") % {"label": label, "device": device})
    return redirect("accounts_admin:devices")


class LockoutListView(SecurityView):
    page_title = gettext_lazy("登录锁定")
    template_name = "accounts/admin/lockouts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accounts"], context["addresses"] = lockout.current_locks()
        names = [lock.key for lock in context["accounts"]]
        known = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        for lock in context["accounts"]:
            lock.known = lock.key in known
        context["failure_limit"] = lockout.failure_limit()
        context["address_failure_limit"] = lockout.address_failure_limit()
        context["address_min_usernames"] = lockout.address_min_usernames()
        context["cooloff_minutes"] = int(lockout.cool_off().total_seconds() // 60)
        return context


@require_POST
def unlock_account(request):
    _require(request, MANAGE_SIGN_IN)
    username = request.POST.get("username", "").strip()
    if not username:
        messages.error(request, _("没有指定要解锁的账号。"))
        return redirect("accounts_admin:lockouts")
    removed = lockout.unlock_account(username)
    audit.record(
        request,
        "accounts.unlock",
        obj=User.objects.filter(username=username).first(),
        label=_("解除账号登录锁定"),
        locked_username=username,
        removed_attempts=removed,
    )
    messages.success(request, _("已解除账号 %(u)s 的登录锁定。") % {"u": username})
    return redirect("accounts_admin:lockouts")


@require_POST
def unlock_address(request):
    _require(request, MANAGE_SIGN_IN)
    value = request.POST.get("address", "").strip()
    try:
        address = str(ip_address(value))
    except ValueError:
        messages.error(request, _("“%(a)s”不是有效的 IP 地址。") % {"a": value[:64]})
        return redirect("accounts_admin:lockouts")
    removed, accounts = lockout.unlock_address(address)
    audit.record(
        request,
        "accounts.unlock_address",
        label=_("解除来源地址登录限制"),
        locked_address=address,
        removed_attempts=removed,
        accounts_unlocked=accounts,
    )
    message = _("已解除来源地址 %(a)s 的登录限制。") % {"a": address}
    if accounts:
        message += _("仅从该地址登录失败的账号也一并解锁：%(u)s。") % {"u": "、".join(accounts)}
    messages.success(request, message)
    return redirect("accounts_admin:lockouts")


class TwoFactorListView(SecurityView):
    page_title = gettext_lazy("双因素认证")
    template_name = "accounts/admin/two_factor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["users"] = (
            User.objects.filter(is_active=True)
            .annotate(
                totp_count=Count("totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True),
                device_count=Count(
                    "registered_devices", filter=Q(registered_devices__status=DeviceStatus.APPROVED), distinct=True
                ),
                network_count=Count("allowed_networks", distinct=True),
            )
            .order_by("username")
        )
        return context


@require_POST
def reset_two_factor(request, pk):
    _require(request, MANAGE_SIGN_IN)
    user = get_object_or_404(User, pk=pk)
    removed = services.reset_two_factor(user)
    audit.record(request, "accounts.otp_reset", obj=user, label=_("重置双因素认证"), removed=removed)
    messages.success(
        request, _("已重置 %(user)s 的双因素认证：下次登录时须重新绑定身份验证器。") % {"user": user.get_username()}
    )
    return redirect("accounts_admin:two_factor")
