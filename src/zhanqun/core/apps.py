from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting infrastructure only: host routing (two front doors), security
    headers, upload checks and the public stylesheet."""

    name = "zhanqun.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
