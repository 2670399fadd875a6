"""The interaction monitor: overdue letters and error reports, and the 3-month veto."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhanqun.cases.models import Case
from zhanqun.interaction import factories
from zhanqun.interaction.enums import LetterCategory
from zhanqun.monitoring import scorecard, services
from zhanqun.monitoring.enums import CheckCode, FindingStatus, Problem
from zhanqun.monitoring.models import Finding

pytestmark = pytest.mark.django_db


def test_overdue_letters_and_a_consultation_unanswered_for_3_months(site_group):
    portal = site_group.portal
    mailbox = factories.MailboxFactory(site=portal, unit=site_group.units.office)
    received = timezone.now() - timedelta(days=120)
    old_consult = factories.letter(mailbox, category=LetterCategory.CONSULT, received_at=received)
    recent = factories.letter(mailbox, category=LetterCategory.COMPLAIN)
    services.run_check(CheckCode.INTERACTION, portal)

    overdue = Finding.objects.filter(site=portal, problem=Problem.CASE_OVERDUE, status=FindingStatus.OPEN)
    assert [f.evidence["case"] for f in overdue] == [old_consult.number]
    assert "已超期" in overdue[0].message and "个工作日" in overdue[0].message
    unanswered = Finding.objects.get(site=portal, problem=Problem.CONSULT_UNANSWERED)
    assert old_consult.number in unanswered.message and "超过 3 个月未回应" in unanswered.message
    assert not Finding.objects.filter(evidence__case=recent.number).exists()

    result = scorecard.evaluate(portal)
    veto = next(v for v in result["vetoes"] if v["code"] == "interaction")
    assert veto["evaluated"] and veto["failed"] and result["passed"] is False
    points = next(d for d in result["deductions"] if d["code"] == "interaction_overdue")
    assert points["points"] == 0.5

    # Answered: the next run resolves both findings.
    Case.objects.filter(pk=old_consult.pk).update(replied_at=timezone.now())
    run = services.run_check(CheckCode.INTERACTION, portal)
    assert run.resolved == 2 and not Finding.objects.filter(site=portal, status=FindingStatus.OPEN).exists()
