from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Page

from .enums import DraftType
from .permissions import handles_commissions, user_unit_id


class CommissionForm(WagtailAdminModelForm):
    """The request form. Outside the office the 申请单位 is the editor's own unit and
    cannot be changed (R-PUB-9: editors act for their unit only)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.own_unit_id = None
        if "unit" in self.fields and user is not None and not handles_commissions(user) and not user.is_superuser:
            self.own_unit_id = user_unit_id(user)
            field = self.fields["unit"]
            field.queryset = field.queryset.filter(pk=self.own_unit_id)
            field.widget = forms.Select(choices=field.choices)
            field.disabled = True
            if not self.instance.unit_id:
                self.initial["unit"] = self.own_unit_id
            field.help_text = _("委托发布申请以本单位名义提交。")

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is not None and not handles_commissions(user) and not user.is_superuser and self.own_unit_id is None:
            raise ValidationError(_("您的账号未设置所属单位，无法提交委托发布申请。请联系系统管理员设置所属单位。"))
        return cleaned


def column_label(page, titles):
    """“云泽市人民政府 › 政府信息公开 › 通知公告”: the site's home page and the columns."""
    steps = range(2 * Page.steplen, len(page.path) + 1, Page.steplen)
    return " › ".join(titles.get(page.path[:n], "") for n in steps)


class ColumnChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = None

    def label_from_instance(self, obj):
        if self.titles is None:
            self.titles = dict(Page.objects.filter(depth__gte=2).values_list("path", "title"))
        return column_label(obj, self.titles)


def column_queryset():
    from zhanqun.columns.models import ColumnPage, SpecialTopicPage

    return Page.objects.type(ColumnPage, SpecialTopicPage).order_by("path")


class DraftForm(forms.Form):
    """转为草稿: where the item goes and of which type."""

    column = ColumnChoiceField(
        label=_("发布栏目"),
        queryset=Page.objects.none(),
        empty_label=None,
        help_text=_("草稿建在此栏目下，编辑后按审核流程发布。"),
    )
    draft_type = forms.ChoiceField(label=_("信息类型"), choices=DraftType.choices, initial=DraftType.ARTICLE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = column_queryset()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("请填写退回原因，申请单位将看到它。")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(self.fields["reason"].error_messages["required"])
        return reason
