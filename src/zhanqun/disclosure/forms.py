"""Forms of disclosure requests: the public application (Art. 29), staff entry of an
offline application (Art. 31's receipt date), and the handling steps."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanqun.core.public_forms import captcha_field
from zhanqun.units.models import Unit

from .enums import (
    ApplicantType,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeMethod,
    IdDocumentType,
    InfoFormat,
    Outcome,
    reason_choices,
)


class ApplicationForm(forms.Form):
    """政府信息公开申请表 (条例第二十九条)."""

    unit = forms.ModelChoiceField(label="受理机关", queryset=Unit.objects.all(), empty_label="请选择")
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    name = forms.CharField(label="姓名（法人或其他组织填写经办人）", max_length=60)
    organisation = forms.CharField(label="法人或者其他组织名称", max_length=200, required=False)
    legal_representative = forms.CharField(label="法定代表人或负责人", max_length=60, required=False)
    id_document_type = forms.ChoiceField(label="身份证明类型", choices=IdDocumentType.choices)
    id_number = forms.CharField(label="身份证明号码", max_length=40)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    info_description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述", widget=forms.Textarea(attrs={"rows": 4})
    )
    info_document_number = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    info_format = forms.ChoiceField(label="信息载体形式", choices=InfoFormat.choices)
    delivery_method = forms.ChoiceField(label="获取信息的方式", choices=DeliveryMethod.choices)
    purpose = forms.CharField(label="用途说明（选填）", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    fee_waiver_requested = forms.BooleanField(label="申请减免信息处理费", required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A missing answer names its field ("请填写身份证明号码。"), not Django's bare 必需字段.
        for field in self.fields.values():
            name = str(field.label or "").split("（")[0]
            verb = "请选择" if isinstance(field, forms.ChoiceField) else "请填写"
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = f"{verb}{name}。"

    def clean(self):
        data = super().clean()
        from django.core.exceptions import ValidationError

        from .requests import check_application

        try:
            check_application({k: v for k, v in data.items() if v is not None})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)
        return data


class PublicApplicationForm(ApplicationForm):
    """The application as the public sends it online: with a CAPTCHA (staff entering a
    letter or a visit use ``StaffEntryForm``)."""

    captcha = captcha_field(help_text=_("看不清请刷新页面换一张。"))


class StatusForm(forms.Form):
    """办理进度查询: the query code given on the receipt, and the number to narrow it."""

    number = forms.CharField(
        label=_("申请编号"), max_length=40, required=False, help_text=_("选填，回执上的申请编号。")
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages={"required": _("请输入提交申请时得到的查询码。")},
        help_text=_("12 位字母和数字，如 ABCD-EFGH-JKMN，不区分大小写。"),
    )


class StaffEntryForm(ApplicationForm):
    """An application received by letter, in person, by fax or e-mail, entered by staff."""

    channel = forms.ChoiceField(label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_at = forms.DateTimeField(
        label="收到申请时间",
        initial=timezone.now,
        help_text="条例第三十一条：当面提交的为提交之日；邮寄的为签收之日；传真、电子邮件的为双方确认之日。",
    )


class CorrectionForm(forms.Form):
    what = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    workdays = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=30, initial=15)


class CorrectedForm(forms.Form):
    description = forms.CharField(label="补正后的申请内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[c for c in ConsultationKind.choices if c[0] != ConsultationKind.FEE_PAYMENT]
    )
    party = forms.CharField(label="征求对象", max_length=200)


class EndConsultationForm(forms.Form):
    result = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FeeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式", choices=[c for c in FeeMethod.choices if c[0] != FeeMethod.NONE])
    units = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)


class ExtensionForm(forms.Form):
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="处理结果", choices=Outcome.choices)
    reason = forms.ChoiceField(label="具体情形", choices=[("", "（予以公开、部分公开无需选择）")] + reason_choices(),
                               required=False)
    note = forms.CharField(label="理由和依据", widget=forms.Textarea(attrs={"rows": 3}), required=False)
