"""Signals of the case engine, for the apps that declare kinds.

``event_recorded`` is sent by every service right after it writes a ``CaseEvent``, inside
the action's transaction (``sender=CaseEvent``, ``case``, ``event``). A receiver that
raises rolls the whole action back, so what it writes is part of the action (e.g. the
interaction app puts a published letter into the moderation queue, R-INT-3). Work that
must wait for the commit (e-mail, files) belongs in ``transaction.on_commit``.
"""

from django.dispatch import Signal

event_recorded = Signal()
