"""The citizen's part in a real browser (Chromium through Playwright, the demo's
fixtures): write to the 市长信箱 on a phone-sized screen, keep the query code, follow the
letter; read an answered letter and rate the reply."""

import re

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from zhanqun.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PORTAL = "www.yunze.gov.cn"


def read_captcha(page):
    key = page.locator('input[name="captcha_0"]').input_value()
    return CaptchaStore.objects.get(hashkey=key).response


def test_a_citizen_writes_to_the_mayor_on_a_phone_and_follows_the_letter(demo_group, browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url(PORTAL, "/hudong/"))
    expect(page.get_by_test_id("site-full-name")).to_have_text("云泽市人民政府")
    page.get_by_role("link", name=re.compile("市长信箱")).click()
    expect(page.get_by_role("heading", name="市长信箱")).to_be_visible()

    # Submitted empty: the browser is not asked to validate (novalidate); the server explains.
    page.get_by_role("button", name="提交来信").click()
    expect(page.get_by_text("请填写您的姓名。")).to_be_visible()

    page.get_by_label("姓名").fill("周小川")
    page.get_by_label("联系电话").fill("13993712345")
    page.get_by_label("建议").check()
    page.get_by_label("标题").fill("建议在人民公园增设公共卫生间")
    page.get_by_label("内容").fill("人民公园北门一带没有公共卫生间，晨练的老人很不方便，建议增设。")
    page.get_by_label("验证码").fill(read_captcha(page))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    page.get_by_role("button", name="提交来信").click()

    expect(page.get_by_test_id("receipt")).to_be_visible()
    number = page.get_by_test_id("case-number").inner_text()
    code = page.get_by_test_id("query-code").inner_text()
    case = Case.objects.get(number=number)
    assert case.subject == "建议在人民公园增设公共卫生间" and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("state")).to_have_text("待分拣")
    expect(page.get_by_test_id("status")).to_contain_text("周**")
    expect(page.get_by_test_id("status")).not_to_contain_text("周小川")
    context.close()


def test_a_citizen_reads_an_answered_letter_and_rates_the_reply(demo_group, page, site_url):
    answered = Case.objects.get(subject="咨询2026年秋季义务教育招生政策")
    page.goto(site_url(PORTAL, "/hudong/huifu/"))
    listing = page.get_by_test_id("answered-list")
    expect(listing).to_contain_text("受理日期")
    expect(listing).to_contain_text("答复部门")
    expect(listing).to_contain_text("云泽市教育局")
    expect(listing).not_to_contain_text("咨询居民阶梯电价分档标准")  # still waiting for moderation
    listing.get_by_role("link", name="咨询2026年秋季义务教育招生政策").click()
    expect(page.get_by_test_id("answered-letter")).to_contain_text("随迁子女")
    expect(page.get_by_test_id("answered-letter")).to_contain_text("刘**")
    expect(page.get_by_test_id("answered-letter")).not_to_contain_text("刘建国")

    page.goto(site_url(PORTAL, "/hudong/chaxun/"))
    page.get_by_label("查询码").fill(answered.query_code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("reply")).to_contain_text("随迁子女")
    page.get_by_label("很满意").check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价。")).to_be_visible()
    answered.refresh_from_db()
    assert answered.rating == 5
