"""What a person sees on the demo's public sites, in a real browser (R-SITE-2, R-PUB-6)."""

import re

import pytest
from playwright.sync_api import expect

from zhanqun.sitegroup.models import SiteIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def identity_for(domain):
    return SiteIdentity.objects.get(domain=domain)


def test_portal__header_shows_full_name_and_footer_every_identity_item(demo_group, page, site_url):
    identity = identity_for("www.yunze.gov.cn")
    page.goto(site_url("www.yunze.gov.cn"))

    expect(page.get_by_test_id("site-full-name")).to_have_text("云泽市人民政府")
    expect(page).to_have_title(re.compile("云泽市人民政府"))
    footer = page.get_by_test_id("site-footer")
    for label, value in [
        ("主办单位", identity.sponsor),
        ("承办单位", identity.organizer),
        ("联系电话", identity.phone),
        ("联系邮箱", identity.email),
        ("联系地址", identity.address),
        ("网站标识码", identity.site_code),
        ("ICP备案编号", identity.icp_number),
        ("公安机关备案号", identity.police_number),
    ]:
        expect(footer).to_contain_text(f"{label}：{value}")
    expect(footer.get_by_role("link", name="我为政府网站找错")).to_have_attribute(
        "href", re.compile(f"sitecode={identity.site_code}")
    )
    expect(footer.get_by_role("link", name=re.compile("党政机关网站标识"))).to_be_visible()
    footer.get_by_role("link", name="网站地图").click()
    expect(page.get_by_role("heading", name="网站地图")).to_be_visible()
    for column in ["政务动态", "政府信息公开", "公开指南", "年度报告", "政策解读"]:
        expect(page.locator(".site-map").get_by_role("link", name=column, exact=True)).to_be_visible()


def test_department_site__shows_its_own_name_and_identity(demo_group, page, site_url):
    identity = identity_for("fgw.yunze.gov.cn")
    page.goto(site_url("fgw.yunze.gov.cn"))

    expect(page.get_by_test_id("site-full-name")).to_have_text("云泽市发展和改革委员会")
    footer = page.get_by_test_id("site-footer")
    expect(footer).to_contain_text(f"网站标识码：{identity.site_code}")
    expect(footer).not_to_contain_text("网站标识码：6209810001")  # not the portal's
    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="政府信息公开").click()
    for column in ["机构职能", "领导信息", "公开指南", "公开制度", "公开目录", "年度报告", "通知公告", "政府文件", "重点领域"]:
        expect(page.locator(".subcolumns").get_by_role("link", name=column, exact=True)).to_be_visible()


def test_policy_document_and_its_interpretation_link_to_each_other(demo_group, page, site_url):
    page.goto(site_url("www.yunze.gov.cn"))
    page.get_by_role("navigation", name="栏目导航").get_by_role("link", name="政策解读").click()
    page.locator(".item-list a").first.click()
    interpretation_title = page.locator("h1.item-title").inner_text()

    document_link = page.get_by_test_id("related-document").get_by_role("link")
    document_title = document_link.inner_text()
    document_link.click()

    expect(page.locator("h1.item-title")).to_have_text(document_title)
    expect(page.get_by_test_id("doc-meta")).to_contain_text("发文字号")
    related = page.get_by_test_id("related-interpretations")
    expect(related.get_by_role("link", name=interpretation_title)).to_be_visible()
    related.get_by_role("link", name=interpretation_title).click()
    expect(page.locator("h1.item-title")).to_have_text(interpretation_title)


def test_home_pages_on_a_phone__fit_the_screen(demo_group, browser, site_url):
    # A mobile browser widens its layout viewport to fit wide content (innerWidth grows
    # with it), so the page is compared with the phone's own width.
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    for domain in ("www.yunze.gov.cn", "fgw.yunze.gov.cn"):
        page.goto(site_url(domain))
        expect(page.get_by_test_id("site-full-name")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{domain} is {width}px wide on a 375px phone screen"
    context.close()
