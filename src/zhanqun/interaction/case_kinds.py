"""The two kinds of case this app declares (docs/interaction.md, docs/cases.md).

* **来信** (``letter``, numbers ``XX-2026-000123``): 市长信箱, department mailboxes and
  12345 hotline calls (R-INT-1, R-INT-2).
* **网站找错** (``error_report``, ``ZC-2026-000045``): 我为政府网站找错, from the site's own
  form or imported from the national platform (R-INT-4).

Deadlines come from the site's ``InteractionSettings`` (defaults from the requirements).
"""

from django.core.exceptions import ValidationError

from zhanqun.cases.enums import Action, ClockUnit, EventType
from zhanqun.cases.kinds import CaseKind, ClockSpec, State, Transition, register_kind
from zhanqun.units.enums import Role

from .enums import Complexity, LetterCategory


def _settings(case):
    from .models import settings_for

    return settings_for(case.site)


# --- letters ---------------------------------------------------------------------------


def letter_reply_days(case):
    """R-INT-2: 咨询/建议 5 working days, 投诉/举报 15, up to 20 where investigation is needed."""
    s = _settings(case)
    if case.data.get("complexity") == Complexity.COMPLEX:
        return s.investigation_days
    if case.data.get("category") in (LetterCategory.CONSULT, LetterCategory.SUGGEST):
        return s.consult_days
    return s.other_days


def letter_triage_days(case):
    return _settings(case).letter_triage_days


def check_letter(case, action, unit=None, **details):
    """Rules of letters beyond the state machine:

    * R-INT-1: a special letter (特殊来信, flagged at triage) goes to the 机要室 and a leader;
      it reaches a handling unit other than the 机要室 only after a leader's written
      instruction (批示) routes it.
    * A letter whose writer did not agree to publication is never published.
    """
    if action in (Action.ASSIGN, Action.TRANSFER) and case.data.get("special"):
        confidential = _settings(case).confidential_unit_id
        if unit is not None and unit.pk != confidential:
            if not case.events.filter(type=EventType.INSTRUCTION_ADDED).exists():
                raise ValidationError("特殊来信须先交机要室，经领导批示后再转交承办单位。")
    if action == Action.PUBLISH:
        letter = getattr(case, "letter", None)
        if letter is not None and not letter.public_consent:
            raise ValidationError("来信人不同意公开，不能在网站公开。")


LETTER_OPEN = ["received", "handling", "returned", "reviewing", "approved"]

LETTER = register_kind(
    CaseKind(
        code="letter",
        label="来信",
        prefix="XX",
        description="市长信箱、部门信箱和 12345 热线来信",
        states=[
            State("received", "待分拣"),
            State("handling", "办理中"),
            State("returned", "已退回"),
            State("reviewing", "待审核"),
            State("approved", "待答复"),
            State("replied", "已答复", final=True),
        ],
        initial_state="received",
        transitions={
            Action.TRIAGE: Transition(["received"]),
            Action.ASSIGN: Transition(["received", "returned"], "handling"),
            Action.TRANSFER: Transition(["handling"]),
            Action.RETURN: Transition(["handling"], "returned"),
            Action.INSTRUCT: Transition(LETTER_OPEN),
            Action.PAUSE: Transition(["handling"]),
            Action.RESUME: Transition(["handling"]),
            Action.EXTEND: Transition(["handling", "returned", "reviewing"]),
            Action.DRAFT_REPLY: Transition(["handling"], "reviewing"),
            Action.APPROVE_REPLY: Transition(["reviewing"], "approved"),
            Action.REJECT_REPLY: Transition(["reviewing"], "handling"),
            Action.SEND_REPLY: Transition(["approved"], "replied"),
            Action.PUBLISH: Transition(["replied"]),
            Action.RATE: Transition(["replied"]),
        },
        clocks=[
            ClockSpec("triage", "分拣交办", amount=letter_triage_days, stops_on=[Action.ASSIGN]),
            ClockSpec("reply", "答复期限", amount=letter_reply_days, stops_on=[Action.SEND_REPLY]),
        ],
        reply_approver=Role.LEADER_IN_CHARGE,  # R-INT-2: a leader approves the reply
        public_replies=True,  # R-INT-6
        email_subject="您的来信（{number}）已答复",
        sms_template="您的来信（编号{number}）已答复，请凭查询码{query_code}在网站“互动交流”查看。",
        extra={
            "detail_template": "interaction/admin/letter_panel.html",
            "action_urls": {"triage": "interaction_admin:letter_triage"},
        },
        check=check_letter,
    )
)


# --- error reports ---------------------------------------------------------------------


def error_triage_hours(case):
    return _settings(case).error_triage_hours


def error_fix_days(case):
    return _settings(case).error_fix_days


def error_reply_days(case):
    """R-INT-4: 3 working days; 2 where the province requires it (a site setting)."""
    return _settings(case).error_reply_days


ERROR_REPORT = register_kind(
    CaseKind(
        code="error_report",
        label="网站找错",
        prefix="ZC",
        description="我为政府网站找错",
        states=[
            State("received", "待分拣"),
            State("fixing", "整改中"),
            State("returned", "已退回"),
            State("reviewing", "待核验"),
            State("approved", "待答复"),
            State("replied", "已答复", final=True),
        ],
        initial_state="received",
        transitions={
            Action.TRIAGE: Transition(["received"]),
            Action.ASSIGN: Transition(["received", "returned"], "fixing"),
            Action.TRANSFER: Transition(["fixing"]),
            Action.RETURN: Transition(["fixing"], "returned"),
            Action.EXTEND: Transition(["fixing", "reviewing"]),
            # The unit reports back what it fixed: that is the draft of the reply.
            Action.DRAFT_REPLY: Transition(["fixing"], "reviewing"),
            Action.APPROVE_REPLY: Transition(["reviewing"], "approved"),
            Action.REJECT_REPLY: Transition(["reviewing"], "fixing"),
            Action.SEND_REPLY: Transition(["approved"], "replied"),
            Action.RATE: Transition(["replied"]),
        },
        clocks=[
            # R-INT-4: triage and forward within 1 hour, fix within 1 working day, reply in 3.
            ClockSpec("triage", "分拣转办", amount=error_triage_hours, unit=ClockUnit.WORKHOURS, stops_on=[Action.ASSIGN]),
            ClockSpec("fix", "整改", amount=error_fix_days, starts_on=Action.ASSIGN, stops_on=[Action.DRAFT_REPLY]),
            ClockSpec("reply", "答复期限", amount=error_reply_days, stops_on=[Action.SEND_REPLY]),
        ],
        reply_approver=Role.SITE_OPERATOR,  # the site's operator checks the fix
        public_replies=False,
        email_subject="您反映的网站问题（{number}）已处理",
        sms_template="您反映的网站问题（编号{number}）已处理，请凭查询码{query_code}在网站查看。",
        extra={"detail_template": "interaction/admin/error_panel.html"},
    )
)
