"""Kinds of cases (案件类型) and their registry.

The engine knows no kind. An app that adds one (``interaction`` for letters and error
reports, ``disclosure`` for disclosure requests) declares it in its ``case_kinds.py``,
which the cases app imports at start-up::

    # zhanqun/interaction/case_kinds.py
    from zhanqun.cases.enums import Action
    from zhanqun.cases.kinds import CaseKind, ClockSpec, State, Transition, register_kind
    from zhanqun.units.enums import Role

    LETTER = register_kind(CaseKind(
        code="letter", label="市长信箱来信", prefix="XX",
        states=[State("received", "待分拣"), State("handling", "办理中"), …],
        initial_state="received",
        transitions={
            Action.ASSIGN: Transition(["received", "returned"], "handling"),
            Action.RETURN: Transition(["handling"], "returned"),
            Action.PAUSE: Transition(["handling"]),        # no target: state unchanged
            …
        },
        clocks=[
            ClockSpec("reply", "答复期限", amount=reply_days, unit=ClockUnit.WORKDAYS,
                      stops_on=[Action.SEND_REPLY]),
        ],
        reply_approver=Role.LEADER_IN_CHARGE,
        public_replies=True,
    ))

A clock's ``amount`` may be a number or a function of the case (R-INT-2: 5 working days
for 咨询/建议, 15 for the rest, read from the case's data or the site's settings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

from .enums import Action, ClockUnit

if TYPE_CHECKING:
    from .models import Case

__all__ = [
    "CaseKind",
    "ClockSpec",
    "InvalidTransition",
    "State",
    "Transition",
    "UnknownKind",
    "all_kinds",
    "get_kind",
    "register_kind",
    "unregister_kind",
]

#: When a clock starts unless told otherwise: at the moment the case is received.
RECEIVED = "received"


class InvalidTransition(Exception):
    """An action that the case's kind does not allow in the case's current state."""

    def __init__(self, case, action, message=None):
        self.case, self.action = case, Action(action)
        kind = case.kind_spec
        allowed = kind.allowed_actions(case.state)
        if message is None:
            message = (
                f"案件 {case.number or '（未编号）'} 当前状态为“{kind.state_label(case.state)}”，"
                f"不能{self.action.label}。"
                + (f"此状态下可以：{'、'.join(str(a.label) for a in allowed)}。" if allowed else "此状态下不能再办理。")
            )
        super().__init__(message)


class UnknownKind(LookupError):
    pass


@dataclass(frozen=True)
class State:
    code: str
    label: str
    #: A final state (办结): no clock runs, nothing more is expected of the unit.
    final: bool = False


@dataclass(frozen=True)
class Transition:
    """An action allowed from ``sources``; ``target`` None keeps the state."""

    sources: Iterable[str]
    target: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


@dataclass(frozen=True)
class ClockSpec:
    """A deadline the kind imposes (e.g. triage within 1 working hour, reply within 15
    working days).

    * ``amount``: a number, or ``amount(case) -> number`` (read the case's data, the
      site's settings …), in ``unit`` (working days or office hours).
    * ``starts_on``: ``"received"`` (the default) or an :class:`Action`: the clock is
      created when that action first happens.
    * ``stops_on``: actions that meet the clock (e.g. ``ASSIGN`` for triage,
      ``SEND_REPLY`` for the reply). A case reaching a final state stops every clock.
    """

    code: str
    label: str
    amount: float | Callable[[Case], float]
    unit: ClockUnit = ClockUnit.WORKDAYS
    starts_on: str = RECEIVED
    stops_on: Iterable[str] = ()

    def __post_init__(self):
        object.__setattr__(self, "stops_on", frozenset(Action(a) for a in self.stops_on))
        object.__setattr__(self, "unit", ClockUnit(self.unit))
        if self.starts_on != RECEIVED:
            object.__setattr__(self, "starts_on", Action(self.starts_on))

    def amount_for(self, case) -> float:
        value = self.amount(case) if callable(self.amount) else self.amount
        if value is None or value < 0:
            raise ValueError(f"clock {self.code}: amount must be >= 0, got {value!r}")
        return value


@dataclass(frozen=True)
class CaseKind:
    """Everything the engine needs to know about one kind of case.

    * ``code`` (stored on each case), ``label`` (shown), ``prefix`` of its numbers
      (``prefix-YYYY-NNNNNN``, unique per kind and year).
    * ``states``, ``initial_state`` and ``transitions`` (:class:`Action` → :class:`Transition`):
      the state machine. An action missing from ``transitions`` is never allowed.
    * ``clocks``: :class:`ClockSpec` s.
    * ``reply_approver``: the role (``zhanqun.units.enums.Role``) whose holder approves a
      reply: 单位负责人/分管领导 of the handling unit, or an office-wide role (站点管理员,
      政府办公室审核员) — see ``permissions.can_approve_reply``. None: any holder of
      ``cases.approve_reply`` scoped to the unit.
    * ``public_replies``: whether a sent reply may be published on the site (R-INT-6).
    * ``sms_template`` / ``email_subject``: what the citizen receives when replied to;
      formatted with ``number``, ``kind``, ``query_code``.
    * ``check``: optional ``check(case, action, **details)`` called by every service after
      the state machine allows the action (``details``: ``unit`` for assign/transfer);
      it raises ``ValidationError`` to refuse for a reason of the kind's own (e.g. a
      special letter leaves the 机要室 only after a leader's instruction).
    * ``extra``: what the kind's app tells the admin: ``detail_template`` (included on
      the case page with ``case``), ``action_urls`` (action slug → URL name taking the
      case's pk, replacing the generic form of that action).
    """

    code: str
    label: str
    prefix: str
    states: Iterable[State]
    initial_state: str
    transitions: Mapping[str, Transition]
    clocks: Iterable[ClockSpec] = ()
    reply_approver: str | None = None
    public_replies: bool = False
    email_subject: str = "您的{kind}（{number}）已答复"
    sms_template: str = "您的{kind}（编号{number}）已答复，请凭查询码{query_code}在网站查看答复内容。"
    description: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)
    check: Callable[..., None] | None = None

    def __post_init__(self):
        states = tuple(self.states)
        object.__setattr__(self, "states", states)
        object.__setattr__(self, "clocks", tuple(self.clocks))
        object.__setattr__(self, "transitions", {Action(a): t for a, t in dict(self.transitions).items()})
        codes = {s.code for s in states}
        problems = []
        if not self.code or len(self.code) > 30:
            problems.append("code must be 1–30 characters")
        if not self.prefix or "-" in self.prefix or len(self.prefix) > 10:
            problems.append("prefix must be 1–10 characters without '-'")
        if self.initial_state not in codes:
            problems.append(f"initial_state {self.initial_state!r} is not a state")
        for action, transition in self.transitions.items():
            unknown = set(transition.sources) - codes
            if unknown:
                problems.append(f"{action}: unknown source states {sorted(unknown)}")
            if transition.target is not None and transition.target not in codes:
                problems.append(f"{action}: unknown target state {transition.target!r}")
        if len({c.code for c in self.clocks}) != len(self.clocks):
            problems.append("clock codes must be unique")
        if problems:
            raise ImproperlyConfigured(f"case kind {self.code!r}: " + "; ".join(problems))

    # --- state machine ---------------------------------------------------------
    def state(self, code: str) -> State:
        for state in self.states:
            if state.code == code:
                return state
        raise KeyError(code)

    def state_label(self, code: str) -> str:
        try:
            return self.state(code).label
        except KeyError:
            return code

    @property
    def state_choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.states]

    def is_final(self, code: str) -> bool:
        try:
            return self.state(code).final
        except KeyError:
            return False

    def allows(self, state: str, action: str) -> bool:
        transition = self.transitions.get(Action(action))
        return transition is not None and state in transition.sources

    def allowed_actions(self, state: str) -> list[Action]:
        return [a for a, t in self.transitions.items() if state in t.sources]

    def target(self, state: str, action: str) -> str:
        """The state after ``action``; the caller has checked :meth:`allows`."""
        transition = self.transitions[Action(action)]
        return transition.target or state

    def clock(self, code: str) -> ClockSpec:
        for spec in self.clocks:
            if spec.code == code:
                return spec
        raise KeyError(code)


_registry: dict[str, CaseKind] = {}


def register_kind(kind: CaseKind, *, replace: bool = False) -> CaseKind:
    """Add a kind to the registry (at import of an app's ``case_kinds``); returns it."""
    existing = _registry.get(kind.code)
    if existing is not None and existing is not kind and not replace:
        raise ImproperlyConfigured(f"case kind {kind.code!r} is registered twice")
    for other in _registry.values():
        if other.code != kind.code and other.prefix == kind.prefix:
            raise ImproperlyConfigured(f"case kinds {other.code!r} and {kind.code!r} share the prefix {kind.prefix!r}")
    _registry[kind.code] = kind
    return kind


def unregister_kind(code: str) -> None:
    _registry.pop(code, None)


def get_kind(code: str) -> CaseKind:
    try:
        return _registry[code]
    except KeyError:
        raise UnknownKind(
            f"未登记的案件类型 {code!r}（声明它的应用是否已加入 INSTALLED_APPS？） / unknown case kind {code!r}"
        ) from None


def all_kinds() -> list[CaseKind]:
    return sorted(_registry.values(), key=lambda k: k.label)
