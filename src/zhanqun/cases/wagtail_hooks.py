"""案件办理 in the Wagtail admin: the 办件 dashboard, a case's page and its actions."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, views


@hooks.register("register_admin_urls")
def register_cases_admin_urls():
    return [path("cases/", include(admin_urls, namespace="cases"))]


class CasesMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_use_cases(request.user)


@hooks.register("register_admin_menu_item")
def register_cases_menu_item():
    return CasesMenuItem(_("办件"), reverse("cases:index"), name="cases", icon_name="mail", order=240)


@hooks.register("insert_global_admin_css")
def cases_light_css():
    # The traffic lights (按期 green, 临期 amber, 超期 red) with text, not colour alone.
    return format_html(
        "<style>{}</style>",
        ".cases-light{display:inline-block;padding:0 .5em;border-radius:1em;font-weight:600;}"
        ".cases-light--on-time{background:#d4f0dc;color:#0b5d1e;}"
        ".cases-light--due-soon{background:#fff0c2;color:#6b4a00;}"
        ".cases-light--overdue{background:#fbd5d5;color:#8a1010;}",
    )
