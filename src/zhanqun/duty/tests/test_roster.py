from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry

from zhanqun.duty import roster, services
from zhanqun.duty.models import Shift
from zhanqun.duty.roster import BEIJING

from .conftest import staff


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=BEIJING)


def test_night_shift_ends_the_next_morning():
    starts, ends = roster.shift_bounds(date(2026, 11, 23), time(17, 30), time(8, 30))
    assert (starts, ends) == (at("2026-11-23 17:30"), at("2026-11-24 08:30"))
    assert roster.shift_bounds(date(2026, 11, 23), time(8, 0), time(8, 0))[1] == at("2026-11-24 08:00")


def test_rota_gives_each_shift_the_next_person_in_turn():
    filled = roster.rota(roster.days(date(2026, 11, 23), date(2026, 11, 24)), ["白", "夜"], ["甲", "乙", "丙"])
    assert [(d.day, p, who) for d, p, who in filled] == [
        (23, "白", "甲"),
        (23, "夜", "乙"),
        (24, "白", "丙"),
        (24, "夜", "甲"),
    ]


def test_current_shift__the_night_shift_holds_across_midnight(patterns, reader, other, operator):
    day, night = patterns
    Shift.objects.create(day=date(2026, 11, 23), pattern=day, person=operator)
    Shift.objects.create(day=date(2026, 11, 23), pattern=night, person=reader)
    Shift.objects.create(day=date(2026, 11, 24), pattern=day, person=other)

    assert services.current_shift(at("2026-11-23 17:29")).person == operator
    assert services.current_shift(at("2026-11-23 23:59")).person == reader
    assert services.current_shift(at("2026-11-24 02:00")).person == reader
    assert services.current_shift(at("2026-11-24 08:29:59")).person == reader
    assert services.current_shift(at("2026-11-24 08:30")).person == other
    assert services.current_shift(at("2026-11-24 17:30")) is None  # nobody rostered
    assert services.is_on_duty(reader, at("2026-11-24 03:00")) and not services.is_on_duty(
        other, at("2026-11-24 03:00")
    )


def test_changing_a_pattern_moves_the_shifts_not_yet_started(patterns, reader):
    day, _night = patterns
    future = Shift.objects.create(day=date(2099, 1, 5), pattern=day, person=reader)
    past = Shift.objects.create(day=date(2020, 1, 6), pattern=day, person=reader)
    day.start = time(9, 0)
    day.save()
    future.refresh_from_db()
    past.refresh_from_db()
    assert future.starts_at == at("2099-01-05 09:00")
    assert past.starts_at == at("2020-01-06 08:30")


def test_fill_a_week_from_a_rota__keeps_what_is_rostered_unless_told(patterns, operator, reader, other):
    first, last = date(2026, 11, 30), date(2026, 12, 6)
    created, changed, kept = services.fill_roster(first, last, patterns, [reader, other], operator)
    assert (created, changed, kept) == (14, 0, 0)
    week = Shift.objects.filter(day__range=(first, last)).order_by("starts_at")
    assert [s.person for s in week[:3]] == [reader, other, reader]
    assert ModelLogEntry.objects.filter(action="duty.assign").count() == 14

    assert services.fill_roster(first, last, patterns, [other], operator) == (0, 0, 14)
    assert services.fill_roster(first, last, patterns, [other], operator, overwrite=True) == (0, 7, 7)
    assert set(Shift.objects.filter(day__range=(first, last)).values_list("person__username", flat=True)) == {
        other.username
    }


def test_only_the_site_operator_fills_the_roster(patterns, reader, site_group):
    with pytest.raises(PermissionDenied):
        services.fill_roster(date(2026, 11, 30), date(2026, 12, 6), patterns, [reader], reader)
    reviewer = staff("r2", site_group.units.office, "office_reviewer")
    with pytest.raises(PermissionDenied):
        services.fill_roster(date(2026, 11, 30), date(2026, 12, 6), patterns, [reader], reviewer)
