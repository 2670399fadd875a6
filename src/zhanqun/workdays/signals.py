"""Signals of the working-day calendar.

``year_loaded`` is sent once a year's holiday schedule (节假日安排) has been
written — by :func:`zhanqun.workdays.services.load_year` (the import commands,
the 工作日历 screen's notice import) and after a year is added or edited on the
工作日历 screen. Receivers that depend on the calendar (e.g. provisional case
clocks that ran into a year without data) recompute on it.

Arguments: ``sender`` (the ``HolidayYear`` class), ``holiday_year`` (the saved
row), ``year`` (int), ``user`` (who loaded it, or None for a command) and
``origin`` ("notice", "import" or "admin").

It is sent synchronously after the year's rows are written and the calendar
cache is cleared (so ``get_calendar()`` inside a receiver already sees the new
year), inside the caller's transaction if there is one. It is sent with
``send_robust``: a failing receiver is logged at ERROR and never undoes the
loading of the year.
"""

from django.dispatch import Signal

year_loaded = Signal()
