"""Interaction (the inspectors' 互动回应差, R-INT-2, R-INT-4): the site's letters and
error reports past their deadline, and — the veto line — consultation letters (咨询)
received more than 3 months ago and still not answered. Read from the case engine:
open cases (not closed) whose ``due_at`` has passed, charged to the handling unit."""

from datetime import timedelta

from django.utils import timezone

from ..enums import Problem
from . import Observation

KINDS = {"letter": "来信", "error_report": "网站找错"}
UNANSWERED_DAYS = 90  # 超过 3 个月


def check(site, now):
    from zhanqun.cases.models import Case

    open_cases = Case.objects.filter(site=site, kind__in=KINDS, closed_at__isnull=True, replied_at__isnull=True)
    found = []
    for case in open_cases.filter(due_at__lt=now).select_related("unit").order_by("due_at", "pk"):
        late = _late(case.due_at, now)
        found.append(
            Observation(
                Problem.CASE_OVERDUE,
                f"case:{case.pk}",
                f"{KINDS[case.kind]} {case.number} 已超期 {late}（期限 {timezone.localtime(case.due_at):%Y-%m-%d}）",
                unit_id=case.unit_id,
                evidence={"case": case.number, "kind": case.kind, "due_at": case.due_at.isoformat()},
            )
        )
    cutoff = now - timedelta(days=UNANSWERED_DAYS)
    consults = open_cases.filter(kind="letter", received_at__lt=cutoff, data__category="consult")
    for case in consults.order_by("received_at", "pk"):
        found.append(
            Observation(
                Problem.CONSULT_UNANSWERED,
                f"consult:{case.pk}",
                f"咨询 {case.number} 于 {timezone.localtime(case.received_at):%Y-%m-%d} 受理，超过 3 个月未回应",
                unit_id=case.unit_id,
                evidence={"case": case.number, "received_at": case.received_at.isoformat()},
            )
        )
    return found


def _late(due, now):
    """"3 个工作日" on the calendar; calendar days where the calendar has no data yet."""
    from zhanqun.workdays.calendar import YearNotCovered
    from zhanqun.workdays.services import workdays_between

    start, end = timezone.localdate(due), timezone.localdate(now)
    try:
        return f"{workdays_between(start, end)} 个工作日"
    except YearNotCovered:
        return f"{(end - start).days} 天"
