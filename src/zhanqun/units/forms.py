from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .duties import check_separated_duties
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

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # 三员分立: superuser status is not handed out from the back office; only a
        # superuser (the demo's admin, an emergency account) sees the box at all.
        if "is_superuser" in self.fields and not (for_user is not None and for_user.is_superuser):
            del self.fields["is_superuser"]
        profile = StaffProfile.objects.filter(user_id=self.instance.pk).first() if self.instance.pk else None
        if profile:
            self.fields["unit"].initial = profile.unit_id

    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        if groups is not None:
            check_separated_duties([g.name for g in groups])
        return groups

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
