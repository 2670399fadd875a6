"""网站监测 in the Wagtail admin menu: 检查评分 (the scorecard) and 监测发现 (findings)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_urls, views


@hooks.register("register_admin_urls")
def register_monitoring_admin_urls():
    return [path("monitoring/", include(admin_urls, namespace="monitoring"))]


class MonitoringMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_monitoring_menu():
    menu = Menu(
        items=[
            MonitoringMenuItem(_("检查评分"), reverse("monitoring:scorecard"), name="scorecard", icon_name="site", order=1),
            MonitoringMenuItem(_("监测发现"), reverse("monitoring:findings"), name="findings", icon_name="warning", order=2),
        ]
    )
    return SubmenuMenuItem(_("网站监测"), menu, name="monitoring", icon_name="site", order=260)
