"""审计日志 in the Wagtail admin: a top-level menu item for those who may read the log
(``audit.view_auditrecord``: the 审计员 role, superusers)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views

urls = [
    path("", views.AuditRecordListView.as_view(), name="index"),
    path("results/", views.AuditRecordListView.as_view(results_only=True), name="index_results"),
    path("<int:pk>/", views.AuditRecordDetailView.as_view(), name="detail"),
]


@hooks.register("register_admin_urls")
def register_audit_admin_urls():
    return [path("audit/", include((urls, "audit")))]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_audit_log(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(_("审计日志"), reverse("audit:index"), name="audit", icon_name="history", order=9000)
