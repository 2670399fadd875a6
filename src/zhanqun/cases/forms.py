"""Forms of the case actions in the admin; each feeds one service function."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhanqun.units.models import Unit


def _required_text(label, message, rows=4):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=4000, error_messages={"required": message}
    )


class ActionForm(forms.Form):
    """Base: knows the case; strips text fields and refuses blanks where required."""

    def __init__(self, *args, case=None, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(value, str):
                cleaned[name] = value.strip()
                if field.required and not cleaned[name]:
                    self.add_error(name, field.error_messages["required"])
        return cleaned


class ConfirmForm(ActionForm):
    pass


class TriageForm(ActionForm):
    note = forms.CharField(label=_("分拣意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(ActionForm):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.all(), empty_label=None)
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(ActionForm):
    unit = forms.ModelChoiceField(label=_("转办至"), queryset=Unit.objects.all(), empty_label=None)
    reason = _required_text(_("转办理由"), _("请填写转办理由。"), rows=3)

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if self.case is not None and unit.pk == self.case.unit_id:
            raise ValidationError(_("案件已由该单位承办，请选择其他单位。"))
        return unit


class ReturnForm(ActionForm):
    reason = _required_text(_("退回理由"), _("请填写退回理由，交办机构将看到它。"))


class InstructForm(ActionForm):
    instruction = _required_text(_("批示内容"), _("请填写批示内容。"))


class PauseForm(ActionForm):
    reason = _required_text(_("暂停原因"), _("请填写暂停计时的原因（如等待补正材料、征求第三方意见）。"), rows=3)


class ExtendForm(ActionForm):
    clock = forms.ChoiceField(label=_("期限"))
    new_due = forms.DateField(
        label=_("新期限"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("须为工作日，且晚于当前期限。")
    )
    reason = _required_text(_("延期理由"), _("请填写延期理由。"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        running = self.case.clocks.filter(stopped_at__isnull=True) if self.case else []
        self.fields["clock"].choices = [(c.code, c.label) for c in running]


class DraftReplyForm(ActionForm):
    body = _required_text(_("答复内容"), _("请填写答复内容。"), rows=10)
    public = forms.BooleanField(label=_("公开答复"), required=False, help_text=_("答复后在网站公开，个人信息隐去。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            if not self.case.kind_spec.public_replies:
                del self.fields["public"]
            draft = self.case.replies.filter(status="draft").first()
            if draft is not None and not self.is_bound:
                self.initial.update(body=draft.body, public=draft.public)


class ApproveReplyForm(ActionForm):
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RejectReplyForm(ActionForm):
    reason = _required_text(_("退回修改理由"), _("请填写退回修改的理由。"), rows=3)


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("查看用途"), max_length=200, required=False)
