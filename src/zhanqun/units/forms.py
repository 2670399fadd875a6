from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import StaffProfile, Unit
from .permissions import sync_user_unit_groups


class UnitFieldMixin(forms.Form):
    """Adds the user's unit (所属单位) to Wagtail's user forms."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        label=_("所属单位"),
        help_text=_("信息员只能编辑本单位负责的栏目。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = StaffProfile.objects.filter(user_id=self.instance.pk).first() if self.instance.pk else None
        if profile:
            self.fields["unit"].initial = profile.unit_id

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            StaffProfile.objects.update_or_create(user=user, defaults={"unit": self.cleaned_data.get("unit")})
            sync_user_unit_groups(user)
        return user


class StaffUserCreationForm(UnitFieldMixin, UserCreationForm):
    pass


class StaffUserEditForm(UnitFieldMixin, UserEditForm):
    pass
