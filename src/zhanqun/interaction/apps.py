from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    """互动交流 (docs/interaction.md): letters to the mailboxes and 12345, error reports —
    two kinds of case (``case_kinds``) with their public forms and pages."""

    name = "zhanqun.interaction"
    label = "interaction"
    verbose_name = _("互动交流")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
