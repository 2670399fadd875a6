from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """访问统计: page views per site, column and item counted from the public servers'
    access logs, with no third-party tracker (R-SUP-5)."""

    name = "zhanqun.analytics"
    label = "analytics"
    verbose_name = "访问统计"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from zhanqun.units.enums import Role
        from zhanqun.units.permissions import register_role_permissions

        # 站点管理员 runs the sites, 政府办公室审核员 writes the reports (R-SUP-3, R-SUP-5).
        for role in (Role.SITE_OPERATOR, Role.OFFICE_REVIEWER):
            register_role_permissions(role, ["analytics.view_pageviewday"])
