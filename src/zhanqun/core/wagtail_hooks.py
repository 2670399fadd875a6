"""The back office's help menu: the product's own help, not Wagtail's online guides."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import branding, views

# Wagtail's help items that lead to guide.wagtail.org (unreachable on an intranet, in
# English, about Wagtail rather than this platform).
WAGTAIL_ONLINE_HELP = ("editor-guide",)


@hooks.register("register_admin_urls")
def register_help_url():
    return [path("help/", views.HelpView.as_view(), name="zhanqun_help")]


class HelpMenuItem(MenuItem):
    """使用帮助: the URL is read at request time (the built-in page is a route)."""

    def render_component(self, request):
        self.url = branding.help_url()
        return super().render_component(request)


@hooks.register("register_help_menu_item")
def register_help_menu_item():
    return HelpMenuItem(_("使用帮助"), "#", name="zhanqun-help", icon_name="help", order=100)


@hooks.register("construct_help_menu")
def hide_wagtail_online_help(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in WAGTAIL_ONLINE_HELP and not item.name.startswith("whats-new-in-wagtail")
    ]


@hooks.register("construct_reports_menu")
def hide_page_types_report(request, menu_items):
    from .admin_labels import PAGE_TYPES_REPORT, sees_page_types_report

    if not sees_page_types_report(request.user):
        menu_items[:] = [item for item in menu_items if item.name != PAGE_TYPES_REPORT]
