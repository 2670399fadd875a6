"""整改 (``rectification``, numbers ``ZG-2026-000012``): a problem a monitor or the person
on duty found, handed to the responsible unit with a deadline on the working-day
calendar (docs/duty.md).

* 整改中 → the unit answers what it did (拟写答复: the reply is the 整改情况) → 待复查;
* 复查办结 (the engine's 审核通过答复, by a 站点管理员): the check runs again — the monitor
  for a monitor's finding, the person on duty's re-read for a reading finding — and the
  case closes only when the finding is resolved (``check_rectification``); otherwise
  退回重改 (退回修改) sends it back to the unit.

The clock (整改期限) runs until the case is closed: the fix counts once it is verified.
"""

from django.core.exceptions import ValidationError

from zhanqun.cases.enums import Action
from zhanqun.cases.kinds import CaseKind, ClockSpec, State, Transition, register_kind
from zhanqun.units.enums import Role

OPEN_STATES = ["handling", "returned", "reviewing"]


def rectification_days(case):
    """Working days for the finding's problem type (整改期限, editable data)."""
    from .models import deadline_days

    return deadline_days(case.data.get("problem", ""))


def check_rectification(case, action, **details):
    """A rectification is closed only when its finding is resolved: the re-run of the
    monitor no longer sees it, or the person on duty confirmed the re-read."""
    if action == Action.APPROVE_REPLY:
        from zhanqun.monitoring.enums import FindingStatus

        rect = getattr(case, "rectification", None)
        if rect is not None and rect.finding.status != FindingStatus.RESOLVED:
            raise ValidationError("复查时问题仍然存在，不能办结整改。")


RECTIFICATION = register_kind(
    CaseKind(
        code="rectification",
        label="整改",
        prefix="ZG",
        description="监测发现和值班读网发现的问题交责任单位整改",
        states=[
            State("handling", "整改中"),
            State("returned", "已退回"),
            State("reviewing", "待复查"),
            State("rectified", "已整改", final=True),
        ],
        initial_state="handling",
        transitions={
            Action.ASSIGN: Transition(["returned"], "handling"),
            Action.TRANSFER: Transition(["handling"]),
            Action.RETURN: Transition(["handling"], "returned"),
            Action.INSTRUCT: Transition(OPEN_STATES),
            Action.EXTEND: Transition(OPEN_STATES),
            Action.DRAFT_REPLY: Transition(["handling"], "reviewing"),
            Action.APPROVE_REPLY: Transition(["reviewing"], "rectified"),
            Action.REJECT_REPLY: Transition(["reviewing"], "handling"),
        },
        clocks=[ClockSpec("fix", "整改期限", amount=rectification_days)],
        reply_approver=Role.SITE_OPERATOR,  # the office that watches the sites verifies the fix
        public_replies=False,
        extra={
            "detail_template": "duty/rectification_panel.html",
            "action_urls": {"approve": "duty:rectification_close"},
        },
        check=check_rectification,
    )
)
