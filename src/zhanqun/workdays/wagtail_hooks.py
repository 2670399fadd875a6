from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .viewsets import workdays_viewset


@hooks.register("register_admin_viewset")
def register_workdays_viewset():
    """设置 → 工作日历 in the Wagtail admin."""
    return workdays_viewset


@hooks.register("register_log_actions")
def register_workdays_log_actions(actions):
    actions.register_action(
        "workdays.import_notice", _("从通知导入节假日安排"), _("从国务院办公厅通知导入节假日安排")
    )


class MissingYearPanel(Component):
    """From 1 November: next year's holiday schedule is not loaded (docs/workdays.md)."""

    name = "workdays_missing_year"
    template_name = "workdays/home_panel.html"
    order = 20

    def __init__(self, year, can_import, can_view):
        self.year, self.can_import, self.can_view = year, can_import, can_view

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(missing_year=self.year, can_import=self.can_import, can_view=self.can_view)
        return context


def sees_missing_year_warning(user) -> bool:
    """系统管理员 (who load the year) and 站点管理员 (whose sites show the deadlines)."""
    from zhanqun.units.enums import Role

    if user.has_perm("workdays.add_holidayyear"):
        return True
    names = {str(Role.SYSTEM_ADMINISTRATOR.label), str(Role.SITE_OPERATOR.label)}
    return user.groups.filter(name__in=names).exists()


@hooks.register("construct_homepage_panels")
def add_missing_year_panel(request, panels):
    from . import services, views

    if not sees_missing_year_warning(request.user):
        return
    year = services.missing_next_year()
    if year is not None:
        panels.append(
            MissingYearPanel(
                year,
                can_import=views.may_import(request.user),
                can_view=request.user.has_perm("workdays.view_holidayyear"),
            )
        )
