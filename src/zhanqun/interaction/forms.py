"""Forms: the public letter and error-report forms, the query and rating forms, and the
admin's 12345 entry and letter triage forms. Messages are plain Chinese; every text is
reduced to plain text (``text.plain_text``) before it is checked."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from zhanqun.core.public_forms import captcha_field
from zhanqun.units.models import Unit

from .enums import Channel, Complexity, ErrorType, LetterCategory
from .models import Mailbox
from .text import plain_text

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
SCREENSHOT_TYPES = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}


class PlainTextMixin:
    """Strips markup from every text field; a field left empty by that is an error."""

    single_line_fields = ()

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str) and name not in ("captcha", "submission_key"):
                cleaned[name] = plain_text(value, single_line=name in self.single_line_fields)
                field = self.fields[name]
                if field.required and not cleaned[name] and name not in self.errors:
                    self.add_error(name, _("请填写%(label)s（网页代码不会保存）。") % {"label": field.label})
        return cleaned


def _phone_field(required=True):
    return forms.CharField(
        label=_("联系电话"),
        max_length=20,
        required=required,
        error_messages={"required": _("请填写联系电话，以便答复和回访。")},
        help_text=_("手机号或带区号的固定电话，仅用于联系您，不会公开。"),
    )


def _clean_phone(value):
    value = (value or "").replace(" ", "")
    if value and not PHONE.match(value):
        raise ValidationError(_("请填写正确的手机号（11 位）或带区号的固定电话，如 0937-8212345。"))
    return value


class LetterForm(PlainTextMixin, forms.Form):
    """写信 on the public site (R-INT-1)."""

    single_line_fields = ("name", "subject", "address")

    name = forms.CharField(label=_("姓名"), max_length=20, error_messages={"required": _("请填写您的姓名。")})
    phone = _phone_field()
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        error_messages={"invalid": _("电子邮箱格式不正确。")},
        help_text=_("填写后答复将同时发送到该邮箱。"),
    )
    address = forms.CharField(label=_("联系地址"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("来信类别"),
        choices=LetterCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择来信类别。"), "invalid_choice": _("请选择来信类别。")},
    )
    subject = forms.CharField(
        label=_("标题"),
        min_length=4,
        max_length=100,
        error_messages={
            "required": _("请填写标题。"),
            "min_length": _("标题至少 4 个字。"),
            "max_length": _("标题不超过 100 个字。"),
        },
    )
    content = forms.CharField(
        label=_("内容"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("请填写来信内容。"),
            "min_length": _("来信内容至少 10 个字，请把事情说清楚。"),
            "max_length": _("来信内容不超过 3000 个字。"),
        },
    )
    public_consent = forms.BooleanField(
        label=_("同意公开"),
        required=False,
        initial=True,
        help_text=_("同意在网站公开来信和答复（姓名、电话等个人信息隐去）。"),
    )
    captcha = captcha_field()
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))


def validate_screenshot(upload):
    """A picture (PNG, JPEG, GIF, WebP) no larger than the configured size, that Pillow
    can read as the type its name says."""
    limit = getattr(settings, "ZHANQUN_INTERACTION_MAX_SCREENSHOT", 5 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationError(_("截图不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in SCREENSHOT_TYPES:
        raise ValidationError(_("截图只能是 PNG、JPG、GIF 或 WebP 图片。"))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(_("截图不是有效的图片文件。")) from exc
    finally:
        upload.seek(0)
    if image_format != SCREENSHOT_TYPES[extension]:
        raise ValidationError(_("截图的文件类型与扩展名不符。"))
    return upload


class ErrorReportForm(PlainTextMixin, forms.Form):
    """我为政府网站找错 on the site (R-INT-4)."""

    single_line_fields = ("name",)

    page_url = forms.URLField(
        label=_("问题页面地址"),
        max_length=1000,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        # type=text: a wrong address is shown back as typed (an invalid value is invalid HTML in type=url)
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
        error_messages={"required": _("请填写出错页面的网址。"), "invalid": _("请填写完整的网址，如 https://www.example.gov.cn/zwdt/。")},
    )
    error_type = forms.ChoiceField(
        label=_("问题类型"),
        choices=ErrorType.choices,
        error_messages={"required": _("请选择问题类型。"), "invalid_choice": _("请选择问题类型。")},
    )
    description = forms.CharField(
        label=_("问题描述"),
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请描述发现的问题。"),
            "min_length": _("问题描述至少 5 个字。"),
            "max_length": _("问题描述不超过 1000 个字。"),
        },
    )
    screenshot = forms.FileField(
        label=_("截图"),
        required=False,
        validators=[validate_screenshot],
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=_("可选，PNG、JPG、GIF 或 WebP，不超过 5 MB。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=20, required=False)
    phone = _phone_field(required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False, error_messages={"invalid": _("电子邮箱格式不正确。")})
    captcha = captcha_field()
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))


class QueryForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages={"required": _("请输入提交时得到的查询码。")},
        help_text=_("12 位字母和数字，如 ABCD-EFGH-JKMN，不区分大小写。"),
    )


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    rating = forms.TypedChoiceField(
        label=_("满意度"),
        coerce=int,
        choices=[(5, _("很满意")), (4, _("满意")), (3, _("基本满意")), (2, _("不满意")), (1, _("很不满意"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意度。"), "invalid_choice": _("请选择满意度。")},
    )
    comment = forms.CharField(label=_("评价意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_comment(self):
        return plain_text(self.cleaned_data.get("comment", ""))


# --- admin -----------------------------------------------------------------------------


class HotlineLetterForm(PlainTextMixin, forms.Form):
    """12345 热线来电登记: staff enter a call as a letter (R-INT-1)."""

    single_line_fields = ("name", "subject", "address")

    mailbox = forms.ModelChoiceField(label=_("信箱"), queryset=Mailbox.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label=_("来信渠道"), choices=Channel.choices, initial=Channel.HOTLINE)
    received_at = forms.DateTimeField(
        label=_("来电时间"),
        initial=timezone.now,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("办理时限从此时起算。"),
    )
    category = forms.ChoiceField(label=_("类别"), choices=LetterCategory.choices)
    complexity = forms.ChoiceField(label=_("复杂程度"), choices=Complexity.choices, initial=Complexity.ORDINARY)
    subject = forms.CharField(label=_("标题"), max_length=100)
    content = forms.CharField(label=_("来电内容"), widget=forms.Textarea(attrs={"rows": 8}), max_length=3000)
    name = forms.CharField(label=_("姓名"), max_length=20)
    phone = _phone_field()
    address = forms.CharField(label=_("联系地址"), max_length=100, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    public_consent = forms.BooleanField(label=_("同意公开"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].queryset = Mailbox.objects.filter(is_active=True).select_related("site")
        self.fields["mailbox"].label_from_instance = lambda m: f"{m.name}（{m.site.site_name or m.site.hostname}）"

    def clean_phone(self):
        return _clean_phone(self.cleaned_data.get("phone"))

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise ValidationError(_("来电时间不能晚于现在。"))
        return value


class LetterTriageForm(forms.Form):
    """分拣交办 of a letter (R-INT-1)."""

    category = forms.ChoiceField(label=_("类别"), choices=LetterCategory.choices)
    complexity = forms.ChoiceField(label=_("复杂程度"), choices=Complexity.choices)
    special = forms.BooleanField(
        label=_("特殊来信"),
        required=False,
        help_text=_("交机要室呈领导批示，按批示转承办单位。"),
    )
    unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=Unit.objects.all(), required=False, help_text=_("普通来信直接交办该单位。")
    )
    note = forms.CharField(label=_("分拣意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("special") and not cleaned.get("unit"):
            self.add_error("unit", _("普通来信请选择承办单位。"))
        return cleaned
