from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting infrastructure only: host routing, the console command, base templates."""

    name = "zhanqun.core"
    label = "core"
    verbose_name = "平台基础"
