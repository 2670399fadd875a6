from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """访问统计: page views per site, column and item counted from the public servers'
    access logs, with no third-party tracker (R-SUP-5)."""

    name = "zhanqun.analytics"
    label = "analytics"
    verbose_name = "访问统计"
    default_auto_field = "django.db.models.BigAutoField"
