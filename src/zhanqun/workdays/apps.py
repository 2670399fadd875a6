from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    """Chinese working-day calendar (工作日历): holidays, 调休, deadline arithmetic."""

    name = "zhanqun.workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhanqun.units.enums import Role
        from zhanqun.units.permissions import register_role_permissions

        from . import signal_handlers

        signal_handlers.connect()
        # 站点管理员 see the 工作日历 (read-only) that their dashboard's warning links to.
        register_role_permissions(Role.SITE_OPERATOR, ["workdays.view_holidayyear"])
