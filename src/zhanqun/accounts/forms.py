from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from .models import NetworkAllowance


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with labels in Chinese (WAGTAILADMIN_USER_LOGIN_FORM):
    Wagtail leaves the password field without a label, so Django shows "Password"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs["placeholder"] = _("请输入用户名")
        self.fields["password"].widget.attrs["placeholder"] = _("请输入密码")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态验证码"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("身份验证器（手机应用）上显示的6位数字；手机丢失时可输入一个恢复码。"),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").replace("-", "").strip()


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("动态验证码"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("扫码或输入密钥后，身份验证器显示的6位数字。"),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class ChangePasswordForm(PasswordChangeForm):
    """Django's form (old password, new twice, every validator of R-SEC-1), in Chinese."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("原密码不正确，请重新输入。"),
        "password_mismatch": _("两次输入的新密码不一致。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")


class NetworkAllowanceForm(forms.ModelForm):
    class Meta:
        model = NetworkAllowance
        fields = ["network", "note"]
