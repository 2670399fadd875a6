from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Page types: home page and the kinds of item a column holds (R-PUB-1)."""

    name = "zhanqun.content"
    label = "content"
    verbose_name = "内容"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
