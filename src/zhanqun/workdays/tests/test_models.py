"""The admin-editable holiday table: validation, coverage, cache, Wagtail admin.

Dates used for 2027 here are TEST FIXTURES, not the official 2027 schedule
(which the State Council had not published when this was written).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from zhanqun.workdays.calendar import YearNotCovered
from zhanqun.workdays.models import CalendarDay, HolidayYear
from zhanqun.workdays.services import clear_calendar_cache, get_calendar

ADMIN_HOST = "localhost"  # settings.ADMIN_HOSTS; other hosts get the public URLconf


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    # Test transactions are rolled back without model signals: start clean.
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def make_test_2027(source=HolidayYear.Source.MANUAL) -> HolidayYear:
    """A fictitious 2027 year (test data only)."""
    year = HolidayYear.objects.create(year=2027, source=source, notice="测试数据，非官方")
    for day in (date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)):
        CalendarDay.objects.create(year=year, date=day, kind="holiday", name="元旦（测试）")
    CalendarDay.objects.create(year=year, date=date(2027, 1, 9), kind="workday", name="测试调休")
    return year


# ---------------------------------------------------------------------------
# coverage
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_2027_is_not_covered_until_a_manual_year_is_entered():
    with pytest.raises(YearNotCovered) as excinfo:
        get_calendar().add_workdays(date(2026, 12, 30), 3)
    assert excinfo.value.year == 2027

    make_test_2027()

    cal = get_calendar()  # rebuilt: the signal handlers cleared the cache
    assert cal.covers(2027)
    # Thu 31 Dec 2026, then 1–3 Jan 2027 off, Mon 4 Jan.
    assert cal.add_workdays(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert cal.is_workday(date(2027, 1, 9))  # the make-up Saturday
    assert cal.workdays_between(date(2026, 12, 30), date(2027, 1, 9)) == 7
    with pytest.raises(YearNotCovered):
        cal.is_workday(date(2028, 1, 3))


@pytest.mark.django_db
def test_deleting_the_year_makes_it_uncovered_again():
    year = make_test_2027()
    assert get_calendar().covers(2027)
    year.delete()
    with pytest.raises(YearNotCovered):
        get_calendar().is_workday(date(2027, 1, 4))


@pytest.mark.django_db
def test_editing_a_day_invalidates_the_cached_calendar():
    make_test_2027()
    first = get_calendar()
    assert get_calendar() is first  # cached
    day = CalendarDay.objects.get(date=date(2027, 1, 9))
    day.delete()
    assert not get_calendar().is_workday(date(2027, 1, 9))  # plain Saturday now


@pytest.mark.django_db
def test_a_chinesecalendar_year_row_corrects_single_days_of_the_package():
    year = HolidayYear.objects.create(year=2026, source=HolidayYear.Source.CHINESECALENDAR)
    CalendarDay.objects.create(year=year, date=date(2026, 10, 10), kind="holiday", name="测试")
    cal = get_calendar()
    assert not cal.is_workday(date(2026, 10, 10))  # was a make-up Saturday
    assert not cal.is_workday(date(2026, 10, 1))  # package holiday still there
    assert cal.is_workday(date(2026, 2, 14))  # package make-up day still there


@pytest.mark.django_db
def test_a_manual_year_replaces_the_package_data_for_that_year():
    year = HolidayYear.objects.create(year=2026, source=HolidayYear.Source.MANUAL)
    CalendarDay.objects.create(year=year, date=date(2026, 1, 1), kind="holiday", name="元旦")
    cal = get_calendar()
    assert not cal.is_workday(date(2026, 1, 1))
    assert cal.is_workday(date(2026, 10, 1))  # the package's National Day is gone
    assert not cal.is_workday(date(2025, 10, 1))  # other years keep the package


# ---------------------------------------------------------------------------
# validation (clean)
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_makeup_workday_on_a_weekday_is_rejected_with_a_clear_message():
    year = HolidayYear.objects.create(year=2027)
    day = CalendarDay(year=year, date=date(2027, 1, 4), kind="workday", name="调休")
    with pytest.raises(ValidationError) as excinfo:
        day.full_clean()
    message = " ".join(excinfo.value.message_dict["date"])
    assert "星期六或星期日" in message
    assert "2027-01-04 是星期一" in message


@pytest.mark.django_db
def test_a_date_outside_its_year_is_rejected():
    year = HolidayYear.objects.create(year=2027)
    day = CalendarDay(year=year, date=date(2028, 1, 1), kind="holiday")
    with pytest.raises(ValidationError) as excinfo:
        day.full_clean()
    assert "不能录入 2027 年" in " ".join(excinfo.value.message_dict["date"])


@pytest.mark.django_db
def test_holidays_on_any_day_and_makeup_days_on_weekends_are_valid():
    year = HolidayYear.objects.create(year=2027)
    CalendarDay(year=year, date=date(2027, 1, 1), kind="holiday").full_clean()  # Friday
    CalendarDay(year=year, date=date(2027, 1, 2), kind="holiday").full_clean()  # Saturday
    CalendarDay(year=year, date=date(2027, 1, 9), kind="workday").full_clean()  # Saturday
    CalendarDay(year=year, date=date(2027, 1, 10), kind="workday").full_clean()  # Sunday


@pytest.mark.django_db
def test_source_chinesecalendar_is_rejected_for_a_year_the_package_lacks():
    with pytest.raises(ValidationError) as excinfo:
        HolidayYear(year=2027, source=HolidayYear.Source.CHINESECALENDAR).full_clean()
    assert "手动录入" in " ".join(excinfo.value.message_dict["source"])
    HolidayYear(year=2026, source=HolidayYear.Source.CHINESECALENDAR).full_clean()


def test_verbose_names_are_chinese():
    assert str(HolidayYear._meta.verbose_name) == "节假日安排年份"
    assert str(CalendarDay._meta.verbose_name) == "节假日/调休日"
    assert str(HolidayYear._meta.app_config.verbose_name) == "工作日历"


# ---------------------------------------------------------------------------
# Wagtail admin: 设置 → 工作日历
# ---------------------------------------------------------------------------
@pytest.fixture
def admin(django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


def year_form(year, days, **extra):
    data = {
        "year": str(year),
        "source": "manual",
        "notice": "测试数据",
        "published_on": "",
        "note": "",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (day, kind, name) in enumerate(days):
        data.update(
            {
                f"days-{i}-id": "",
                f"days-{i}-date": day,
                f"days-{i}-kind": kind,
                f"days-{i}-name": name,
                f"days-{i}-DELETE": "",
            }
        )
    data.update(extra)
    return data


@pytest.mark.django_db
def test_admin_menu_lists_workday_calendar_under_settings(admin, django_user_model, rf):
    from wagtail.admin.menu import settings_menu

    index_url = reverse("workdays:index")  # loads the URLconf, which registers viewsets
    request = rf.get("/admin/")
    request.user = django_user_model.objects.get(username="root")
    items = {item.name: item for item in settings_menu.menu_items_for_request(request)}
    assert "workdays" in items
    assert str(items["workdays"].label) == "工作日历"
    assert items["workdays"].url == index_url

    assert admin.get(reverse("wagtailadmin_home")).status_code == 200
    index = admin.get(reverse("workdays:index"))
    assert index.status_code == 200
    page = index.content.decode()
    assert "<title>工作日历" in page and "添加年份" in page  # titled as its menu entry
    assert "节假日安排年份" not in page


@pytest.mark.django_db
def test_admin_creates_a_year_with_its_days_on_one_form(admin):
    response = admin.post(
        reverse("workdays:add"),
        year_form(
            2027,
            [
                ("2027-01-01", "holiday", "元旦（测试）"),
                ("2027-01-02", "holiday", "元旦（测试）"),
                ("2027-01-09", "workday", "测试调休"),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    year = HolidayYear.objects.get(year=2027)
    assert [(d.date, d.kind) for d in year.days.all()] == [
        (date(2027, 1, 1), "holiday"),
        (date(2027, 1, 2), "holiday"),
        (date(2027, 1, 9), "workday"),
    ]
    # The calendar sees the new year straight away.
    assert get_calendar().add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)

    listing = admin.get(reverse("workdays:index")).content.decode()
    assert "2027" in listing and "测试数据" in listing


@pytest.mark.django_db
def test_admin_rejects_a_weekday_makeup_day_and_saves_nothing(admin):
    response = admin.post(
        reverse("workdays:add"),
        year_form(2027, [("2027-01-01", "holiday", ""), ("2027-01-04", "workday", "")]),
    )
    assert response.status_code == 200  # form shown again with errors
    assert "调休上班日必须是星期六或星期日" in response.content.decode()
    assert not HolidayYear.objects.exists()
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_admin_rejects_a_day_from_another_year(admin):
    response = admin.post(
        reverse("workdays:add"),
        year_form(2027, [("2028-01-01", "holiday", "")]),
    )
    assert response.status_code == 200
    assert "不能录入 2027 年" in response.content.decode()
    assert not HolidayYear.objects.exists()


def edit_form(year_obj, new_year, moved_days):
    days = list(year_obj.days.all())
    data = year_form(new_year, [])
    data.update({"days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": str(len(days))})
    for i, day in enumerate(days):
        data.update(
            {
                f"days-{i}-id": str(day.pk),
                f"days-{i}-date": moved_days(day.date).isoformat(),
                f"days-{i}-kind": day.kind,
                f"days-{i}-name": day.name,
                f"days-{i}-DELETE": "",
            }
        )
    return data


@pytest.mark.django_db
def test_admin_renumbering_a_year_checks_days_against_the_new_number(admin):
    year = HolidayYear.objects.create(year=2027, notice="测试数据")
    CalendarDay.objects.create(year=year, date=date(2027, 1, 1), kind="holiday")
    url = reverse("workdays:edit", args=[year.pk])

    # 2027 → 2028 but the day left in 2027: refused.
    response = admin.post(url, edit_form(year, 2028, lambda d: d))
    assert response.status_code == 200
    assert "不能录入 2028 年" in response.content.decode()
    year.refresh_from_db()
    assert year.year == 2027

    # 2027 → 2028 with the day moved too: accepted.
    response = admin.post(url, edit_form(year, 2028, lambda d: d.replace(year=2028)))
    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.year == 2028
    assert list(year.days.values_list("date", flat=True)) == [date(2028, 1, 1)]


@pytest.mark.django_db
def test_admin_edit_changes_the_calendar(admin):
    year = make_test_2027()
    assert get_calendar().is_workday(date(2027, 1, 9))
    days = list(year.days.all())
    data = year_form(2027, [])
    data.update({"days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": str(len(days))})
    for i, day in enumerate(days):
        data.update(
            {
                f"days-{i}-id": str(day.pk),
                f"days-{i}-date": day.date.isoformat(),
                f"days-{i}-kind": day.kind,
                f"days-{i}-name": day.name,
                # delete the make-up Saturday
                f"days-{i}-DELETE": "on" if day.date == date(2027, 1, 9) else "",
            }
        )
    response = admin.post(reverse("workdays:edit", args=[year.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not CalendarDay.objects.filter(date=date(2027, 1, 9)).exists()
    assert not get_calendar().is_workday(date(2027, 1, 9))
