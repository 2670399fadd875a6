"""访问统计 in the Wagtail admin menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, views


@hooks.register("register_admin_urls")
def register_analytics_admin_urls():
    return [path("analytics/", include(admin_urls, namespace="analytics"))]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_view(request.user)


@hooks.register("register_admin_menu_item")
def register_analytics_menu():
    return AnalyticsMenuItem(_("访问统计"), reverse("analytics:report"), name="analytics", icon_name="view", order=265)
