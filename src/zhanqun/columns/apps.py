from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    """栏目: the column tree of each site, its responsible unit and update interval."""

    name = "zhanqun.columns"
    label = "columns"
    verbose_name = "栏目"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
