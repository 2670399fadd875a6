from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.users import CreateView as UserCreateView
from wagtail.users.views.users import EditView as UserEditView
from wagtail.users.views.users import UserViewSet

from .forms import StaffUserCreationForm, StaffUserEditForm
from .models import Unit


class ForUserFormMixin:
    """Hands the acting user to the form: only a superuser may grant superuser status
    (三员分立, docs/accounts.md)."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class StaffUserCreateView(ForUserFormMixin, UserCreateView):
    pass


class StaffUserEditView(ForUserFormMixin, UserEditView):
    pass


class StaffUserViewSet(UserViewSet):
    add_view_class = StaffUserCreateView
    edit_view_class = StaffUserEditView
    create_template_name = "units/users/create.html"
    edit_template_name = "units/users/edit.html"

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("单位")
    menu_name = "units"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind", "parent", "head", "leader_in_charge", "staff_contact"]
    list_filter = ["kind"]
    search_fields = ["name"]
