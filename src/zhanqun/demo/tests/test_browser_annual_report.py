"""The published 政府信息公开工作年度报告 in a real browser: a citizen on a 320 px phone
reads the report's tables (each scrolls inside its own box, the page does not) and
downloads its xlsx and PDF; on a desktop the tables fit without scrolling."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PORTAL = "www.yunze.gov.cn"
SECTIONS = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
]


@pytest.fixture
def documents_on_disk(settings, tmp_path):
    """Files on disk, as in production (Wagtail serves a document from its local path; the
    test settings keep files in memory). Asked for before the demo is loaded."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def test_a_citizen_reads_the_annual_report_on_a_phone_and_downloads_it(documents_on_disk, demo_group, browser,
                                                                      site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url(PORTAL, "/zfxxgk/ndbg/"))
    page.get_by_role("link", name=re.compile("年政府信息公开工作年度报告")).first.click()
    expect(page).to_have_title(re.compile("年政府信息公开工作年度报告_云泽市人民政府"))
    for section in SECTIONS:
        expect(page.get_by_role("heading", name=section)).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the page never scrolls sideways
    requests = page.get_by_role("region", name="收到和处理政府信息公开申请情况")
    expect(requests.get_by_role("rowheader", name="一、本年新收政府信息公开申请数量")).to_be_visible()
    widths = requests.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert widths[0] > widths[1]  # the 8-column table scrolls inside its box
    total = requests.get_by_role("columnheader", name="总计")
    requests.evaluate("box => box.scrollIntoView()")
    assert total.bounding_box()["x"] > 320  # off to the right at first…
    requests.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    box = total.bounding_box()  # …and in view once the reader scrolls the table
    assert 0 <= box["x"] and box["x"] + box["width"] <= 320, box

    for name, kind in [("Excel 表格（xlsx）", "spreadsheetml"), ("PDF 文件", "application/pdf")]:
        href = page.get_by_role("link", name=name).get_attribute("href")
        status, content_type = page.evaluate(
            "href => fetch(href).then(r => [r.status, r.headers.get('content-type')])", href
        )
        assert status == 200 and kind in content_type, (name, status, content_type)
    context.close()


def test_on_a_desktop_the_report_tables_fit_the_page(demo_group, page, site_url):
    page.goto(site_url(PORTAL, "/zfxxgk/ndbg/"))
    page.get_by_role("link", name=re.compile("年政府信息公开工作年度报告")).first.click()
    for region in ["主动公开政府信息情况", "收到和处理政府信息公开申请情况"]:
        box = page.get_by_role("region", name=region)
        assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), region
