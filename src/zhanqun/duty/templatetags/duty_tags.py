from django import template

from zhanqun.cases.permissions import can_approve_reply
from zhanqun.monitoring.enums import CheckCode, FindingStatus

from .. import services

register = template.Library()


@register.simple_tag(takes_context=True)
def rectification_info(context, case):
    """What the 整改 panel on the case page shows: the finding and what the user may do."""
    rect = getattr(case, "rectification", None)
    if rect is None:
        return None
    user = context["request"].user
    finding = rect.finding
    manual = finding.monitor == CheckCode.MANUAL
    is_open = finding.status == FindingStatus.OPEN
    return {
        "rect": rect,
        "finding": finding,
        "manual": manual,
        "open": is_open,
        "can_reread": manual and is_open and services.may_confirm_reread(user),
        "can_close": case.kind_spec.allows(case.state, "approve_reply") and can_approve_reply(user, case),
    }


@register.filter
def person(user):
    """A person's name, family name first (陈晓梅), else the username."""
    return services._name(user) or "—"
