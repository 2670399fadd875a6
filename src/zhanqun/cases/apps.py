from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The case engine (案件): numbering, states, clocks, timeline, replies (docs/cases.md).

    Kinds of cases (letters, error reports, disclosure requests) are declared in their own
    apps, in a ``case_kinds`` module that ``ready()`` imports (like ``admin.py`` for Django's
    admin), so the engine never imports them.
    """

    name = "zhanqun.cases"
    label = "cases"
    verbose_name = _("案件办理")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401

        autodiscover_modules("case_kinds")
