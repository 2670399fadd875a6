from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site

from zhanqun.units.models import Unit

from . import services
from .enums import QueueStatus, ReadingResult
from .models import Incident, MaintenanceNotice, ShiftPattern

ROTA_SLOTS = 8


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = f"{user.last_name}{user.first_name}".strip()
        return f"{full}（{user.get_username()}）" if full else user.get_username()


def active_users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class RosterFillForm(forms.Form):
    """按轮值排班: every chosen shift of every day, in order, gets the next person."""

    first = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    patterns = forms.ModelMultipleChoiceField(
        label=_("班次"), queryset=ShiftPattern.objects.filter(active=True), widget=forms.CheckboxSelectMultiple
    )
    overwrite = forms.BooleanField(label=_("覆盖已有排班"), required=False, help_text=_("不勾选时保留已排的班次。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, ROTA_SLOTS + 1):
            self.fields[f"person_{n}"] = UserChoiceField(
                label=_("第 %(n)s 位值班人员") % {"n": n}, queryset=active_users(), required=n == 1
            )

    def people(self):
        return [
            self.cleaned_data[f"person_{n}"] for n in range(1, ROTA_SLOTS + 1) if self.cleaned_data.get(f"person_{n}")
        ]

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last"):
            if data["last"] < data["first"]:
                self.add_error("last", _("结束日期不能早于开始日期。"))
            elif data["last"] - data["first"] > timedelta(days=92):
                self.add_error("last", _("一次最多排 93 天。"))
        return data


class AcknowledgeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(QueueStatus.SEEN, QueueStatus.SEEN.label), (QueueStatus.HANDLED, QueueStatus.HANDLED.label)]
    )
    note = forms.CharField(label=_("处理说明"), max_length=500, required=False)


class ReadingForm(forms.Form):
    result = forms.ChoiceField(
        label=_("结果"), choices=ReadingResult.choices, widget=forms.RadioSelect, initial=ReadingResult.NORMAL
    )
    note = forms.CharField(label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    site = forms.ModelChoiceField(label=_("问题所在站点"), queryset=Site.objects.all(), required=False)
    url = forms.CharField(label=_("问题页面网址"), max_length=1000, required=False)
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.all(), required=False, help_text=_("不选则由站点所属单位整改。")
    )

    def clean(self):
        data = super().clean()
        if data.get("result") == ReadingResult.PROBLEM and not (data.get("note") or "").strip():
            self.add_error("note", _("发现问题时请写明问题情况。"))
        return data


class RectifyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.all())
    note = forms.CharField(label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    comment = forms.CharField(label=_("复查意见"), required=False, initial=_("复查通过，问题已消除。"))
    confirm = forms.BooleanField(label=_("已复读确认问题已消除"), required=False)
    note = forms.CharField(label=_("复读情况"), required=False)

    def __init__(self, *args, manual=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not manual:
            del self.fields["confirm"]
            del self.fields["note"]


class RereadForm(forms.Form):
    note = forms.CharField(label=_("复读情况"), required=False)
    confirm = forms.BooleanField(label=_("已重新阅读，问题已消除"), required=True)


class MaintenanceNoticeForm(WagtailAdminModelForm):
    """维护公告: validated against the advance notice (R-SITE-5) and the sites' 通知公告
    columns before anything is saved."""

    class Meta:
        model = MaintenanceNotice
        fields = ["title", "sites", "starts_at", "ends_at", "reason", "approved_by"]
        widgets = {"sites": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"] = UserChoiceField(label=_("批准人"), queryset=active_users())
        if not self.instance.pk:
            self.fields["title"].initial = _("关于网站系统维护的公告")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        check_advance = not self.instance.pk or "starts_at" in self.changed_data
        try:
            if check_advance:
                services.validate_maintenance(starts, ends, timezone.now())
            elif starts and ends and ends <= starts:
                raise ValidationError({"ends_at": _("维护结束时间应晚于开始时间。")})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        if not self.instance.pk:
            for site in data.get("sites") or []:
                if services._notice_column(site) is None:
                    self.add_error(
                        "sites", _("站点“%(site)s”没有通知公告栏目，无法生成公告。") % {"site": site.site_name}
                    )
        return data


class IncidentForm(WagtailAdminModelForm):
    class Meta:
        model = Incident
        fields = [
            "title",
            "kind",
            "severity",
            "site",
            "occurred_at",
            "discovered_at",
            "recovered_at",
            "actions_taken",
            "reported_to",
            "reported_at",
        ]
