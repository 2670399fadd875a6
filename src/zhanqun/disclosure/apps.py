from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    """政府信息公开 (docs/disclosure.md): index numbers and the catalog, the guide,
    disclosure requests (a case kind, ``case_kinds.py``) and the annual report."""

    name = "zhanqun.disclosure"
    label = "disclosure"
    verbose_name = _("政府信息公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
