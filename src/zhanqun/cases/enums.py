"""Fixed vocabularies of the case engine. Kinds choose among these; they do not add to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What may happen to a case after it is received; a kind's state machine says from
    which states each action is allowed and to which state it leads."""

    TRIAGE = "triage", _("分拣")
    ASSIGN = "assign", _("交办")
    TRANSFER = "transfer", _("转办")
    RETURN = "return", _("退回")
    INSTRUCT = "instruct", _("批示")
    EXTEND = "extend", _("延期")
    PAUSE = "pause", _("暂停计时")
    RESUME = "resume", _("恢复计时")
    DRAFT_REPLY = "draft_reply", _("拟写答复")
    APPROVE_REPLY = "approve_reply", _("审核通过答复")
    REJECT_REPLY = "reject_reply", _("退回答复")
    SEND_REPLY = "send_reply", _("答复")
    PUBLISH = "publish", _("公开")
    RATE = "rate", _("评价")
    RESTART = "restart", _("重新计时")
    CLOSE = "close", _("终止办理")


class EventType(models.TextChoices):
    """Timeline entries (办理记录). Every one records who (none for the citizen or the
    system), when and a payload; none is ever changed or deleted."""

    RECEIVED = "received", _("受理")
    TRIAGED = "triaged", _("分拣")
    ASSIGNED = "assigned", _("交办")
    TRANSFERRED = "transferred", _("转办")
    RETURNED = "returned", _("退回")
    INSTRUCTION_ADDED = "instruction_added", _("领导批示")
    EXTENDED = "extended", _("延期")
    PAUSED = "paused", _("暂停计时")
    RESUMED = "resumed", _("恢复计时")
    REPLY_DRAFTED = "reply_drafted", _("拟写答复")
    REPLY_APPROVED = "reply_approved", _("答复审核通过")
    REPLY_REJECTED = "reply_rejected", _("答复退回修改")
    REPLIED = "replied", _("已答复")
    PUBLISHED = "published", _("已公开")
    RATED = "rated", _("评价")
    CLOCK_RESTARTED = "clock_restarted", _("重新计时")
    CLOSED = "closed", _("终止办理")
    #: Written by the system, not an action: provisional clocks counted again once the
    #: holiday schedule of the year they ran into is loaded (lifecycle.py).
    CLOCK_RECOMPUTED = "clock_recomputed", _("期限重新计算")


#: The event each action writes.
ACTION_EVENTS = {
    Action.TRIAGE: EventType.TRIAGED,
    Action.ASSIGN: EventType.ASSIGNED,
    Action.TRANSFER: EventType.TRANSFERRED,
    Action.RETURN: EventType.RETURNED,
    Action.INSTRUCT: EventType.INSTRUCTION_ADDED,
    Action.EXTEND: EventType.EXTENDED,
    Action.PAUSE: EventType.PAUSED,
    Action.RESUME: EventType.RESUMED,
    Action.DRAFT_REPLY: EventType.REPLY_DRAFTED,
    Action.APPROVE_REPLY: EventType.REPLY_APPROVED,
    Action.REJECT_REPLY: EventType.REPLY_REJECTED,
    Action.SEND_REPLY: EventType.REPLIED,
    Action.PUBLISH: EventType.PUBLISHED,
    Action.RATE: EventType.RATED,
    Action.RESTART: EventType.CLOCK_RESTARTED,
    Action.CLOSE: EventType.CLOSED,
}


class ClockUnit(models.TextChoices):
    WORKDAYS = "workdays", _("工作日")
    WORKHOURS = "workhours", _("工作小时")


class ClockStatus(models.TextChoices):
    DUE = "due", _("办理中")
    OVERDUE = "overdue", _("已超期")
    MET = "met", _("按期办结")
    MISSED = "missed", _("超期办结")


class Light(models.TextChoices):
    """The dashboard's traffic light (红绿灯)."""

    ON_TIME = "on_time", _("按期")
    DUE_SOON = "due_soon", _("临期")
    OVERDUE = "overdue", _("超期")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    APPROVED = "approved", _("审核通过")
    REJECTED = "rejected", _("退回修改")
    SENT = "sent", _("已答复")
