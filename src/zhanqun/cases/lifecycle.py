"""Two more actions of the engine (docs/cases.md): counting a clock again from a new
start (重新计时) and ending a case without a reply (终止办理).

Both follow the rules of ``services``: permission, the kind's state machine, one
transaction with the case row locked, one timeline event.

* ``restart_clock`` — R-DISC-3 / 条例 Art. 30: after a correction (补正) the 20 working
  days run again from the day the corrected application is received. An open pause of
  the clock is closed; its pauses and extensions stay on record.
* ``close_case`` — the case ends in a final state without a reply (the applicant did not
  correct or pay in time, or withdrew). ``actor=None`` is the system (a scheduled
  command); a member of staff needs ``handle_case`` for the case.
* ``recompute_provisional_clocks`` — the system counts again every provisional clock
  (期限暂定: it ran into a year without holiday data) once a year is loaded
  (``workdays.signals.year_loaded``), in one transaction, with a 期限重新计算 event on each
  case whose deadline changed or became final.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import clocks as clockmath
from .enums import Action, ClockUnit, EventType
from .models import Case, CaseEvent, Clock, ClockPause
from .permissions import can_handle
from .services import (
    CITIZEN_CLOCK,
    _check,
    _close_pause,
    _lock,
    _now,
    _reason,
    _record,
    _refresh_due,
    _require,
    _transition,
)

__all__ = ["close_case", "recompute_provisional_clocks", "restart_clock"]

#: Who the timeline names for what the system does by itself.
SYSTEM_ACTOR_NAME = "系统"


@transaction.atomic
def restart_clock(case, actor, *, clock: str, reason: str, at=None) -> CaseEvent:
    """重新计时: the clock ``clock`` counts its whole amount again from ``at``."""
    _lock(case)
    if actor is not None:
        _require(can_handle(actor, case), "只有承办单位的工作人员可以重新计时。")
    _check(case, Action.RESTART)
    reason = _reason(reason, "请填写重新计时的原因。")
    target = case.clocks.filter(code=clock, stopped_at__isnull=True).first()
    if target is None:
        raise ValidationError("该期限不存在或已办结。")
    at = _now(at)
    if target.paused_at is not None:
        _close_pause(target, at)
    amount = case.kind_spec.clock(clock).amount_for(case)
    due, provisional = clockmath.compute_due(at, amount, target.unit)
    previous = target.due_at
    target.started_at, target.amount, target.original_due_at, target.due_at = at, amount, due, due
    target.provisional = provisional
    target.save(update_fields=["started_at", "amount", "original_due_at", "due_at", "provisional", "paused_at"])
    payload = {
        "clock": target.label,
        "reason": reason,
        "previous_due": timezone.localtime(previous).isoformat(),
        "new_due": timezone.localtime(due).isoformat(),
    }
    return _transition(case, Action.RESTART, actor, EventType.CLOCK_RESTARTED, at=at, payload=payload)


@transaction.atomic
def close_case(case, actor, reason: str, *, at=None) -> CaseEvent:
    """终止办理: the case ends without a reply; its clocks stop with the final state."""
    _lock(case)
    if actor is not None:
        _require(can_handle(actor, case), "只有承办单位的工作人员可以终止办理。")
    _check(case, Action.CLOSE)
    reason = _reason(reason, "请填写终止办理的原因。")
    if not case.kind_spec.is_final(case.kind_spec.target(case.state, Action.CLOSE)):
        raise ValidationError("终止办理须进入办结状态。")
    return _transition(case, Action.CLOSE, actor, EventType.CLOSED, at=at, payload={"reason": reason})


def _due_text(clock, due) -> str:
    local = timezone.localtime(due)
    day = f"{local.year}年{local.month}月{local.day}日"
    return day if clock.unit == ClockUnit.WORKDAYS else f"{day} {local:%H:%M}"


@transaction.atomic
def recompute_provisional_clocks(*, year: int | None = None, at=None, calendar=None) -> list[CaseEvent]:
    """期限重新计算: count every provisional clock again on the calendar as it is now.

    Called when a year's holiday schedule is loaded (``year``: that year, for the reason
    the timeline gives). Each provisional clock is replayed from its start
    (``clocks.recompute_due``: amount, extensions, closed pauses); one that still runs
    into a year without data stays provisional. A case whose clocks changed gets one
    event by the system with the old and new due dates, and its ``due_at`` (the
    dashboard's order and light) follows. Stopped clocks are counted again too: whether
    the deadline was met depends on it. Idempotent: a second run changes nothing.

    One transaction; cases are locked one by one in id order (as every action locks its
    case), so an action on a case waits for the recomputation or the other way round.
    """
    from zhanqun.workdays.services import build_calendar

    calendar = calendar or build_calendar()  # from the database: sees the rows just written
    at = _now(at)
    reason = f"{year}年节假日安排已录入" if year else "节假日安排已更新"
    case_ids = sorted(set(Clock.objects.filter(provisional=True).values_list("case_id", flat=True)))
    events = []
    for case in Case.objects.filter(pk__in=case_ids).order_by("pk"):
        _lock(case)
        labels, previous, new, citizen_due = [], [], [], ""
        for clock in case.clocks.filter(provisional=True).prefetch_related("extensions", "pauses"):
            original, due, provisional, shifts = clockmath.recompute_due(clock, calendar)
            if due == clock.due_at and original == clock.original_due_at and provisional:
                continue  # still provisional and unchanged: nothing to tell
            for pause_pk, shift in shifts.items():
                ClockPause.objects.filter(pk=pause_pk).update(shift_seconds=shift)
            labels.append(clock.label + ("（仍为暂定）" if provisional else ""))
            previous.append(timezone.localtime(clock.due_at).isoformat())
            new.append(timezone.localtime(due).isoformat())
            if clock.code == CITIZEN_CLOCK and clock.stopped_at is None:
                citizen_due = f"{clock.label}：{_due_text(clock, due)}前" + ("，仍为暂定" if provisional else "")
            clock.original_due_at, clock.due_at, clock.provisional = original, due, provisional
            clock.save(update_fields=["original_due_at", "due_at", "provisional"])
        if not labels:
            continue
        _refresh_due(case)
        case.save(update_fields=["due_at"])
        payload = {"clock": labels, "previous_due": previous, "new_due": new, "reason": reason}
        if citizen_due:
            payload["citizen_due"] = citizen_due
        events.append(
            _record(case, EventType.CLOCK_RECOMPUTED, None, at=at, payload=payload, actor_name=SYSTEM_ACTOR_NAME)
        )
    return events
