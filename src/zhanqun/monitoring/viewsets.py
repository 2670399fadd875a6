"""外链白名单 (R-SUP-6): the domains the group's pages may link to without review."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AllowedDomain


class AllowedDomainViewSet(ModelViewSet):
    model = AllowedDomain
    name = "allowed_domains"
    icon = "link-external"
    menu_label = _("外链白名单")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["domain", "site", "note"]
    list_display = ["domain", "site", "note"]
    list_filter = ["site"]
    search_fields = ["domain", "note"]
    search_backend_name = None


allowed_domain_viewset = AllowedDomainViewSet()
