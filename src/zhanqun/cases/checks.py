"""System checks: the personal-data key and the office hours are usable (``manage.py check``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security)
def check_cases_settings(app_configs, **kwargs):
    from .crypto import load_key
    from .workhours import OfficeHours

    errors = []
    key = getattr(settings, "ZHANQUN_CASES_KEY", "")
    if not key:
        errors.append(
            Error(
                "ZHANQUN_CASES_KEY is not set: citizens' personal data cannot be encrypted (R-SEC-8).",
                hint='Set it to 32 hex digits, e.g. python -c "import os; print(os.urandom(16).hex())".',
                id="cases.E001",
            )
        )
    else:
        try:
            load_key(key)
        except ImproperlyConfigured as exc:
            errors.append(Error(str(exc), id="cases.E002"))
    try:
        OfficeHours.parse(getattr(settings, "ZHANQUN_CASES_OFFICE_HOURS", ()))
    except (TypeError, ValueError) as exc:
        errors.append(Error(f"ZHANQUN_CASES_OFFICE_HOURS: {exc}", id="cases.E003"))
    return errors
