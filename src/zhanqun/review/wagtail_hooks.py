"""The review app in the Wagtail admin: the 审核 menu, the 审核记录 button of each
page, the admin URLs, the 审核流程规则 settings and the marks' style."""

from django.contrib import messages
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import views
from .permissions import can_moderate, can_view_record, can_view_records
from .services import can_override, latest_screening
from .viewsets import review_chain_rule_viewset


@hooks.register("register_admin_urls")
def register_review_admin_urls():
    return [
        path("review/item/<int:page_id>/", views.ItemRecordView.as_view(), name="review_item_record"),
        path("review/records/", views.ReviewRecordReportView.as_view(), name="review_records"),
        path(
            "review/records/results/",
            views.ReviewRecordReportView.as_view(results_only=True),
            name="review_records_results",
        ),
        path("review/records/<int:pk>/", views.ArchivedRecordView.as_view(), name="review_record"),
        path("review/screening/", views.ScreeningQueueView.as_view(), name="review_screening_queue"),
        path(
            "review/screening/<int:task_state_id>/",
            views.ScreeningDetailView.as_view(),
            name="review_screening_detail",
        ),
        path("review/moderation/", views.ModerationQueueView.as_view(), name="review_moderation"),
        path(
            "review/moderation/results/",
            views.ModerationQueueView.as_view(results_only=True),
            name="review_moderation_results",
        ),
        path("review/moderation/<int:pk>/", views.ModerationDetailView.as_view(), name="review_moderation_detail"),
    ]


@hooks.register("register_admin_viewset")
def register_review_chain_rule_viewset():
    return review_chain_rule_viewset


class _CheckedMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


review_menu = Menu(register_hook_name="register_review_menu_item", construct_hook_name="construct_review_menu")


@hooks.register("register_review_menu_item")
def register_screening_menu_item():
    return _CheckedMenuItem(
        _("保密审查"),
        reverse("review_screening_queue"),
        name="screening",
        icon_name="warning",
        order=100,
        check=can_override,
    )


@hooks.register("register_review_menu_item")
def register_records_menu_item():
    return _CheckedMenuItem(
        _("审核记录"),
        reverse("review_records"),
        name="records",
        icon_name="list-ul",
        order=200,
        check=can_view_records,
    )


@hooks.register("register_review_menu_item")
def register_moderation_menu_item():
    return _CheckedMenuItem(
        _("公众提交审核"),
        reverse("review_moderation"),
        name="moderation",
        icon_name="comment",
        order=300,
        check=lambda user: can_moderate(user) or user.has_perm("review.view_moderationitem"),
    )


@hooks.register("register_admin_menu_item")
def register_review_menu():
    return SubmenuMenuItem(_("审核"), review_menu, name="review", icon_name="tasks", order=250)


class ReviewRecordMenuItem(PageMenuItem):
    """审核记录 in a page's header menu and in the explorer's “more” menu."""

    label = _("审核记录")
    icon_name = "list-ul"
    url_name = "review_item_record"

    def is_shown(self, user):
        return can_view_record(user, self.page.specific_deferred)


@hooks.register("register_page_header_buttons")
def review_record_header_button(page, user, view_name, next_url=None):
    yield ReviewRecordMenuItem(page=page, next_url=next_url, priority=60)


@hooks.register("register_page_listing_more_buttons")
def review_record_listing_button(page, user, next_url=None):
    yield ReviewRecordMenuItem(page=page, next_url=next_url, priority=40)


@hooks.register("insert_global_admin_css")
def review_marks_css():
    return format_html('<link rel="stylesheet" href="{}">', static("review/review.css"))


@hooks.register("before_edit_page")
def point_to_screening_findings(request, page):
    """Opening an item whose current version has screening findings says so, with a
    link to the text with the findings marked — for the editor to fix, for the
    reviewer to look at (R-PUB-3, R-PUB-4)."""
    if request.method != "GET":
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.current_task_state is None:
        return None
    state = latest_screening(page)
    if state is None or state.workflow_state_id != workflow_state.pk or not state.findings:
        return None
    url = reverse("review_screening_detail", args=[state.pk])
    open_ = state.unresolved_blocking()
    if open_ and state.status == "rejected":
        messages.warning(
            request,
            format_html(
                '自动检查发现 {} 处须整改的问题，已退回修改。<a href="{}">查看标记的检查结果</a>', len(open_), url
            ),
        )
    else:
        messages.info(
            request,
            format_html(
                '自动检查发现 {} 条提示，请审核人留意。<a href="{}">查看标记的检查结果</a>', len(state.findings), url
            ),
        )
    return None
