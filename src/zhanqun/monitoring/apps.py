from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """网站监测: watching the published sites as the national inspectors do (R-SUP, R-COL-2,
    R-SEC-4). Monitors store what they find as findings; the scorecard reads them."""

    name = "zhanqun.monitoring"
    label = "monitoring"
    verbose_name = "网站监测"
    default_auto_field = "django.db.models.BigAutoField"
