from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    """委托发布: a unit asks the government office to publish for it (R-PUB-9)."""

    name = "zhanqun.commissions"
    label = "commissions"
    verbose_name = "委托发布"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
