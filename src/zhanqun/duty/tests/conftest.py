"""People and shifts for the duty tests (the site group comes from the root conftest).

* ``operator`` — 站点管理员 of the government office: roster, closing rectifications.
* ``reviewer`` — 政府办公室审核员: sees, changes nothing.
* ``reader`` — a 信息员 of the 发改委, an ordinary staff user put on the roster.
* ``other`` — another 信息员, not on duty.
* ``patterns`` — 白班 08:30–17:30 and 夜班 17:30–08:30.
"""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhanqun.conftest import ADMIN_HOST
from zhanqun.duty.models import Shift, ShiftPattern
from zhanqun.monitoring.tests.conftest import published  # noqa: F401 - the published site group fixture
from zhanqun.units.enums import Role
from zhanqun.units.factories import StaffProfileFactory, UserFactory


def staff(username, unit, role, name=("张", "三")):
    user = UserFactory(username=username, last_name=name[0], first_name=name[1], roles=[role])
    StaffProfileFactory(user=user, unit=unit)
    return user


@pytest.fixture
def operator(site_group):
    return staff("duty_operator", site_group.units.office, Role.SITE_OPERATOR, ("周", "敏"))


@pytest.fixture
def reviewer(site_group):
    return staff("duty_reviewer", site_group.units.office, Role.OFFICE_REVIEWER, ("王", "建华"))


@pytest.fixture
def reader(site_group):
    return staff("duty_reader", site_group.units.fgw, Role.UNIT_EDITOR, ("陈", "晓梅"))


@pytest.fixture
def other(site_group):
    return staff("duty_other", site_group.units.education, Role.UNIT_EDITOR, ("刘", "洋"))


@pytest.fixture
def office_editor(site_group):
    return staff("duty_office_editor", site_group.units.office, Role.UNIT_EDITOR, ("马", "超"))


@pytest.fixture
def patterns(db):
    day = ShiftPattern.objects.create(name="白班", start=time(8, 30), end=time(17, 30), sort_order=1)
    night = ShiftPattern.objects.create(name="夜班", start=time(17, 30), end=time(8, 30), sort_order=2)
    return day, night


@pytest.fixture
def on_duty(patterns, reader):
    """``reader`` on the shift running now (the day before's night shift or today's)."""
    now = timezone.now()
    today = timezone.localdate(now)
    for day in (today - timedelta(days=1), today):
        for pattern in patterns:
            shift = Shift(day=day, pattern=pattern, person=reader)
            shift.save()
    shift = Shift.objects.get(starts_at__lte=now, ends_at__gt=now)
    return shift


def client_for(user):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


def refused(response):
    """The Wagtail admin answers a PermissionDenied with a redirect to the dashboard and
    an error message (or a 403 outside its views)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
