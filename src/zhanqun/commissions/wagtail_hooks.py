"""委托发布 in the Wagtail admin (R-PUB-9): the viewset, its permission policy, the link
from a draft back to its request, and the request's history entries."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from .models import Commission
from .permissions import CommissionPermissionPolicy

# Before the viewset, so it does not make a fallback policy of its own.
register_permission_policy(Commission, CommissionPermissionPolicy(Commission))

from .viewsets import commission_viewset  # noqa: E402


@hooks.register("register_admin_viewset")
def register_commission_viewset():
    return commission_viewset


class CommissionLinkMenuItem(PageMenuItem):
    """委托发布申请 in the header menu of an item made from a request: the link back."""

    label = _("委托发布申请")
    icon_name = "mail"

    def __init__(self, commission, **kwargs):
        super().__init__(**kwargs)
        self.commission = commission

    @property
    def url(self):
        return reverse("commissions:inspect", args=[self.commission.pk])


@hooks.register("register_page_header_buttons")
def commission_link_button(page, user, view_name, next_url=None):
    commission = Commission.objects.visible_to(user).filter(draft_page=page).first()
    if commission is not None:
        yield CommissionLinkMenuItem(commission, page=page, priority=5)


@hooks.register("register_log_actions")
def register_commission_log_actions(actions):
    @actions.register_action("commissions.draft")
    class DraftFormatter(LogFormatter):
        label = _("转为草稿")

        def format_message(self, log_entry):
            return _("已转为草稿：“%(column)s”栏目的%(type)s") % {
                "column": log_entry.data.get("column", ""),
                "type": log_entry.data.get("type", ""),
            }

    @actions.register_action("commissions.draft_from_request")
    class DraftFromRequestFormatter(LogFormatter):
        label = _("由委托发布申请转为草稿")

        def format_message(self, log_entry):
            return _("由%(unit)s的委托发布申请“%(title)s”转为草稿") % {
                "unit": log_entry.data.get("unit", ""),
                "title": log_entry.data.get("commission", ""),
            }

    @actions.register_action("commissions.return")
    class ReturnFormatter(LogFormatter):
        label = _("退回")

        def format_message(self, log_entry):
            return _("已退回：%(reason)s") % {"reason": log_entry.data.get("reason", "")}

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    actions.register_action("commissions.resubmit", _("重新提交"), _("修改后重新提交"))


@hooks.register("register_permissions")
def register_handle_permission():
    return Permission.objects.filter(content_type__app_label="commissions", codename="handle_commission")
