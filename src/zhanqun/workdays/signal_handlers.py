"""Clear the cached working-day calendar when the holiday tables change."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .services import invalidate_calendar_cache

DISPATCH_PREFIX = "zhanqun.workdays.invalidate"


def on_calendar_change(sender, **kwargs) -> None:
    invalidate_calendar_cache()


def connect() -> None:
    """Connect the handlers (called from ``WorkdaysConfig.ready``; idempotent)."""
    from .models import CalendarDay, HolidayYear

    for model in (HolidayYear, CalendarDay):
        for action, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                on_calendar_change,
                sender=model,
                dispatch_uid=f"{DISPATCH_PREFIX}.{action}.{model.__name__}",
            )
