from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from .models import NetworkAllowance


class NetworkAllowanceViewSet(ModelViewSet):
    """允许登录的网络 (device binding, R-SEC-1): the 安全管理员's list of networks per user."""

    model = NetworkAllowance
    icon = "site"
    menu_label = _("允许登录的网络")
    name = "network_allowances"
    add_to_admin_menu = False
    form_fields = ["user", "network", "note"]
    list_display = ["user", "network", "note", "created_at"]
    list_filter = ["user"]
    search_fields = ["network", "note", "user__username"]
