from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site group and the large seeded group for benchmarks."""

    name = "zhanqun.demo"
    label = "demo"
    verbose_name = "演示数据"
