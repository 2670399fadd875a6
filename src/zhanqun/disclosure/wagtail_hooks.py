"""政府信息公开 in the Wagtail admin: the menu group, the catalog check, request screens,
the annual reports' due-date panel on the home page."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_urls
from .views import requests as request_views
from .views.admin import may_view_catalog
from .viewsets import DisclosureGroup


@hooks.register("register_admin_urls")
def register_disclosure_admin_urls():
    return [path("disclosure/", include(admin_urls, namespace="disclosure"))]


@hooks.register("register_admin_viewset")
def register_disclosure_viewsets():
    return DisclosureGroup()


class CatalogMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_catalog(request.user)


@hooks.register("register_admin_menu_item")
def register_catalog_menu_item():
    return CatalogMenuItem(
        _("公开目录检查"), reverse("disclosure:catalog"), name="disclosure_catalog", icon_name="list-ul", order=251
    )


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request_views.may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RequestsMenuItem(
        _("依申请公开"), reverse("disclosure:requests"), name="disclosure_requests", icon_name="mail", order=245
    )


class AnnualReportRemindersPanel(Component):
    """R-DISC-4: the annual reports the user answers for that are due within 30 days or
    overdue and not published (``reminders``)."""

    name = "disclosure_annual_reports"
    template_name = "disclosure/admin/home_reports_panel.html"
    order = 90

    def __init__(self, reports):
        self.reports = reports

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["reports"] = self.reports
        context["list_url"] = reverse("disclosure_reports:index")
        return context


@hooks.register("construct_homepage_panels")
def add_annual_report_reminders(request, panels):
    from . import reminders

    if not reminders.handles_disclosure(request.user):
        return
    mine = reminders.reports_for(request.user, reminders.due_reports())
    if mine:
        panels.append(AnnualReportRemindersPanel(mine))
