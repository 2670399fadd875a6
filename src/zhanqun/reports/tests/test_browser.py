"""The report page in Chromium: the 政府办公室审核员 signs in, opens 统计报告 from the
menu and reads the demo's monthly report — its tables and its server-drawn charts."""

import re

import pytest
from playwright.sync_api import expect

from zhanqun.demo.loader import DEMO_PASSWORD
from zhanqun.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_office_reviewer_reads_the_monthly_report(demo_group, page, live_server):
    report = Report.objects.get(kind="monthly")  # made by the demo (reports/demo.py)
    page.goto(f"{live_server.url}/admin/")
    page.fill("input[name=username]", "office_reviewer")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_role("button", name="统计报告").click()
    page.get_by_role("link", name="报告列表").click()
    expect(page.get_by_test_id("report-list")).to_contain_text(report.title)
    page.get_by_role("link", name=report.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
    summary = page.get_by_test_id("summary")
    expect(summary.locator("tr", has_text="发布信息").first).to_contain_text(str(report.data["totals"]["items"]))
    expect(page.get_by_test_id("sites")).to_contain_text("云泽市人民政府")
    # The criticised unit (demo: 民政局, this year) is barred from this year's awards.
    expect(page.get_by_test_id("ranking").locator("tr", has_text="云泽市民政局")).to_contain_text(
        "不得参加本年度评优评先"
    )
    chart = page.locator(".reports-chart svg").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    expect(page.get_by_role("img", name=re.compile("各栏目发布信息数")).first).to_be_visible()
    expect(page.get_by_role("link", name="下载 Excel")).to_be_visible()
    expect(page.get_by_role("button", name="生成考评通报")).to_be_visible()
