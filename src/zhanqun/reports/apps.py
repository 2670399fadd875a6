from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """统计报告与考评: the monthly, quarterly and annual reports (月普查、季通报、年报告) and the
    units' assessment (考评) with its ranking and criticisms list (R-SUP-3, R-SUP-4)."""

    name = "zhanqun.reports"
    label = "reports"
    verbose_name = "统计报告与考评"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zhanqun.units.enums import Role
        from zhanqun.units.permissions import register_role_permissions

        from .permissions import ROLE_PERMISSIONS

        for role, names in ROLE_PERMISSIONS.items():
            register_role_permissions(Role(role), names)
