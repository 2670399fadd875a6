from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class ItemPageForm(WagtailAdminPageForm):
    """Admin form for items: defaults the responsible unit from the column, gives
    required fields the message the model declares in ``required_messages``, and
    numbers the item (t<date>_<hex>) when the editor leaves the slug empty — a Chinese
    title has no ASCII slug to derive."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
        for name, message in getattr(self._meta.model, "required_messages", {}).items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        parent = getattr(self, "parent_page", None)
        if (
            "responsible_unit" in self.fields
            and not self.instance.pk
            and parent is not None
            and getattr(parent.specific, "responsible_unit_id", None)
            and not self.initial.get("responsible_unit")
        ):
            self.initial["responsible_unit"] = parent.specific.responsible_unit_id

    def clean_slug(self):
        from .models import default_item_slug

        slug = self.cleaned_data.get("slug")
        # The admin derives a slug from the title; from a Chinese title that is empty
        # or only the digits in it ("2026"), which would collide with the next item.
        if not slug or slug.replace("-", "").isdigit():
            slug = self.instance.slug if self.instance.pk and self.instance.slug else default_item_slug()
        return slug


class TakeDownForm(forms.Form):
    """The written reason a take-down needs (R-SEC-6)."""

    reason = forms.CharField(
        label=_("撤稿原因"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("请填写撤稿原因：撤稿原因将记入操作日志。")},
        help_text=_("例如：内容涉及个人隐私，经核实后撤下。撤稿原因记入页面历史和撤稿记录。"),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason
