"""值班读网 in the Wagtail admin: the menu, the screens' URLs, the viewsets, and the log
actions (each action of the person on duty is a Wagtail log entry, chained by the audit app)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.log_actions import LogFormatter

from . import admin_urls, services
from .viewsets import (
    VIEWSETS,
    checklist_viewset,
    deadline_viewset,
    incident_viewset,
    maintenance_viewset,
    shift_pattern_viewset,
)


@hooks.register("register_admin_urls")
def register_duty_admin_urls():
    return [path("duty/", include(admin_urls, namespace="duty"))]


@hooks.register("register_admin_viewset")
def register_duty_viewsets():
    return VIEWSETS


class _Item(MenuItem):
    def __init__(self, *args, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown

    def is_shown(self, request):
        return self.shown(request.user)


def _can_view(viewset):
    return lambda user: viewset.permission_policy.user_has_any_permission(user, ["add", "change", "delete", "view"])


def _sees_duty(user):
    return services.may_view_queue(user) or user.has_perm("duty.view_shift")


class DutyMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return _sees_duty(request.user) or any(_can_view(v)(request.user) for v in VIEWSETS)


@hooks.register("register_admin_menu_item")
def register_duty_menu():
    items = [
        _Item(
            _("本班待办"),
            reverse("duty:queue"),
            name="duty_queue",
            icon_name="tasks",
            order=1,
            shown=services.may_view_queue,
        ),
        _Item(_("排班表"), reverse("duty:roster"), name="duty_roster", icon_name="date", order=2, shown=_sees_duty),
        _Item(_("值班日志"), reverse("duty:log"), name="duty_log", icon_name="list-ul", order=3, shown=_sees_duty),
        _Item(
            _("安全事件"),
            reverse("duty_incidents:index"),
            name="duty_incidents",
            icon_name="warning",
            order=4,
            shown=_can_view(incident_viewset),
        ),
        _Item(
            _("维护公告"),
            reverse("duty_maintenance:index"),
            name="duty_maintenance",
            icon_name="warning",
            order=5,
            shown=_can_view(maintenance_viewset),
        ),
        _Item(
            _("读网清单"),
            reverse("duty_checklist:index"),
            name="duty_checklist",
            icon_name="list-ul",
            order=6,
            shown=_can_view(checklist_viewset),
        ),
        _Item(
            _("班次设置"),
            reverse("duty_patterns:index"),
            name="duty_patterns",
            icon_name="time",
            order=7,
            shown=_can_view(shift_pattern_viewset),
        ),
        _Item(
            _("整改期限"),
            reverse("duty_deadlines:index"),
            name="duty_deadlines",
            icon_name="time",
            order=8,
            shown=_can_view(deadline_viewset),
        ),
    ]
    return DutyMenuItem(_("值班读网"), Menu(items=items), name="duty", icon_name="tasks", order=262)


@hooks.register("register_log_actions")
def register_duty_log_actions(actions):
    @actions.register_action("duty.assign")
    class AssignFormatter(LogFormatter):
        label = _("排班")

        def format_message(self, log_entry):
            d = log_entry.data
            return _("%(day)s %(shift)s 由 %(person)s 值班") % {
                "day": d.get("day", ""),
                "shift": d.get("shift", ""),
                "person": d.get("person", ""),
            }

    @actions.register_action("duty.read")
    class ReadFormatter(LogFormatter):
        label = _("值班读网")

        def format_message(self, log_entry):
            d = log_entry.data
            return _("读网：%(item)s，%(result)s") % {"item": d.get("item", ""), "result": d.get("result", "")}

    @actions.register_action("duty.acknowledge")
    class AckFormatter(LogFormatter):
        label = _("处理值班待办")

        def format_message(self, log_entry):
            d = log_entry.data
            return _("%(status)s：%(title)s") % {"status": d.get("status", ""), "title": d.get("title", "")}

    actions.register_action("duty.enqueue", _("进入值班待办"), _("进入值班待办"))
    actions.register_action("duty.rectify", _("转整改"), _("监测发现转为整改"))
    actions.register_action("duty.recheck", _("整改复查"), _("办结前重新运行监测"))
    actions.register_action("duty.reread", _("复读确认"), _("值班人员复读确认问题已消除"))
    actions.register_action("duty.close", _("复查办结"), _("整改复查通过并办结"))
    actions.register_action("duty.announce", _("维护公告"), _("登记维护公告并生成通知公告草稿"))
    actions.register_action("duty.incident", _("登记安全事件"), _("监测自动登记安全事件"))
