from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.users.views.users import UserViewSet

from .forms import StaffUserCreationForm, StaffUserEditForm
from .models import Unit


class StaffUserViewSet(UserViewSet):
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
