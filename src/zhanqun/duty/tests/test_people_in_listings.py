"""Listings of 值班读网 name people as people: 王建华, not the username office_reviewer."""

from datetime import timedelta

from django.utils import timezone

from zhanqun.duty.models import MaintenanceNotice, Shift

from .conftest import client_for


def test_maintenance_notices__name_who_approved_them(operator, reviewer):
    now = timezone.now()
    MaintenanceNotice.objects.create(
        title="机房电力改造停机维护", starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=4),
        reason="机房电力改造", approved_by=reviewer, announced_at=now, created_by=operator,
    )  # fmt: skip
    page = client_for(operator).get("/admin/duty_maintenance/").content.decode()
    assert "机房电力改造停机维护" in page
    assert "王建华" in page
    assert reviewer.username not in page


def test_the_roster_list__names_the_person_on_duty(operator, reader, patterns):
    Shift(day=timezone.localdate(), pattern=patterns[0], person=reader).save()
    page = client_for(operator).get("/admin/duty_shifts/").content.decode()
    assert "陈晓梅" in page  # the column, and the filter's choice 陈晓梅（duty_reader）
    assert f">{reader.username}<" not in page.replace(" ", "").replace("\n", "")


def test_the_roster_form__offers_people_by_name(operator, reader):
    page = client_for(operator).get("/admin/duty_shifts/new/").content.decode()
    assert "陈晓梅（duty_reader）" in page
    assert ">duty_reader<" not in page.replace(" ", "").replace("\n", "")
