from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting infrastructure only: host routing (two front doors), security
    headers, upload checks, the public stylesheet, and the back office's branding and
    translations (branding.py, locale/)."""

    name = "zhanqun.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 - registers the system checks, handlers
        from .admin_labels import (
            count_without_measure_word,
            full_name_in_sidebar,
            guard_page_types_report,
            label_wagtail_columns,
            title_in_breadcrumbs,
        )

        label_wagtail_columns()
        title_in_breadcrumbs()
        full_name_in_sidebar()
        guard_page_types_report()
        count_without_measure_word()
