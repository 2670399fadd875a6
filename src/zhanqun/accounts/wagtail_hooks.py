"""账号安全 in the Wagtail admin, for the 安全管理员 (docs/accounts.md)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views
from .viewsets import NetworkAllowanceViewSet

network_allowances = NetworkAllowanceViewSet()

urls = [
    path("devices/", admin_views.DeviceListView.as_view(), name="devices"),
    path("devices/<int:pk>/<str:action>/", admin_views.device_action, name="device_action"),
    path("lockouts/", admin_views.LockoutListView.as_view(), name="lockouts"),
    path("lockouts/unlock-account/", admin_views.unlock_account, name="unlock_account"),
    path("lockouts/unlock-address/", admin_views.unlock_address, name="unlock_address"),
    path("two-factor/", admin_views.TwoFactorListView.as_view(), name="two_factor"),
    path("two-factor/<int:pk>/reset/", admin_views.reset_two_factor, name="reset_two_factor"),
]


@hooks.register("register_admin_urls")
def register_accounts_admin_urls():
    return [path("security/", include((urls, "accounts_admin")))]


@hooks.register("register_admin_viewset")
def register_network_allowances():
    return network_allowances


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def _security_menu():
    return Menu(
        items=[
            PermissionMenuItem(
                _("设备登记"), reverse("accounts_admin:devices"), name="devices", icon_name="desktop",
                order=100, permission="accounts.change_device",
            ),
            PermissionMenuItem(
                _("允许登录的网络"), reverse("network_allowances:index"), name="networks", icon_name="site",
                order=200, permission="accounts.view_networkallowance",
            ),
            PermissionMenuItem(
                _("登录锁定"), reverse("accounts_admin:lockouts"), name="lockouts", icon_name="lock",
                order=300, permission="accounts.manage_sign_in",
            ),
            PermissionMenuItem(
                _("双因素认证"), reverse("accounts_admin:two_factor"), name="two-factor", icon_name="key",
                order=400, permission="accounts.manage_sign_in",
            ),
        ]
    )


@hooks.register("register_admin_menu_item")
def register_security_menu():
    return SubmenuMenuItem(_("账号安全"), _security_menu(), name="account-security", icon_name="lock", order=8900)
