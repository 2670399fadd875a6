"""A kind used only by the engine's tests (测试件, prefix CS): every action, two clocks —
triage within 1 office hour, reply within 5 working days — replies approved by the
handling unit's head (单位负责人) and publishable."""

from zhanqun.cases.enums import Action, ClockUnit
from zhanqun.cases.kinds import CaseKind, ClockSpec, State, Transition, register_kind
from zhanqun.units.enums import Role

OPEN = ["received", "returned", "handling", "reviewing", "approved"]

TEST_KIND = CaseKind(
    code="test",
    label="测试件",
    prefix="CS",
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
        Action.INSTRUCT: Transition(OPEN),
        Action.PAUSE: Transition(["handling"]),
        Action.RESUME: Transition(["handling"]),
        Action.EXTEND: Transition(OPEN),
        Action.DRAFT_REPLY: Transition(["handling"], "reviewing"),
        Action.APPROVE_REPLY: Transition(["reviewing"], "approved"),
        Action.REJECT_REPLY: Transition(["reviewing"], "handling"),
        Action.SEND_REPLY: Transition(["approved"], "replied"),
        Action.PUBLISH: Transition(["replied"]),
        Action.RATE: Transition(["replied"]),
    },
    clocks=[
        ClockSpec("triage", "分拣交办", amount=1, unit=ClockUnit.WORKHOURS, stops_on=[Action.ASSIGN]),
        ClockSpec(
            "reply",
            "答复期限",
            amount=lambda case: case.data.get("reply_days", 5),
            unit=ClockUnit.WORKDAYS,
            stops_on=[Action.SEND_REPLY],
        ),
    ],
    reply_approver=Role.UNIT_HEAD,
    public_replies=True,
)

#: A second kind with no public replies, approved by the office.
PRIVATE_KIND = CaseKind(
    code="test_private",
    label="内部测试件",
    prefix="CP",
    states=[State("received", "待办理"), State("approved", "待答复"), State("done", "已答复", final=True)],
    initial_state="received",
    transitions={
        Action.ASSIGN: Transition(["received"]),
        Action.DRAFT_REPLY: Transition(["received"]),
        Action.APPROVE_REPLY: Transition(["received"], "approved"),
        Action.SEND_REPLY: Transition(["approved"], "done"),
    },
    clocks=[ClockSpec("reply", "答复期限", amount=15, stops_on=[Action.SEND_REPLY])],
    reply_approver=Role.OFFICE_REVIEWER,
)


def register():
    register_kind(TEST_KIND, replace=True)
    register_kind(PRIVATE_KIND, replace=True)
