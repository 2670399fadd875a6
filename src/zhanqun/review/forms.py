"""Forms of the review screens: the reviewer's opinion, an override, a moderation decision."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApproveOpinionForm(forms.Form):
    """审核意见 when approving: optional (R-PUB-2); kept with the decision."""

    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("可填写审核意见，例如“同意发布”。意见与审核人、时间、版本一并记入审核记录。"),
    )


class RejectOpinionForm(forms.Form):
    """审核意见 when sending back: required, the editor must know what to change."""

    comment = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_("请写明需要修改的内容。意见与审核人、时间、版本一并记入审核记录。"),
        error_messages={"required": _("退回修改须填写审核意见。")},
    )


class OverrideForm(forms.Form):
    """保密审查员 accepts one blocking finding, with a written reason (R-PUB-3)."""

    key = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("认定理由"),
        widget=forms.Textarea({"rows": 2}),
        min_length=4,
        error_messages={
            "required": _("请写明认定可以发布的理由。"),
            "min_length": _("理由太短，请写明为何可以发布（至少 %(limit_value)d 个字）。"),
        },
    )


class ModerationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("予以显示")), ("reject", _("不予显示"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("审核理由"), required=False, widget=forms.Textarea({"rows": 2}))
