from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting infrastructure only: host routing (two front doors) and the public stylesheet."""

    name = "zhanqun.core"
    label = "core"
    verbose_name = "平台基础"
