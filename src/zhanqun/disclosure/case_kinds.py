"""The disclosure request (依申请公开) as a kind of case (R-DISC-3; 条例 Art. 27–45).

One clock, 答复期限: 20 working days from receipt (Art. 33), paused while a third party
(Art. 32) or another agency (Art. 34) is consulted or a fee is awaited (国办函〔2020〕109号),
counted again from the corrected application's receipt after a correction (Art. 30,
``cases.lifecycle.restart_clock``), extended once by at most 20 working days with the
office head's approval (Art. 33, ``requests.extend``). The reply is the decision letter
(告知书), approved by the handling unit's head before it is sent. A request whose
applicant does not correct or pay in time is closed (已终止) without a reply.
The disclosure-specific steps live in ``requests.py``; the case page links to them.
"""

from zhanqun.cases.enums import Action
from zhanqun.cases.kinds import CaseKind, ClockSpec, State, Transition, register_kind
from zhanqun.units.enums import Role

OPEN = ["handling", "reviewing", "approved"]

DISCLOSURE_REQUEST = register_kind(
    CaseKind(
        code="disclosure_request",
        label="政府信息公开申请",
        prefix="YSQ",
        states=[
            State("handling", "办理中"),
            State("reviewing", "待审核"),
            State("approved", "待答复"),
            State("replied", "已答复", final=True),
            State("closed", "已终止", final=True),
        ],
        initial_state="handling",
        transitions={
            Action.TRANSFER: Transition(["handling"]),
            Action.INSTRUCT: Transition(OPEN),
            Action.PAUSE: Transition(["handling"]),
            Action.RESUME: Transition(["handling"]),
            Action.RESTART: Transition(["handling"]),
            Action.EXTEND: Transition(OPEN),
            Action.DRAFT_REPLY: Transition(["handling"], "reviewing"),
            Action.APPROVE_REPLY: Transition(["reviewing"], "approved"),
            Action.REJECT_REPLY: Transition(["reviewing"], "handling"),
            Action.SEND_REPLY: Transition(["approved"], "replied"),
            Action.CLOSE: Transition(["handling"], "closed"),
        },
        clocks=[ClockSpec("reply", "答复期限", amount=20, stops_on=[Action.SEND_REPLY])],
        reply_approver=Role.UNIT_HEAD,
        public_replies=False,
        email_subject="您的政府信息公开申请（{number}）已答复",
        sms_template="您的政府信息公开申请（编号{number}）已答复，请凭查询码{query_code}查看，答复告知书另行送达。",
        description="依申请公开政府信息（《中华人民共和国政府信息公开条例》第二十七条至第四十五条）",
        extra={
            # Read by the case page when the engine supports them (docs/cases.md).
            "detail_template": "disclosure/admin/case_panel.html",
            "action_urls": {"draft": "disclosure:request", "extend": "disclosure:request", "pause": "disclosure:request"},
        },
    )
)
