from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "zhanqun.publishing"
    verbose_name = "静态发布"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import recorder, signal_handlers  # noqa: F401  (connect signals, install recording hooks)

        recorder.install()
