"""What a kind's app can hook into (docs/cases.md): a kind's own ``check``, the
``event_recorded`` signal, clocks recounted when triage reclassifies, and leaders seeing
the cases of the units they lead."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from zhanqun.cases import services
from zhanqun.cases.enums import Action, EventType
from zhanqun.cases.factories import beijing, submit
from zhanqun.cases.kinds import register_kind, unregister_kind
from zhanqun.cases.models import Case
from zhanqun.cases.permissions import can_instruct, can_view
from zhanqun.cases.signals import event_recorded
from zhanqun.content.tests.conftest import staff
from zhanqun.units.enums import Role

from .kinds import TEST_KIND

pytestmark = pytest.mark.django_db


def no_education(case, action, unit=None, **details):
    if action == Action.ASSIGN and unit is not None and unit.short_name == "教育局":
        raise ValidationError("此类案件不交教育局办理。")


@pytest.fixture
def checked_kind():
    kind = register_kind(dataclasses.replace(TEST_KIND, code="test_checked", prefix="CK", check=no_education))
    yield kind
    unregister_kind(kind.code)


def test_a_kind_s_check_refuses_an_action_with_its_own_reason_and_nothing_changes(checked_kind, dispatcher, units):
    case = submit(checked_kind)
    with pytest.raises(ValidationError, match="不交教育局"):
        services.assign(case, dispatcher, units.education)
    case.refresh_from_db()
    assert case.unit is None and case.state == "received"
    services.assign(case, dispatcher, units.fgw)


def test_every_event_is_signalled_inside_the_action_s_transaction(units, dispatcher):
    seen = []

    def receiver(sender, case, event, **kwargs):
        seen.append((case.number, event.type))
        if event.type == EventType.ASSIGNED:
            raise RuntimeError("a receiver failing rolls the action back")

    event_recorded.connect(receiver)
    try:
        case = submit(TEST_KIND)
        with pytest.raises(RuntimeError):
            services.assign(case, dispatcher, units.fgw)
    finally:
        event_recorded.disconnect(receiver)
    assert seen == [(case.number, EventType.RECEIVED), (case.number, EventType.ASSIGNED)]
    assert Case.objects.get(pk=case.pk).state == "received"
    assert not case.events.filter(type=EventType.ASSIGNED).exists()


def test_triage_that_changes_the_data_recounts_a_clock_depending_on_it(units, dispatcher):
    case = submit(TEST_KIND, received_at=beijing(2026, 9, 30, 10, 0), data={"reply_days": 5})
    assert case.clocks.get(code="reply").due_date.isoformat() == "2026-10-13"
    services.triage(case, dispatcher, data={"reply_days": 2})
    clock = case.clocks.get(code="reply")
    assert (clock.amount, clock.due_date.isoformat()) == (2, "2026-10-09")
    case.refresh_from_db()
    assert case.due_at is not None


def test_a_leader_in_charge_sees_and_instructs_the_cases_of_the_units_they_lead(units, dispatcher):
    leader = staff("vice_mayor", units.office, Role.LEADER_IN_CHARGE)
    units.fgw.leader_in_charge = leader
    units.fgw.save()
    fgw_case, edu_case = submit(TEST_KIND), submit(TEST_KIND)
    services.assign(fgw_case, dispatcher, units.fgw)
    services.assign(edu_case, dispatcher, units.education)
    assert can_view(leader, fgw_case) and can_instruct(leader, fgw_case)
    assert not can_view(leader, edu_case)
    assert list(Case.objects.visible_to(leader)) == [fgw_case]
