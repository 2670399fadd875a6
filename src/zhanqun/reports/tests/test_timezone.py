"""A report counts Beijing days whoever generates it: a user whose Wagtail account
preferences name another time zone (UTC here) gets the same October."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from zhanqun.conftest import column
from zhanqun.content.tests.conftest import logged_in
from zhanqun.reports.models import Report

from .conftest import add_item

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(*args):
    return dt.datetime(*args, tzinfo=BEIJING)


def test_a_user_in_another_time_zone_generates_the_same_beijing_month(site_group, office_reviewer):
    news = column(site_group.portal, "zwdt")
    add_item(news, "十月一日清晨发布", dt.date(2026, 10, 1), beijing(2026, 10, 1, 7))
    profile = UserProfile.get_for_user(office_reviewer)
    profile.current_time_zone = "UTC"
    profile.save()

    response = logged_in(office_reviewer).post(reverse("reports:generate"), {"kind": "monthly", "period": "2026-10"})

    assert response.status_code == 302
    report = Report.objects.get(kind="monthly", period_start=dt.date(2026, 10, 1))
    # 07:00 on 1 October in Beijing is 23:00 on 30 September in UTC: still October's.
    assert report.data["totals"]["items"] == 1
