"""The content app in the Wagtail admin: the 撤稿 button (R-SEC-6), the 发布时效 and 撤稿记录
reports (R-PUB-5), and the take-down entry of a page's history."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from . import services, views
from .permissions import can_view_timeliness

report_urls = [
    path("timeliness/", views.TimelinessReportView.as_view(), name="timeliness"),
    path("timeliness/results/", views.TimelinessReportView.as_view(results_only=True), name="timeliness_results"),
    path("take-downs/", views.TakeDownReportView.as_view(), name="take_downs"),
    path("take-downs/results/", views.TakeDownReportView.as_view(results_only=True), name="take_downs_results"),
]


@hooks.register("register_admin_urls")
def register_content_admin_urls():
    return [
        path("content/take-down/<int:page_id>/", views.TakeDownView.as_view(), name="content_take_down"),
        path("content/reports/", include((report_urls, "content_reports"))),
    ]


class TakeDownMenuItem(PageMenuItem):
    """撤稿 in a page's header menu and in the explorer's “more” menu of each row."""

    label = _("撤稿")
    icon_name = "warning"
    url_name = "content_take_down"

    def is_shown(self, user):
        return services.can_take_down(user, self.page)


@hooks.register("register_page_header_buttons")
def take_down_header_button(page, user, view_name, next_url=None):
    yield TakeDownMenuItem(page=page, next_url=next_url, priority=62)


@hooks.register("register_page_listing_more_buttons")
def take_down_listing_button(page, user, next_url=None):
    yield TakeDownMenuItem(page=page, next_url=next_url, priority=42)


class TimelinessMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_timeliness(request.user)


class TakeDownsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("content.view_takedown") or request.user.has_perm("content.add_takedown")


@hooks.register("register_reports_menu_item")
def register_timeliness_report_menu_item():
    return TimelinessMenuItem(
        _("发布时效"), reverse("content_reports:timeliness"), name="timeliness", icon_name="time", order=50
    )


@hooks.register("register_reports_menu_item")
def register_take_down_report_menu_item():
    return TakeDownsMenuItem(
        _("撤稿记录"), reverse("content_reports:take_downs"), name="take-downs", icon_name="warning", order=60
    )


@hooks.register("register_log_actions")
def register_take_down_log_action(actions):
    @actions.register_action("content.take_down")
    class TakeDownFormatter(LogFormatter):
        label = _("撤稿")

        def format_message(self, log_entry):
            return _("撤稿：%(reason)s") % {"reason": log_entry.data.get("reason", "")}

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")


@hooks.register("register_permissions")
def register_take_down_permissions():
    return Permission.objects.filter(content_type__app_label="content", codename__in=["add_takedown", "view_takedown"])
