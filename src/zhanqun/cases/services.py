"""Everything that happens to a case, one function per action (docs/cases.md).

Each function takes the acting user (``actor``; None for the citizen or the system),
checks that they may do it (``permissions``), checks that the kind's state machine
allows it (``InvalidTransition``), moves the state, writes the ``CaseEvent`` and updates
the clocks — all in one transaction, with the case row locked, so two people acting at
once are serialised. ``at`` (default: now) lets imports and tests date an action.

Errors: ``CasePermissionDenied`` (who), ``InvalidTransition`` (when),
``django.core.exceptions.ValidationError`` (what: a missing reason, an earlier date).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from zhanqun import audit
from zhanqun.units.enums import Role

from . import clocks as clockmath
from . import sms
from .enums import Action, ClockUnit, EventType, ReplyStatus
from .kinds import RECEIVED, CaseKind, InvalidTransition, get_kind
from .masking import mask_name
from .models import (
    PERSONAL_FIELDS,
    Case,
    CaseCounter,
    CaseEvent,
    Clock,
    ClockExtension,
    ClockPause,
    PersonalDataAccess,
    Reply,
)
from .permissions import (
    CasePermissionDenied,
    can_approve_reply,
    can_dispatch,
    can_handle,
    can_instruct,
    can_view_personal_data,
)
from .signals import event_recorded

__all__ = [
    "PublicStatus",
    "add_instruction",
    "Deadline",
    "approve_reply",
    "assign",
    "citizen_deadline",
    "clock_deadline",
    "provisional_dues",
    "draft_reply",
    "extend",
    "format_query_code",
    "new_query_code",
    "pause",
    "public_status",
    "publish_reply",
    "rate",
    "reject_reply",
    "resume",
    "return_case",
    "reveal_personal_data",
    "send_reply",
    "submit_case",
    "transfer",
    "triage",
]

logger = logging.getLogger(__name__)

#: 查询码 alphabet: digits and capitals without 0/O, 1/I/L — easy to read out on the phone.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 12  # 31**12 ≈ 2**59


# ---------------------------------------------------------------------------
# submission and numbering
# ---------------------------------------------------------------------------
def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def format_query_code(code: str) -> str:
    """ABCD-EFGH-JKMN, as shown to the citizen."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_query_code(value: str) -> str:
    return "".join(c for c in (value or "").upper() if c.isalnum())


def next_sequence(kind_code: str, year: int) -> int:
    """The next number of ``kind_code`` in ``year``. Must run inside the transaction that
    creates the case: the counter row stays locked until it commits, so concurrent
    submissions wait for each other, and a rolled-back submission gives its number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence() must run inside the transaction that creates the case")
    CaseCounter.objects.get_or_create(kind=kind_code, year=year)
    counter = CaseCounter.objects.select_for_update().get(kind=kind_code, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def submit_case(
    kind: CaseKind | str,
    *,
    subject: str,
    content: str = "",
    submitter: dict | None = None,
    site=None,
    unit=None,
    received_at: datetime | None = None,
    submitted_at: datetime | None = None,
    actor=None,
    data: dict | None = None,
    submission_key: str | None = None,
) -> Case:
    """Receive a case (受理): number it, give it a query code, write the 受理 event and
    start the kind's clocks. Returns the case.

    ``submitter``: the citizen's ``name``, ``phone``, ``id_number``, ``address``,
    ``email`` (stored encrypted). ``actor``: the member of staff entering it (a 12345
    call), None when the citizen submits. ``unit``: the handling unit when already known
    (the case stays in the kind's initial state; call :func:`assign` to hand it over).
    ``submission_key``: the same key twice returns the first case instead of a second
    one (a double-clicked form).
    """
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if submission_key:
        existing = Case.objects.filter(kind=kind.code, submission_key=submission_key).first()
        if existing is not None:
            return existing
    unknown = set(submitter or {}) - set(PERSONAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown submitter fields: {sorted(unknown)}")
    try:
        with transaction.atomic():
            return _create_case(
                kind,
                subject=subject,
                content=content,
                submitter=submitter or {},
                site=site,
                unit=unit,
                received_at=received_at or timezone.now(),
                submitted_at=submitted_at,
                actor=actor,
                data=data or {},
                submission_key=submission_key or None,
            )
    except IntegrityError:
        if submission_key:
            existing = Case.objects.filter(kind=kind.code, submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise


def _create_case(
    kind, *, subject, content, submitter, site, unit, received_at, submitted_at, actor, data, submission_key
):
    year = timezone.localtime(received_at).year
    case = Case(
        kind=kind.code,
        year=year,
        state=kind.initial_state,
        subject=subject,
        content=content,
        site=site,
        unit=unit,
        received_at=received_at,
        submitted_at=submitted_at or received_at,
        query_code=new_query_code(),
        submission_key=submission_key,
        data=data,
        created_by=actor,
        **{f"submitter_{key}": (value or "").strip() for key, value in submitter.items()},
    )
    # Everything that needs no number (the clocks' deadlines, with the kind's settings) is
    # worked out before the counter row is locked: concurrent submissions wait for each
    # other only for the few inserts below (bench/letters_submit.py).
    clocks = _new_clocks(case, RECEIVED, received_at)
    case.due_at = min((clock.due_at for clock in clocks), default=None)  # all running: _refresh_due
    case.sequence = next_sequence(kind.code, year)
    case.number = f"{kind.prefix}-{year}-{case.sequence:06d}"
    case.save()
    _record(case, EventType.RECEIVED, actor, at=received_at, payload={"unit": unit.name} if unit else {})
    Clock.objects.bulk_create(clocks)
    return case


# ---------------------------------------------------------------------------
# internals
# ---------------------------------------------------------------------------
def _now(at):
    return at or timezone.now()


def _lock(case: Case) -> Case:
    """Lock the case row for the rest of the transaction and reload it."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()
    case.refresh_from_db()
    return case


def _require(allowed: bool, message: str):
    if not allowed:
        raise CasePermissionDenied(message)


def _check(case: Case, action: Action, **details):
    """The kind's state machine, then the kind's own ``check`` (ValidationError)."""
    kind = case.kind_spec
    if not kind.allows(case.state, action):
        raise InvalidTransition(case, action)
    if kind.check is not None:
        kind.check(case, action, **details)


def _actor_name(actor):
    if actor is None:
        return ""
    return actor.get_full_name() or actor.get_username()


def _record(case, type_, actor, *, at=None, payload=None, actor_name=None) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        type=type_,
        actor=actor,
        actor_name=_actor_name(actor) if actor_name is None else actor_name,
        at=_now(at),
        state=case.state,
        unit=case.unit,
        payload=payload or {},
    )
    event_recorded.send(sender=CaseEvent, case=case, event=event)
    return event


def _new_clocks(case, trigger, at, existing=()):
    """The kind's clocks that ``trigger`` starts (not yet saved), with their deadlines."""
    clocks = []
    for spec in case.kind_spec.clocks:
        if spec.starts_on == trigger and spec.code not in existing:
            amount = spec.amount_for(case)
            due, provisional = clockmath.compute_due(at, amount, spec.unit)
            clocks.append(
                Clock(
                    provisional=provisional,
                    case=case,
                    code=spec.code,
                    label=spec.label,
                    unit=spec.unit,
                    amount=amount,
                    started_at=at,
                    original_due_at=due,
                    due_at=due,
                )
            )
    return clocks


def _start_clocks(case, trigger, at):
    for clock in _new_clocks(case, trigger, at, existing=set(case.clocks.values_list("code", flat=True))):
        clock.save()


def _recompute_clocks(case):
    """After triage reclassifies a case (its ``data`` changed), count again from their
    start the running clocks whose amount depends on the case (R-INT-2: a letter
    reclassified from 咨询 to 投诉 gets 15 working days instead of 5). A clock already
    paused or extended keeps what a person decided."""
    kind = case.kind_spec
    for clock in case.clocks.filter(stopped_at__isnull=True, paused_at__isnull=True):
        try:
            spec = kind.clock(clock.code)
        except KeyError:
            continue
        if not callable(spec.amount) or clock.extensions.exists() or clock.pauses.exists():
            continue
        amount = spec.amount_for(case)
        if amount == clock.amount:
            continue
        due, provisional = clockmath.compute_due(clock.started_at, amount, spec.unit)
        clock.amount, clock.original_due_at, clock.due_at, clock.provisional = amount, due, due, provisional
        clock.save(update_fields=["amount", "original_due_at", "due_at", "provisional"])


def _refresh_due(case):
    """``Case.due_at``: the earliest due time of a running, unpaused clock (the dashboard
    sorts and colours by it)."""
    running = case.clocks.filter(stopped_at__isnull=True, paused_at__isnull=True).order_by("due_at").first()
    case.due_at = running.due_at if running else None


def _after_action(case, action, at):
    """Clocks the action meets or starts; a final state stops them all."""
    kind = case.kind_spec
    for clock in case.clocks.filter(stopped_at__isnull=True):
        try:
            spec = kind.clock(clock.code)
        except KeyError:
            continue
        if action in spec.stops_on or kind.is_final(case.state):
            _stop_clock(clock, at)
    _start_clocks(case, action, at)
    if kind.is_final(case.state) and case.closed_at is None:
        case.closed_at = at
    _refresh_due(case)


def _stop_clock(clock, at):
    if clock.paused_at is not None:
        _close_pause(clock, at)
    clock.stopped_at = at
    clock.save(update_fields=["stopped_at", "paused_at", "due_at", "provisional"])


def _close_pause(clock, at):
    """Move the due time later by the working time paused. Counted over a year without
    holiday data, the new due time is provisional (期限暂定) like a new clock's."""
    shift, shift_provisional = clockmath.measure_pause(clock.paused_at, at, clock.unit)
    clock.due_at, due_provisional = clockmath.shift_due_provisionally(clock.due_at, shift, clock.unit)
    clock.provisional = clock.provisional or shift_provisional or due_provisional
    clock.pauses.filter(resumed_at__isnull=True).update(resumed_at=at, shift_seconds=shift)
    clock.paused_at = None
    return shift


def _transition(case, action, actor, event_type, *, at=None, payload=None, fields=()):
    """Move the state, write the event, update the clocks and save."""
    at = _now(at)
    case.state = case.kind_spec.target(case.state, action)
    _after_action(case, action, at)
    case.save(update_fields=["state", "due_at", "closed_at", *fields])
    return _record(case, event_type, actor, at=at, payload=payload)


def _reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(message)
    return reason


# ---------------------------------------------------------------------------
# dispatching: triage, assign, transfer, return, instructions
# ---------------------------------------------------------------------------
@transaction.atomic
def triage(case, actor, *, note: str = "", data: dict | None = None, at=None) -> CaseEvent:
    """分拣: the office reads the case and classifies it (kind-specific ``data``, e.g.
    the letter's category), before it is assigned. Clocks whose amount depends on the
    data are counted again from their start (``_recompute_clocks``)."""
    _lock(case)
    _require(can_dispatch(actor, case), "只有负责分拣交办的工作人员可以分拣案件。")
    _check(case, Action.TRIAGE)
    fields = []
    if data:
        case.data = {**case.data, **data}
        fields.append("data")
        case.save(update_fields=["data"])
        _recompute_clocks(case)
    return _transition(
        case, Action.TRIAGE, actor, EventType.TRIAGED, at=at, payload={"note": note, **(data or {})}, fields=fields
    )


@transaction.atomic
def assign(case, actor, unit, *, note: str = "", at=None) -> CaseEvent:
    """交办: hand the case to a handling unit."""
    _lock(case)
    _require(can_dispatch(actor, case), "只有负责分拣交办的工作人员可以交办案件。")
    _check(case, Action.ASSIGN, unit=unit)
    case.unit = unit
    return _transition(
        case,
        Action.ASSIGN,
        actor,
        EventType.ASSIGNED,
        at=at,
        payload={"to_unit": unit.name, "note": note},
        fields=["unit"],
    )


@transaction.atomic
def transfer(case, actor, unit, *, reason: str = "", at=None) -> CaseEvent:
    """转办: move the case from its unit to another one."""
    _lock(case)
    _require(can_dispatch(actor, case), "只有负责分拣交办的工作人员可以转办案件。")
    _check(case, Action.TRANSFER, unit=unit)
    if case.unit_id == unit.pk:
        raise ValidationError("案件已由该单位承办，请选择其他单位。")
    previous = case.unit
    case.unit = unit
    payload = {"from_unit": previous.name if previous else "", "to_unit": unit.name, "reason": reason}
    return _transition(case, Action.TRANSFER, actor, EventType.TRANSFERRED, at=at, payload=payload, fields=["unit"])


@transaction.atomic
def return_case(case, actor, reason: str, *, at=None) -> CaseEvent:
    """退回: the handling unit sends the case back to the office (not its business), with
    the reason. The case has no unit until it is assigned again."""
    _lock(case)
    _require(can_handle(actor, case), "只有承办单位的工作人员可以退回案件。")
    _check(case, Action.RETURN)
    reason = _reason(reason, "请填写退回理由。")
    previous = case.unit
    case.unit = None
    payload = {"from_unit": previous.name if previous else "", "reason": reason}
    return _transition(case, Action.RETURN, actor, EventType.RETURNED, at=at, payload=payload, fields=["unit"])


@transaction.atomic
def add_instruction(case, actor, text: str, *, at=None) -> CaseEvent:
    """领导批示: a leader's written instruction (R-INT-1: special letters are routed by it)."""
    _lock(case)
    _require(can_instruct(actor, case), "只有领导可以批示案件。")
    _check(case, Action.INSTRUCT)
    text = _reason(text, "请填写批示内容。")
    return _transition(case, Action.INSTRUCT, actor, EventType.INSTRUCTION_ADDED, at=at, payload={"instruction": text})


# ---------------------------------------------------------------------------
# clocks: pause, resume, extend
# ---------------------------------------------------------------------------
def _clocks(case, codes, **filters):
    qs = case.clocks.filter(stopped_at__isnull=True, **filters)
    if codes:
        qs = qs.filter(code__in=list(codes))
    return list(qs)


@transaction.atomic
def pause(case, actor, reason: str, *, clocks=None, at=None) -> CaseEvent:
    """暂停计时 (e.g. waiting for the citizen's correction or a third party): the running
    clocks (or those named) stand still until :func:`resume`."""
    _lock(case)
    _require(can_handle(actor, case), "只有承办单位的工作人员可以暂停计时。")
    _check(case, Action.PAUSE)
    reason = _reason(reason, "请填写暂停计时的原因。")
    at = _now(at)
    targets = _clocks(case, clocks, paused_at__isnull=True)
    if not targets:
        raise ValidationError("没有正在计时的期限。")
    for clock in targets:
        clock.paused_at = at
        clock.save(update_fields=["paused_at"])
        ClockPause.objects.create(clock=clock, paused_at=at, reason=reason)
    payload = {"reason": reason, "clock": [c.label for c in targets]}
    return _transition(case, Action.PAUSE, actor, EventType.PAUSED, at=at, payload=payload)


@transaction.atomic
def resume(case, actor, *, clocks=None, at=None) -> CaseEvent:
    """恢复计时: each paused clock's due time moves later by the working time paused."""
    _lock(case)
    _require(can_handle(actor, case), "只有承办单位的工作人员可以恢复计时。")
    _check(case, Action.RESUME)
    at = _now(at)
    targets = _clocks(case, clocks, paused_at__isnull=False)
    if not targets:
        raise ValidationError("没有暂停中的期限。")
    changes = []
    for clock in targets:
        _close_pause(clock, at)
        clock.save(update_fields=["paused_at", "due_at", "provisional"])
        changes.append({"clock": clock.label, "new_due": timezone.localtime(clock.due_at).isoformat()})
    payload = {"clock": [c["clock"] for c in changes], "new_due": [c["new_due"] for c in changes]}
    return _transition(case, Action.RESUME, actor, EventType.RESUMED, at=at, payload=payload)


@transaction.atomic
def extend(case, actor, *, clock: str, new_due: date | datetime, reason: str, at=None) -> ClockExtension:
    """延期: a new, later due time for one clock, with the reason (R-INT-2: a unit that
    cannot finish states why and when it will). A date means the end of that day and, for
    a working-day clock, must be a working day. May happen more than once."""
    _lock(case)
    _require(can_handle(actor, case), "只有承办单位的工作人员可以申请延期。")
    _check(case, Action.EXTEND)
    reason = _reason(reason, "请填写延期理由。")
    target = case.clocks.filter(code=clock, stopped_at__isnull=True).first()
    if target is None:
        raise ValidationError("该期限不存在或已办结。")
    if not isinstance(new_due, datetime):
        if target.unit == ClockUnit.WORKDAYS:
            from zhanqun.workdays.services import get_calendar

            day = new_due
            is_workday, _provisional = clockmath.lenient(get_calendar(), lambda cal: cal.is_workday(day), day)
            if not is_workday:
                raise ValidationError(f"{new_due:%Y-%m-%d} 不是工作日，请选择工作日作为新期限。")
        new_due = clockmath.end_of_day(new_due)
    if new_due <= target.due_at:
        raise ValidationError(f"新期限应晚于当前期限（{timezone.localtime(target.due_at):%Y-%m-%d %H:%M}）。")
    at = _now(at)
    extension = ClockExtension.objects.create(
        clock=target, previous_due_at=target.due_at, new_due_at=new_due, reason=reason, by=actor, at=at
    )
    payload = {
        "clock": target.label,
        "previous_due": timezone.localtime(target.due_at).isoformat(),
        "new_due": timezone.localtime(new_due).isoformat(),
        "reason": reason,
    }
    # The date a person chose stands as decided: it is not counted, so not provisional.
    target.due_at, target.provisional = new_due, False
    target.save(update_fields=["due_at", "provisional"])
    _transition(case, Action.EXTEND, actor, EventType.EXTENDED, at=at, payload=payload)
    return extension


# ---------------------------------------------------------------------------
# replies
# ---------------------------------------------------------------------------
@transaction.atomic
def draft_reply(case, actor, body: str, *, public: bool = False, at=None) -> Reply:
    """拟写答复: the handling unit writes (or rewrites) the reply awaiting approval."""
    _lock(case)
    _require(can_handle(actor, case), "只有承办单位的工作人员可以拟写答复。")
    _check(case, Action.DRAFT_REPLY)
    body = _reason(body, "请填写答复内容。")
    if public and not case.kind_spec.public_replies:
        raise ValidationError(f"{case.kind_label}的答复不在网站公开。")
    at = _now(at)
    reply = case.replies.filter(status=ReplyStatus.DRAFT).first()
    if reply is None:
        reply = Reply(case=case)
    reply.body, reply.public, reply.unit = body, public, case.unit
    reply.drafted_by, reply.drafted_at = actor, at
    reply.save()
    _transition(
        case, Action.DRAFT_REPLY, actor, EventType.REPLY_DRAFTED, at=at, payload={"reply": reply.pk, "public": public}
    )
    return reply


def _pending_reply(case, status=ReplyStatus.DRAFT, message="没有待审核的答复。"):
    reply = case.replies.filter(status=status).order_by("-pk").first()
    if reply is None:
        raise ValidationError(message)
    return reply


@transaction.atomic
def approve_reply(case, actor, *, comment: str = "", at=None) -> Reply:
    """审核通过: by the role the kind names; never by the reply's own drafter."""
    _lock(case)
    role = case.kind_spec.reply_approver
    who = Role(role).label if role else "有审核权限的人员"
    _require(can_approve_reply(actor, case), f"{case.kind_label}的答复须由{who}审核。")
    _check(case, Action.APPROVE_REPLY)
    reply = _pending_reply(case)
    _require(reply.drafted_by_id != actor.pk, "不能审核自己拟写的答复。")
    at = _now(at)
    reply.status, reply.decided_by, reply.decided_at, reply.decision_comment = ReplyStatus.APPROVED, actor, at, comment
    reply.save()
    _transition(
        case,
        Action.APPROVE_REPLY,
        actor,
        EventType.REPLY_APPROVED,
        at=at,
        payload={"reply": reply.pk, "comment": comment},
    )
    return reply


@transaction.atomic
def reject_reply(case, actor, reason: str, *, at=None) -> Reply:
    """退回修改: the approver sends the draft back with the reason; the unit drafts anew."""
    _lock(case)
    _require(can_approve_reply(actor, case), "您没有审核此答复的权限。")
    _check(case, Action.REJECT_REPLY)
    reason = _reason(reason, "请填写退回修改的理由。")
    reply = _pending_reply(case)
    at = _now(at)
    reply.status, reply.decided_by, reply.decided_at, reply.decision_comment = ReplyStatus.REJECTED, actor, at, reason
    reply.save()
    _transition(
        case, Action.REJECT_REPLY, actor, EventType.REPLY_REJECTED, at=at, payload={"reply": reply.pk, "reason": reason}
    )
    return reply


@transaction.atomic
def send_reply(case, actor, *, at=None) -> Reply:
    """答复: the approved reply goes to the citizen — by e-mail when they gave an
    address, by SMS (a notice with the query code) when they gave a phone — after the
    transaction commits. The clocks the kind stops on it are met or missed now."""
    _lock(case)
    _require(can_handle(actor, case), "只有承办单位或交办机构的工作人员可以发送答复。")
    _check(case, Action.SEND_REPLY)
    reply = _pending_reply(case, ReplyStatus.APPROVED, "答复尚未审核通过，不能发送。")
    at = _now(at)
    reply.status, reply.sent_at = ReplyStatus.SENT, at
    reply.save(update_fields=["status", "sent_at"])
    case.replied_at = at
    channels = []
    if case.submitter_email:
        channels.append("email")
    if case.submitter_phone:
        channels.append("sms")
    _transition(
        case,
        Action.SEND_REPLY,
        actor,
        EventType.REPLIED,
        at=at,
        payload={"reply": reply.pk, "channels": channels},
        fields=["replied_at"],
    )
    case_pk, reply_pk = case.pk, reply.pk
    transaction.on_commit(lambda: notify_reply(case_pk, reply_pk))
    return reply


def notify_reply(case_pk: int, reply_pk: int) -> list[str]:
    """Send the reply's e-mail and SMS (called after commit). A failed gateway is logged,
    not raised: the reply stands, and the citizen can still look it up with the code."""
    case = Case.objects.select_related("unit").get(pk=case_pk)
    reply = Reply.objects.get(pk=reply_pk)
    kind = case.kind_spec
    context = {
        "case": case,
        "reply": reply,
        "kind": kind.label,
        "number": case.number,
        "query_code": format_query_code(case.query_code),
        "name": case.submitter_name,
        "unit": reply.unit.name if reply.unit else "",
    }
    sent = []
    if case.submitter_email:
        try:
            send_mail(
                kind.email_subject.format(**context),
                render_to_string("cases/email/reply.txt", context),
                None,
                [case.submitter_email],
                html_message=render_to_string("cases/email/reply.html", context),
            )
            sent.append("email")
        except Exception:  # noqa: BLE001 - a mail outage must not lose the reply
            logger.exception("could not e-mail the reply of case %s", case.number)
    if case.submitter_phone:
        try:
            sms.send_sms(case.submitter_phone, kind.sms_template.format(**context))
            sent.append("sms")
        except Exception:  # noqa: BLE001 - a gateway outage must not lose the reply
            logger.exception("could not send the SMS of case %s", case.number)
    return sent


@transaction.atomic
def publish_reply(case, actor, *, at=None) -> Reply:
    """公开: a sent reply marked public appears on the site's pages of answered cases
    (R-INT-6), with the citizen's data masked."""
    _lock(case)
    _require(can_dispatch(actor, case), "只有网站管理人员可以公开答复。")
    _check(case, Action.PUBLISH)
    if not case.kind_spec.public_replies:
        raise ValidationError(f"{case.kind_label}的答复不在网站公开。")
    reply = _pending_reply(case, ReplyStatus.SENT, "还没有已发送的答复。")
    if not reply.public:
        raise ValidationError("拟稿时未选择“公开答复”，不能公开。")
    at = _now(at)
    reply.published_at = at
    reply.save(update_fields=["published_at"])
    case.published_at = at
    _transition(
        case, Action.PUBLISH, actor, EventType.PUBLISHED, at=at, payload={"reply": reply.pk}, fields=["published_at"]
    )
    return reply


@transaction.atomic
def rate(case, rating: int, *, comment: str = "", actor=None, at=None) -> CaseEvent:
    """评价: the citizen rates the reply, 1 (很不满意) to 5 (很满意), once."""
    _lock(case)
    _check(case, Action.RATE)
    if case.rating is not None:
        raise ValidationError("已经评价过了。")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError("评价应为 1 至 5 分。")
    case.rating, case.rating_comment = rating, (comment or "").strip()
    return _transition(
        case,
        Action.RATE,
        actor,
        EventType.RATED,
        at=at,
        payload={"rating": rating, "comment": case.rating_comment},
        fields=["rating", "rating_comment"],
    )


# ---------------------------------------------------------------------------
# personal data
# ---------------------------------------------------------------------------
def reveal_personal_data(case, user, fields=None, *, purpose: str = "") -> dict[str, str]:
    """The citizen's data unmasked, for staff whose role needs it; each call writes a
    ``PersonalDataAccess`` row (who, when, which case, which fields) (R-SEC-8)."""
    fields = list(fields or PERSONAL_FIELDS)
    unknown = set(fields) - set(PERSONAL_FIELDS)
    if unknown:
        raise ValueError(f"unknown personal-data fields: {sorted(unknown)}")
    _require(can_view_personal_data(user, case), "您没有查看公众完整个人信息的权限。")
    data = case.personal_data()
    shown = [f for f in fields if data[f]]
    PersonalDataAccess.objects.create(case=case, user=user, fields=shown, purpose=purpose)
    audit.record(None, "personal_data.view", obj=case, user=user, fields=shown, purpose=purpose)  # R-SEC-3
    return {f: data[f] for f in fields}


# ---------------------------------------------------------------------------
# the citizen's status lookup
# ---------------------------------------------------------------------------
@dataclass
class PublicStatus:
    """What the public site shows for a query code: no personal data but a masked name."""

    number: str
    kind: str
    subject: str
    state: str
    submitter: str
    received_at: datetime
    unit: str
    replied_at: datetime | None
    reply: str
    reply_unit: str
    rating: int | None
    can_rate: bool
    timeline: list[tuple[datetime, str]] = field(default_factory=list)
    #: The answer deadline while it runs (``citizen_deadline``), else None.
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Deadline:
    """The deadline a citizen is told (答复期限) on the receipt and the query page.

    ``provisional``: counted with weekends only for ``years``, whose holiday schedule is
    not loaded yet; counted again when it is (``lifecycle.recompute_provisional_clocks``).
    """

    label: str
    due_at: datetime
    workdays: bool
    provisional: bool
    paused: bool
    years: tuple[int, ...] = ()

    @property
    def years_text(self) -> str:
        return "、".join(f"{year}年" for year in self.years)


#: The clock whose deadline the citizen is told: every kind's 答复期限.
CITIZEN_CLOCK = "reply"


def clock_deadline(clock, calendar=None) -> Deadline:
    """A clock's deadline as shown to people, with the years that make it provisional."""
    years: tuple[int, ...] = ()
    if clock.provisional:
        years = tuple(clockmath.uncovered_years(clock.started_at, clock.due_at, calendar)) or (
            clockmath.local_date(clock.due_at).year,
        )
    return Deadline(
        label=clock.label,
        due_at=clock.due_at,
        workdays=clock.unit == ClockUnit.WORKDAYS,
        provisional=clock.provisional,
        paused=clock.paused_at is not None,
        years=years,
    )


def citizen_deadline(case, calendar=None) -> Deadline | None:
    """The running 答复期限 of ``case`` (None once answered or closed)."""
    clock = case.clocks.filter(code=CITIZEN_CLOCK, stopped_at__isnull=True).first()
    return clock_deadline(clock, calendar) if clock is not None else None


def provisional_dues(cases):
    """Case id → "2027年" for the cases of a page whose due time (the earliest running
    clock) is provisional: one query for the page."""
    from zhanqun.workdays.services import get_calendar

    calendar = get_calendar()
    due = {case.pk: case.due_at for case in cases if case.due_at is not None}
    result = {}
    clocks = Clock.objects.filter(
        case_id__in=list(due), provisional=True, stopped_at__isnull=True, paused_at__isnull=True
    ).only("case_id", "started_at", "due_at")
    for clock in clocks:
        if clock.due_at == due[clock.case_id]:
            years = clockmath.uncovered_years(clock.started_at, clock.due_at, calendar)
            years = years or [clockmath.local_date(clock.due_at).year]
            result[clock.case_id] = "、".join(f"{year}年" for year in years)
    return result


def _public_label(event) -> str:
    label = event.get_type_display()
    payload = event.payload or {}
    if payload.get("to_unit"):
        return f"{label}（{payload['to_unit']}）"
    if event.type == EventType.CLOCK_RECOMPUTED and payload.get("citizen_due"):
        return f"{label}（{payload['citizen_due']}）"
    return label


#: Timeline entries the citizen sees (internal steps such as drafts and approvals are not shown).
PUBLIC_EVENTS = {
    EventType.RECEIVED,
    EventType.ASSIGNED,
    EventType.TRANSFERRED,
    EventType.EXTENDED,
    EventType.PAUSED,
    EventType.RESUMED,
    EventType.REPLIED,
    EventType.PUBLISHED,
    EventType.RATED,
    EventType.CLOCK_RECOMPUTED,
}


def public_status(query_code: str, number: str | None = None) -> PublicStatus | None:
    """The progress of the case with this query code (and number, when given), or None.
    The public app rate-limits calls to it."""
    code = normalise_query_code(query_code)
    if len(code) != QUERY_CODE_LENGTH:
        return None
    qs = Case.objects.select_related("unit").filter(query_code=code)
    if number:
        qs = qs.filter(number=number.strip().upper())
    case = qs.first()
    if case is None:
        return None
    reply = case.replies.filter(status=ReplyStatus.SENT).select_related("unit").order_by("-pk").first()
    kind = case.kind_spec
    timeline = [
        (e.at, _public_label(e))
        for e in case.events.filter(type__in=PUBLIC_EVENTS)
        # a recomputed internal deadline (e.g. triage) is the staff's business
        if e.type != EventType.CLOCK_RECOMPUTED or e.payload.get("citizen_due")
    ]
    return PublicStatus(
        number=case.number,
        kind=kind.label,
        subject=case.subject,
        state=kind.state_label(case.state),
        submitter=mask_name(case.submitter_name),
        received_at=case.received_at,
        unit=case.unit.name if case.unit else "",
        replied_at=case.replied_at,
        reply=reply.body if reply else "",
        reply_unit=reply.unit.name if reply and reply.unit else "",
        rating=case.rating,
        can_rate=case.rating is None and kind.allows(case.state, Action.RATE),
        timeline=timeline,
        deadline=citizen_deadline(case),
    )
