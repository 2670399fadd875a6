"""What every public form shares (互动交流, 依申请公开): a CAPTCHA with Chinese messages,
and the one-time submission key that makes a double submit return the first case
(``cases.services.submit_case``). Rate limits: ``core.ratelimit``."""

import secrets

from captcha.fields import CaptchaField
from django.utils.translation import gettext_lazy as _


def new_submission_key():
    """The one-time key a public form carries: a second POST of the same form returns the
    first case instead of making another."""
    return secrets.token_urlsafe(24)


REFRESH_HELP = _("看不清可点击图片换一张。")


def captcha_field(help_text=REFRESH_HELP):
    """The CAPTCHA; pages without the image-refresh script give their own help text."""
    return CaptchaField(
        label=_("验证码"),
        error_messages={"invalid": _("验证码不正确或已过期，请看清图片重新输入。"), "required": _("请输入验证码。")},
        help_text=help_text,
    )
