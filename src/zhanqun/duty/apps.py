from django.apps import AppConfig


class DutyConfig(AppConfig):
    """值班读网与整改: the duty roster and the reading each shift does (R-SUP-2), the
    rectification cases (整改) opened from monitoring findings, planned-maintenance notices
    and incident records (R-SITE-5, R-SEC-6)."""

    name = "zhanqun.duty"
    label = "duty"
    verbose_name = "值班读网与整改"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zhanqun.units.enums import Role
        from zhanqun.units.permissions import register_role_permissions

        from . import signal_handlers  # noqa: F401
        from .permissions import OPERATOR_PERMISSIONS, REVIEWER_PERMISSIONS

        register_role_permissions(Role.SITE_OPERATOR, OPERATOR_PERMISSIONS)
        register_role_permissions(Role.OFFICE_REVIEWER, REVIEWER_PERMISSIONS)
