"""统计报告 in the Wagtail admin menu: the reports (list and pages) and the criticisms list."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_urls
from .permissions import may_view
from .viewsets import criticism_viewset


@hooks.register("register_admin_urls")
def register_reports_admin_urls():
    return [path("reports/", include(admin_urls, namespace="reports"))]


@hooks.register("register_admin_viewset")
def register_criticism_viewset():
    return criticism_viewset


@hooks.register("register_log_actions")
def register_report_log_actions(actions):
    actions.register_action("reports.generate", _("生成统计报告"), _("生成统计报告"))
    actions.register_action("reports.notice", _("生成考评通报草稿"), _("生成考评通报草稿"))
    actions.register_action("reports.export", _("导出统计报告"), _("导出统计报告"))


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view(request.user)


class CriticismsMenuItem(MenuItem):
    def is_shown(self, request):
        return criticism_viewset.permission_policy.user_has_any_permission(
            request.user, ["add", "change", "delete", "view"]
        )


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    menu = Menu(
        items=[
            ReportsMenuItem(_("报告列表"), reverse("reports:index"), name="report_list", icon_name="doc-full", order=1),
            CriticismsMenuItem(
                _("通报批评名单"),
                reverse("unit_criticisms:index"),
                name="unit_criticisms",
                icon_name="warning",
                order=2,
            ),
        ]
    )
    return SubmenuMenuItem(_("统计报告"), menu, name="statistics-reports", icon_name="doc-full", order=270)


@hooks.register("register_permissions")
def register_report_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="reports")
