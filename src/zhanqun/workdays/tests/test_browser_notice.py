"""工作日历 → 从通知导入 in Chromium: from November a 系统管理员 sees that next year is
missing, pastes the notice, checks the preview and saves it — on a desktop and at 320 px;
a 站点管理员's dashboard shows the same warning, read-only.

The 2027 text is TEST DATA (made-up dates), not the official 2027 schedule.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from zhanqun.demo.tests.conftest import CHROMIUM, CHROMIUM_ARGS
from zhanqun.units.enums import Role
from zhanqun.units.permissions import ensure_roles, role_group
from zhanqun.workdays import services
from zhanqun.workdays.models import HolidayYear

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Zhanqun#2026-test"
TEST_2027 = (Path(__file__).resolve().parent / "data" / "notice_2027_test_data.txt").read_text(encoding="utf-8")


@pytest.fixture
def people(transactional_db, django_user_model, monkeypatch):
    services.clear_calendar_cache()  # the database is emptied between tests, not the cache
    ensure_roles()
    monkeypatch.setattr(services, "today", lambda: date(2026, 11, 5))
    users = {}
    for username, role in (("sys", Role.SYSTEM_ADMINISTRATOR), ("op", Role.SITE_OPERATOR)):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(role_group(role))
        users[username] = user
    return users


@pytest.fixture
def browser(people):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sign_in(browser, live_server, username, width):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_test_id("workdays-missing-year")).to_be_visible()
    return page


def screenshot(page, name):
    """Screenshots for a person to look at, when ZHANQUN_SCREENSHOTS names a directory."""
    folder = os.environ.get("ZHANQUN_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 320])
def test_sysadmin_loads_next_year_from_the_notice(browser, live_server, width):
    page = sign_in(browser, live_server, "sys", width)
    warning = page.get_by_test_id("workdays-missing-year")
    expect(warning).to_contain_text("2027 年的放假安排尚未录入")
    warning.get_by_role("link", name="从通知导入").click()

    page.get_by_label("通知原文").fill(TEST_2027.replace("2月20日（周六）上班", "2月20日（周日）上班"))
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("第 3 行：2月20日写的是星期日，但 2027-02-20 是星期六")

    page.get_by_label("通知原文").fill(TEST_2027)
    page.get_by_role("button", name="预览").click()
    preview = page.get_by_test_id("notice-preview")
    expect(preview).to_contain_text("预览：2027 年节假日安排")
    expect(preview.locator("tr", has_text="春节")).to_contain_text("2月5日（星期五）至2月12日（星期五），共 8 天")
    expect(preview.locator("tr", has_text="春节")).to_contain_text("2月20日（星期六）")
    expect(page.get_by_test_id("notice-totals")).to_contain_text("合计：放假 32 天，调休上班 5 天")
    assert no_sideways_scroll(page)
    screenshot(page, f"workdays-preview-{width}")

    page.get_by_role("button", name="保存 2027 年安排").click()
    expect(page.get_by_text("已保存 2027 年节假日安排：放假 32 天，调休上班 5 天。")).to_be_visible()
    expect(page.get_by_test_id("workdays-missing-year")).to_have_count(0)
    assert HolidayYear.objects.get(year=2027).days.count() == 37
    assert no_sideways_scroll(page)
    services.clear_calendar_cache()


@pytest.mark.parametrize("width", [1280, 320])
def test_operator_dashboard_warns_and_links_to_the_calendar_read_only(browser, live_server, width):
    page = sign_in(browser, live_server, "op", width)
    warning = page.get_by_test_id("workdays-missing-year")
    expect(warning).to_contain_text("录入由系统管理员在“设置 → 工作日历”中完成")
    expect(warning.get_by_role("link", name="从通知导入")).to_have_count(0)
    assert no_sideways_scroll(page)
    screenshot(page, f"workdays-operator-{width}")
    warning.get_by_role("link", name="查看工作日历").click()
    expect(page.get_by_test_id("workdays-missing-year")).to_be_visible()
    expect(page.get_by_role("link", name="从通知导入")).to_have_count(0)
