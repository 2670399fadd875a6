"""The sign-in steps of the back office (docs/accounts.md).

1. ``LoginView`` (Wagtail's, at ``/admin/login/``): username and password; axes counts
   failures and locks (``LockoutBackend``, ``lockout``); device binding is checked before
   the session is created.
2. ``two_factor``: enrol a TOTP authenticator at the first sign-in (QR code and key,
   confirmed with a code; then 10 recovery codes, shown once), afterwards verify a code;
   wrong codes count toward the account's lockout.
3. ``change_password``: forced when the password is one-time or older than 90 days.

``SignInPolicyMiddleware`` keeps a signed-in user on these pages until each step is
done, so no other back-office page is reachable before.
"""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.account import LoginView as WagtailLoginView

from zhanqun import audit

from . import devices, lockout, policy
from .forms import ChangePasswordForm, EnrolForm, TokenForm
from .models import DeviceStatus

RECOVERY_SESSION_KEY = "accounts_recovery_codes"


def _next_url(request, default=None):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default or reverse("wagtailadmin_home")


def _with_next(url, next_url):
    from urllib.parse import urlencode

    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(WagtailLoginView):
    """Wagtail's sign-in page with device binding before the session is created."""

    def form_valid(self, form):
        user = form.get_user()
        decision = devices.check_binding(self.request, user)
        if not decision.allowed:
            return self.refuse(form, user, decision)
        response = super().form_valid(form)
        if not policy.require_two_factors():
            lockout.signed_in(self.request, user)
        if decision.device is not None:
            devices.set_device_cookie(response, decision.device, self.request)
        return response

    def refuse(self, form, user, decision):
        """R-SEC-1: refused and recorded; the browser's device request is filed."""
        device = devices.request_device(self.request, user)
        audit.record(
            self.request,
            "accounts.sign_in_refused",
            obj=user,
            success=False,
            user=None,
            username=user.get_username(),
            label=_("登录被拒绝（网络或设备未登记）"),
            device=str(device.token),
        )
        if device.status in (DeviceStatus.REJECTED, DeviceStatus.REVOKED):
            message = _("本设备的登记申请未获批准或已注销，不能登录后台。请联系安全管理员。")
        else:
            message = _(
                "当前网络和设备未登记，不能登录后台。已为本设备提交登记申请（编号 %(code)s），"
                "请联系安全管理员审批后再登录。"
            ) % {"code": str(device.token)[:8]}
        form.add_error(None, message)
        response = self.form_invalid(form)
        devices.set_device_cookie(response, device, self.request)
        return response

    def get_success_url(self):
        url = super().get_success_url()
        # The session is new, so not yet verified by a second factor.
        if policy.require_two_factors() and self.request.user.is_authenticated:
            return _with_next(reverse("accounts:two_factor"), url)
        return url


def _totp_qr_svg(device):
    qr = segno.make(device.config_url, error="m")
    return mark_safe(qr.svg_inline(scale=5, title=_("扫描二维码添加到身份验证器")))  # noqa: S308 - segno's own SVG


def _manual_key(device):
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _new_recovery_codes(user):
    """Replace the user's recovery codes with ``ZHANQUN_RECOVERY_CODES`` new ones."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(policy.recovery_code_count())]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@never_cache
@login_required
@transaction.atomic
def two_factor(request):
    """Enrol at the first sign-in, verify afterwards."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not lockout.is_allowed(request, user):
        return lockout.refuse(request, user)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is None:
        return _enrol(request, next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        device = None
        if confirmed.verify_token(token):
            device = confirmed
        else:
            recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
            if recovery is not None and recovery.verify_token(token.lower()):
                device = recovery
                remaining = recovery.token_set.count()
                messages.warning(
                    request, _("您使用了一个恢复码，还剩 %(n)d 个。请尽快找回身份验证器或请安全管理员重置。") % {"n": remaining}
                )
        if device is not None:
            otp_login(request, device)
            lockout.signed_in(request, user)
            return redirect(next_url)
        audit.record(request, "accounts.otp_failed", obj=user, success=False, label=_("动态验证码错误"))
        if lockout.second_factor_failed(request, user):
            return lockout.refuse(request, user)
        allowed, _data = confirmed.verify_is_allowed()
        if allowed:
            form.add_error("token", _("验证码不正确或已过期，请重新输入。"))
        else:
            form.add_error("token", _("验证码不正确；连续输错后须稍候再试（等待时间逐次加倍）。"))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


def _enrol(request, next_url):
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            lockout.signed_in(request, user)
            request.session[RECOVERY_SESSION_KEY] = _new_recovery_codes(user)
            audit.record(request, "accounts.otp_enrolled", obj=user, label=_("绑定身份验证器"))
            return redirect(_with_next(reverse("accounts:recovery_codes"), next_url))
        form.add_error("token", _("验证码不正确，请确认手机时间准确后重新输入。"))
    return render(
        request,
        "accounts/enrol.html",
        {"form": form, "next": next_url, "qr_svg": _totp_qr_svg(device), "manual_key": _manual_key(device)},
    )


@never_cache
@login_required
def recovery_codes(request):
    """The new recovery codes, shown once (they are kept only as single-use tokens)."""
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    next_url = _next_url(request)
    if not codes:
        return redirect(next_url)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@never_cache
@login_required
@sensitive_post_parameters()
def change_password(request):
    """R-SEC-1: change the password (forced when one-time or expired). The session
    auth hash changes with the password, so every other session of the user ends;
    this one continues (``update_session_auth_hash``)."""
    from .middleware import password_change_reason

    reason = password_change_reason(request.user)
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(request, "accounts.password_changed", obj=user, label=_("修改密码"))
        messages.success(request, _("密码已修改。其他地方登录的会话已全部结束。"))
        return redirect(_next_url(request))
    return render(request, "accounts/change_password.html", {"form": form, "reason": reason, "next": _next_url(request)})


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page in Chinese (HTTP 429), saying what is
    locked — the account, or the source address (password spraying) — and nothing about
    accounts that are not."""
    from axes.helpers import get_client_username

    from .network import client_ip

    cool_off = lockout.cool_off()
    username = get_client_username(request, credentials) or ""
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    account_locked = lockout.account_locked(username)
    address_throttled = lockout.address_throttled(address)
    context = {
        "username": username,
        "account_locked": account_locked,
        "address_throttled": address_throttled,
        "failure_limit": lockout.failure_limit(),
        "address_failure_limit": lockout.address_failure_limit(),
        "cooloff_timedelta": cool_off,
        "cooloff_minutes": int(cool_off.total_seconds() // 60),
    }
    return render(request, "accounts/lockout.html", context, status=429)
