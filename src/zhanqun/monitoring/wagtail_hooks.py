"""网站监测 in the Wagtail admin menu: 检查评分 (the scorecard) and 监测发现 (findings)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_urls, views
from .viewsets import allowed_domain_viewset


@hooks.register("register_admin_urls")
def register_monitoring_admin_urls():
    return [path("monitoring/", include(admin_urls, namespace="monitoring"))]


@hooks.register("register_admin_viewset")
def register_allowed_domain_viewset():
    return allowed_domain_viewset


class AllowedDomainsMenuItem(MenuItem):
    def is_shown(self, request):
        return allowed_domain_viewset.permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu():
    menu = Menu(
        items=[
            MonitoringMenuItem(_("检查评分"), reverse("monitoring:scorecard"), name="scorecard", icon_name="site", order=1),
            MonitoringMenuItem(_("监测发现"), reverse("monitoring:findings"), name="findings", icon_name="warning", order=2),
            AllowedDomainsMenuItem(
                _("外链白名单"), reverse("allowed_domains:index"), name="allowed_domains", icon_name="link-external", order=3
            ),
        ]
    )
    return SubmenuMenuItem(_("网站监测"), menu, name="monitoring", icon_name="site", order=260)
