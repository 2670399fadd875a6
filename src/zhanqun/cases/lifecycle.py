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
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import clocks as clockmath
from .enums import Action, EventType
from .models import CaseEvent
from .permissions import can_handle
from .services import _check, _close_pause, _lock, _now, _reason, _require, _transition

__all__ = ["close_case", "restart_clock"]


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
