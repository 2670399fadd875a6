"""访问统计 in Chromium: a 站点管理员 opens it from the menu, reads the chart and the
rankings, narrows the date range and downloads the CSV."""

import os
import shutil

import pytest
from playwright.sync_api import expect

from zhanqun.analytics import ingest
from zhanqun.conftest import column, make_site_group
from zhanqun.demo.tests.conftest import CHROMIUM, CHROMIUM_ARGS
from zhanqun.units.enums import Role
from zhanqun.units.factories import PASSWORD, UserFactory

from .conftest import PHONE, SPIDER, add_item, days_ago, line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chromium(transactional_db):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browsers`.")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_site_operator_reads_the_views_and_downloads_them(chromium, live_server, tmp_path):
    from wagtail.models import Site

    portal = Site.objects.get(pk=make_site_group()["portal"])
    item = add_item(column(portal, "zwdt"), "市政府召开常务会议", "cwhy")
    path = item.get_url_parts()[2]
    log = tmp_path / "access.log"
    log.write_text(
        line(path, day=days_ago(3))
        + line(path, day=days_ago(3), address="198.51.100.2", agent=PHONE)
        + line("/", day=days_ago(1))
        + line(path, day=days_ago(1), agent=SPIDER)
        + line("/static/zhanqun/site.css", day=days_ago(1)),
        encoding="utf-8",
    )
    ingest.ingest([log])
    UserFactory(username="yunwei", first_name="运维", last_name="王", roles=[Role.SITE_OPERATOR])

    context = chromium.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", "yunwei")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="访问统计").click()

    expect(page.get_by_role("heading", name="云泽市人民政府：", exact=False)).to_be_visible()
    expect(page.locator('[data-total="views"]')).to_have_text("3")
    chart = page.get_by_role("img", name="每日浏览量（柱）和访客数（线）")
    expect(chart).to_be_visible()
    expect(chart.locator(f'rect[data-date="{days_ago(3).isoformat()}"]')).to_have_attribute("data-views", "2")
    items = page.locator("#analytics-items-table")
    expect(items.get_by_role("link", name="市政府召开常务会议")).to_have_attribute("href", item.get_full_url())
    expect(page.locator("#analytics-columns-table")).to_contain_text("政务动态")

    page.get_by_label("开始日期").fill(days_ago(2).isoformat())
    page.get_by_role("button", name="查看").click()
    expect(page.locator('[data-total="views"]')).to_have_text("1")
    expect(page.get_by_text("这段时间没有信息浏览记录。")).to_be_visible()

    page.get_by_label("开始日期").fill(days_ago(7).isoformat())
    page.get_by_role("button", name="查看").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="导出信息数据（CSV）").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "市政府召开常务会议,政务动态," in text and text.splitlines()[1].endswith(",2,2")
    context.close()
