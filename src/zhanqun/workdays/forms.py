"""Forms of the 工作日历 screen."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NoticeImportForm(forms.Form):
    """The pasted text of 国务院办公厅关于××年部分节假日安排的通知."""

    text = forms.CharField(
        label=_("通知原文"),
        widget=forms.Textarea(attrs={"rows": 14, "data-testid": "notice-text"}),
        help_text=_(
            "从中国政府网复制《国务院办公厅关于××年部分节假日安排的通知》全文粘贴到这里"
            "（含标题；“一、元旦：……”等各条必须完整）。先预览，核对无误后再保存。"
        ),
    )
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("只有粘贴的文字不含标题时才需要填写。"),
    )
    replace = forms.BooleanField(
        label=_("覆盖已录入的该年安排"),
        required=False,
        help_text=_("该年已在工作日历中时，勾选后用通知内容替换原有安排。"),
    )
    digest = forms.CharField(required=False, widget=forms.HiddenInput)
