from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """保密审查与内容检查: the pure-Python screener and its `screen` command."""

    name = "zhanqun.screening"
    label = "screening"
    verbose_name = "保密审查与内容检查"
    default_auto_field = "django.db.models.BigAutoField"
