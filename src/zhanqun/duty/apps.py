from django.apps import AppConfig


class DutyConfig(AppConfig):
    """值班读网与整改: the duty roster and the reading each shift does (R-SUP-2), the
    rectification cases (整改) opened from monitoring findings, planned-maintenance notices
    and incident records (R-SITE-8, R-SEC-6)."""

    name = "zhanqun.duty"
    label = "duty"
    verbose_name = "值班读网与整改"
    default_auto_field = "django.db.models.BigAutoField"
