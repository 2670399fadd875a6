"""The 工作日历 screen's notice import and the missing-year warnings (issue 14, part 3).

Texts for 2027 here are TEST DATA (made-up dates), not the official 2027 schedule.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from zhanqun.units.enums import Role
from zhanqun.units.permissions import ensure_roles, role_group
from zhanqun.workdays import services
from zhanqun.workdays.models import HolidayYear
from zhanqun.workdays.services import clear_calendar_cache, get_calendar, missing_next_year
from zhanqun.workdays.signals import year_loaded

ADMIN_HOST = "localhost"
NOTICES = Path(__file__).resolve().parent / "data" / "notices"
TEST_2027 = (NOTICES.parent / "notice_2027_test_data.txt").read_text(encoding="utf-8")
BEFORE_NOVEMBER = date(2026, 10, 20)
IN_NOVEMBER = date(2026, 11, 5)


@contextmanager
def today_is(day):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services, "today", lambda: day)
        yield


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def client_for(user) -> Client:
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


@pytest.fixture
def roles(db):
    ensure_roles()


@pytest.fixture
def sysadmin(roles, django_user_model):
    user = django_user_model.objects.create_user("sys", password="pw", is_staff=True)
    user.groups.add(role_group(Role.SYSTEM_ADMINISTRATOR))
    return user


@pytest.fixture
def operator(roles, django_user_model):
    user = django_user_model.objects.create_user("op", password="pw", is_staff=True)
    user.groups.add(role_group(Role.SITE_OPERATOR))
    return user


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------------------
# paste → preview → save
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_sysadmin_previews_the_pasted_notice_in_chinese_and_nothing_is_saved_yet(sysadmin):
    client = client_for(sysadmin)
    url = reverse("workdays:import_notice")
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": (NOTICES / "2026.txt").read_text(), "action": "preview"})
    page = text_of(response)
    assert "预览：2026 年节假日安排" in page
    assert "春节 2月15日（星期日）至2月23日（星期一），共 9 天 2月14日（星期六）、2月28日（星期六）" in page
    assert "合计：放假 33 天，调休上班 6 天" in page
    assert "保存 2026 年安排" in page
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
def test_saving_the_previewed_notice_loads_the_year_audits_it_and_signals_it(sysadmin):
    client = client_for(sysadmin)
    url = reverse("workdays:import_notice")
    preview = client.post(url, {"text": TEST_2027, "action": "preview"})
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    received = []
    year_loaded.connect(
        lambda sender, **kw: received.append((kw["year"], kw["origin"], kw["user"])),
        weak=False,
        dispatch_uid="test-admin-notice",
    )
    try:
        response = client.post(url, {"text": TEST_2027, "action": "save", "digest": digest})
    finally:
        year_loaded.disconnect(dispatch_uid="test-admin-notice")
    assert response.status_code == 302 and response.url == reverse("workdays:index")
    year = HolidayYear.objects.get(year=2027)
    assert year.days.count() == 37
    assert get_calendar().add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert received == [(2027, "notice", sysadmin)]
    entry = ModelLogEntry.objects.get(action="workdays.import_notice")
    assert entry.user == sysadmin and entry.data["holidays"] == 32 and entry.data["workdays"] == 5
    listing = text_of(client.get(reverse("workdays:index")))
    assert "已保存 2027 年节假日安排：放假 32 天，调休上班 5 天" in listing


@pytest.mark.django_db
def test_a_text_changed_after_the_preview_is_previewed_again_not_saved(sysadmin):
    client = client_for(sysadmin)
    url = reverse("workdays:import_notice")
    preview = client.post(url, {"text": TEST_2027, "action": "preview"})
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    changed = TEST_2027.replace("2月20日（周六）", "2月21日（周日）")
    page = text_of(client.post(url, {"text": changed, "action": "save", "digest": digest}))
    assert "原文在预览后改动过" in page and "2月21日（星期日）" in page
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
def test_unreadable_text_shows_the_line_and_saves_nothing(sysadmin):
    client = client_for(sysadmin)
    bad = TEST_2027.replace("2月20日（周六）上班", "2月20日（周六）待定")
    page = text_of(client.post(reverse("workdays:import_notice"), {"text": bad, "action": "save"}))
    assert "通知中有无法读懂的内容，未保存任何数据" in page
    assert "第 3 行：看不懂“…待定”中的日期是放假还是上班" in page
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["preview", "save"])
def test_a_notice_cut_after_the_spring_festival_has_no_preview_and_no_save_button(sysadmin, action):
    cut = "\n".join(TEST_2027.splitlines()[:3])  # the title, 元旦 and 春节 only
    response = client_for(sysadmin).post(reverse("workdays:import_notice"), {"text": cut, "action": action})
    page = text_of(response)
    assert "通知中没有读到：清明节、劳动节、端午节、中秋节、国庆节。请粘贴通知全文。" in page
    assert "未保存任何数据" in page
    assert "合计" not in page and "预览：2027" not in page
    assert 'value="save"' not in response.content.decode() and "保存 2027 年安排" not in page
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
def test_an_existing_year_is_replaced_only_when_asked(sysadmin):
    client = client_for(sysadmin)
    url = reverse("workdays:import_notice")
    HolidayYear.objects.create(year=2027, notice="旧数据")
    preview = client.post(url, {"text": TEST_2027, "action": "preview"})
    assert "2027 年已在工作日历中" in text_of(preview)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    page = text_of(client.post(url, {"text": TEST_2027, "action": "save", "digest": digest}))
    assert "请勾选“覆盖已录入的该年安排”" in page
    assert HolidayYear.objects.get(year=2027).days.count() == 0
    client.post(url, {"text": TEST_2027, "action": "save", "digest": digest, "replace": "on"})
    assert HolidayYear.objects.get(year=2027).days.count() == 37


@pytest.mark.django_db
def test_operator_may_look_at_the_calendar_but_not_import(operator):
    client = client_for(operator)
    assert client.get(reverse("workdays:index")).status_code == 200
    assert client.get(reverse("workdays:import_notice")).status_code in (302, 403)
    assert "从通知导入" not in text_of(client.get(reverse("workdays:index")))


# ---------------------------------------------------------------------------
# from 1 November: next year's schedule is missing
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_missing_next_year_only_from_november_and_only_while_not_loaded():
    assert missing_next_year(date(2026, 10, 31)) is None
    assert missing_next_year(date(2026, 11, 1)) == 2027
    assert missing_next_year(date(2025, 11, 1)) is None  # 2026 is in the package


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["sysadmin", "operator"])
def test_dashboards_warn_from_november_that_next_year_is_missing(who, request):
    user = request.getfixturevalue(who)
    client = client_for(user)
    with today_is(BEFORE_NOVEMBER):
        assert "2027 年的放假安排尚未录入" not in text_of(client.get(reverse("wagtailadmin_home")))
    with today_is(IN_NOVEMBER):
        response = client.get(reverse("wagtailadmin_home"))
    page = text_of(response)
    assert "2027 年的放假安排尚未录入" in page
    assert "zhanqun" not in page and "import-notice" not in page  # no shell commands on screen
    html = response.content.decode()
    if who == "sysadmin":
        assert reverse("workdays:import_notice") in html
    else:
        assert reverse("workdays:index") in html and reverse("workdays:import_notice") not in html
    # loading the year ends the warning
    HolidayYear.objects.create(year=2027, notice="测试")
    with today_is(IN_NOVEMBER):
        assert "2027 年的放假安排尚未录入" not in text_of(client.get(reverse("wagtailadmin_home")))


@pytest.mark.django_db
def test_other_roles_dashboards_do_not_show_the_warning(roles, django_user_model):
    user = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    user.groups.add(role_group(Role.UNIT_EDITOR))
    with today_is(IN_NOVEMBER):
        assert "尚未录入" not in text_of(client_for(user).get(reverse("wagtailadmin_home")))


@pytest.mark.django_db
def test_workday_calendar_screen_warns_and_offers_the_import(sysadmin):
    client = client_for(sysadmin)
    with today_is(IN_NOVEMBER):
        page = text_of(client.get(reverse("workdays:index")))
    assert "2027 年的放假安排尚未录入" in page and "从通知导入" in page
