"""Every kind of public page on a 320px phone (R-UX-3): no sideways scrolling, and no text
squeezed into a column one or two characters wide; the public forms' look and their
accessible errors. Pages are sampled from the small demo group, on the portal and on a
department site."""

import pytest
from playwright.sync_api import expect

from zhanqun.sitegroup.models import SiteIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = 320

# The page's width, and every visible element whose own text has wrapped into a column
# narrower than two characters of its font (a table cell setting a title one character a
# line). Elements inside a visually hidden ancestor (1px wide) are not seen by anyone.
MEASURE = """() => {
  const hidden = (el) => { for (let a = el; a; a = a.parentElement) { const r = a.getBoundingClientRect(); if (r.width <= 1 || r.height <= 1) return true; } return false; };
  const squeezed = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.checkVisibility()) continue;
    const text = Array.from(el.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
    if (text.length < 3) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const line = parseFloat(style.lineHeight) || size * 1.5;
    if (r.width < 2 * size && r.height > 1.6 * line && !hidden(el)) squeezed.push(`${el.tagName}.${el.className} "${text.slice(0, 12)}" ${Math.round(r.width)}px`);
  }
  return {width: document.scrollingElement.scrollWidth, squeezed};
}"""


def sample_pages():
    """(label, domain, path) of one page of each public type, read from the demo data."""
    from zhanqun.cases.models import Case
    from zhanqun.columns.models import ColumnPage, SpecialTopicPage
    from zhanqun.content.models import (
        ArticlePage,
        InterpretationPage,
        LeaderProfilePage,
        NoticePage,
        PolicyDocumentPage,
        ReprintPage,
    )

    portal = SiteIdentity.objects.get(domain="www.yunze.gov.cn").site
    department = SiteIdentity.objects.get(domain="jyj.yunze.gov.cn").site

    def path(page):
        return page.relative_url(page.get_site())

    def newest(model, site, **filters):
        page = model.objects.live().descendant_of(site.root_page).filter(**filters).order_by("-pk").first()
        assert page is not None, f"the demo has no {model.__name__} on {site.hostname}"
        return page

    news = ColumnPage.objects.live().descendant_of(portal.root_page).get(slug="zwdt")
    reports = ColumnPage.objects.live().descendant_of(portal.root_page).get(kind="annual_report")
    request = Case.objects.filter(kind="disclosure_request").order_by("pk").first()
    letter = Case.objects.filter(kind="letter", letter__shown_replied_at__isnull=False).order_by("pk").first()
    assert request is not None and letter is not None, "the demo has no disclosure request or shown letter"
    pages = [
        ("首页", "www.yunze.gov.cn", "/"),
        ("部门首页", "jyj.yunze.gov.cn", "/"),
        ("栏目列表", "www.yunze.gov.cn", path(news)),
        ("文章", "www.yunze.gov.cn", path(newest(ArticlePage, portal, path__startswith=news.path))),
        ("政策文件", "www.yunze.gov.cn", path(newest(PolicyDocumentPage, portal))),
        ("部门政策文件", "jyj.yunze.gov.cn", path(newest(PolicyDocumentPage, department))),
        ("政策解读", "www.yunze.gov.cn", path(newest(InterpretationPage, portal))),
        ("通知公告", "www.yunze.gov.cn", path(newest(NoticePage, portal))),
        ("转载", "www.yunze.gov.cn", path(newest(ReprintPage, portal))),
        ("领导信息", "www.yunze.gov.cn", path(newest(LeaderProfilePage, portal))),
        ("专题专栏", "www.yunze.gov.cn", path(newest(SpecialTopicPage, portal))),
        ("有子栏目的栏目", "www.yunze.gov.cn", path(newest(ColumnPage, portal, kind="disclosure"))),
        ("公开目录", "www.yunze.gov.cn", "/xxgk/catalog/"),
        ("公开指南", "www.yunze.gov.cn", "/xxgk/guide/"),
        ("年度报告栏目", "www.yunze.gov.cn", path(reports)),
        ("年度报告", "www.yunze.gov.cn", path(newest(ArticlePage, portal, path__startswith=reports.path))),
        ("互动交流", "www.yunze.gov.cn", "/hudong/"),
        ("部门互动交流", "jyj.yunze.gov.cn", "/hudong/"),
        ("写信", "www.yunze.gov.cn", "/hudong/xiexin/szxx/"),
        ("来信选登", "www.yunze.gov.cn", "/hudong/huifu/"),
        ("来信详情", "www.yunze.gov.cn", f"/hudong/huifu/{letter.number}/"),
        ("进度查询", "www.yunze.gov.cn", "/hudong/chaxun/"),
        ("统计", "www.yunze.gov.cn", "/hudong/tongji/"),
        ("网页纠错", "jyj.yunze.gov.cn", "/hudong/zhaocuo/"),
        ("依申请公开", "www.yunze.gov.cn", "/xxgk/apply/"),
        ("申请进度", "www.yunze.gov.cn", f"/xxgk/status/?number={request.number}&code={request.query_code}"),
        ("网站地图", "www.yunze.gov.cn", "/sitemap/"),
        ("部门网站地图", "jyj.yunze.gov.cn", "/sitemap/"),
        ("页面不存在", "www.yunze.gov.cn", "/no-such-page/"),
    ]
    return pages


def test_every_kind_of_public_page__fits_a_320px_phone_and_stays_readable(demo_group, browser, site_url):
    context = browser.new_context(viewport={"width": PHONE, "height": 640}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    problems = []
    for label, domain, path in sample_pages():
        response = page.goto(site_url(domain, path))
        expected = 404 if label == "页面不存在" else 200
        assert response.status == expected, f"{label} {path}: HTTP {response.status}"
        expect(page.locator("h1").first).to_be_attached()
        found = page.evaluate(MEASURE)
        if found["width"] > PHONE:
            problems.append(f"{label} {domain}{path}: {found['width']}px wide")
        if found["squeezed"]:
            problems.append(f"{label} {domain}{path}: text squeezed into a narrow column: {found['squeezed'][:5]}")
    context.close()
    assert not problems, "\n".join(problems)


def test_portal_department_news__titles_get_a_line_of_their_own(demo_group, browser, site_url):
    for width in (PHONE, 390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 800, locale="zh-CN")
        page = context.new_page()
        page.goto(site_url("www.yunze.gov.cn"))
        links = page.get_by_test_id("group-news").locator("li > a")
        assert links.count() > 0
        for i in range(links.count()):
            box = links.nth(i).evaluate(
                "a => { const r = a.getBoundingClientRect(); const s = getComputedStyle(a);"
                " return {w: r.width, h: r.height, line: parseFloat(s.lineHeight), size: parseFloat(s.fontSize),"
                " text: a.textContent, title: a.title, full: a.scrollWidth}; }"
            )
            # The whole title is in the link; at most two lines of it are shown, each at
            # least ten characters wide (the one-line row left it four characters).
            assert box["text"] == box["title"] and len(box["text"]) > 4
            assert box["w"] >= min(10 * box["size"], box["full"]), f"{width}px: {box['text']} is {box['w']}px wide"
            assert box["h"] <= 2 * box["line"] + 1, f"{width}px: {box['text']} takes {box['h']}px"
        context.close()


def test_disclosure_request_form__looks_like_the_letter_form_with_errors_beside_the_fields(demo_group, page, site_url):
    page.goto(site_url("www.yunze.gov.cn", "/xxgk/apply/"))
    form = page.get_by_test_id("apply-form")
    # A label for every field, a red * on the required ones.
    expect(form.locator(".hd-field--required label").filter(has_text="身份证明号码")).to_be_visible()
    assert form.locator(".hd-field--required").count() >= 8
    name = page.get_by_label("姓名（法人或其他组织填写经办人）")
    expect(name).to_be_visible()
    page.get_by_role("button", name="提交申请").click()

    expect(page.get_by_role("alert").first).to_contain_text("提交未成功")
    field = page.locator(".hd-field--error").filter(has=page.get_by_label("身份证明号码"))
    expect(field.locator(".hd-error")).to_be_visible()
    # Every aria-describedby of the form names an element of the page (help or errors).
    missing = page.evaluate(
        "() => Array.from(document.querySelectorAll('[aria-describedby]')).flatMap(el =>"
        " el.getAttribute('aria-describedby').split(/\\s+/).filter(id => id && !document.getElementById(id))"
        " .map(id => el.name + ' → ' + id))"
    )
    assert missing == []
    described = page.get_by_label("身份证明号码").get_attribute("aria-describedby")
    error = field.locator(f"#{described.split()[-1]}")  # the error, in the field's own box
    expect(error).to_have_text("请填写身份证明号码。")  # names the field, not Django's bare 必需字段


def test_letter_form__aria_describedby_names_real_elements(demo_group, page, site_url):
    page.goto(site_url("www.yunze.gov.cn", "/hudong/xiexin/szxx/"))
    page.get_by_role("button", name="提交来信").click()
    expect(page.get_by_role("alert").first).to_contain_text("提交未成功")
    ids = page.evaluate(
        "() => Array.from(document.querySelectorAll('[aria-describedby]')).flatMap(el =>"
        " el.getAttribute('aria-describedby').split(/\\s+/))"
    )
    assert ids, "no field points to its help or errors"
    assert [i for i in ids if page.locator(f"#{i}").count() == 0] == []


def test_disclosure_status_page__shows_the_request_and_its_deadline(demo_group, page, site_url):
    from zhanqun.cases.models import Case

    request = Case.objects.filter(kind="disclosure_request", replied_at__isnull=True).order_by("pk").first()
    page.goto(site_url("www.yunze.gov.cn", "/xxgk/status/"))
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".hd-field--error").filter(has=page.get_by_label("查询码"))).to_contain_text("请输入")
    page.get_by_label("申请编号").fill(request.number)
    page.get_by_label("查询码").fill(request.query_code.lower())
    page.get_by_role("button", name="查询").click()
    status = page.get_by_test_id("status")
    expect(status).to_contain_text(request.number)
    expect(status.get_by_test_id("deadline")).to_contain_text("前")
    # The result is headed and set apart from the form, not glued under the button.
    expect(status.get_by_role("heading", name="查询结果")).to_be_visible()
    button = page.get_by_role("button", name="查询").bounding_box()
    result = status.bounding_box()
    assert result["y"] - (button["y"] + button["height"]) >= 16


def answer_captcha(page):
    from captcha.models import CaptchaStore

    key = page.locator('input[name="captcha_0"]').get_attribute("value")
    page.locator('input[name="captcha_1"]').fill(CaptchaStore.objects.get(hashkey=key).response)


def check_receipt(page, label, code):
    found = page.evaluate(MEASURE)
    assert found["width"] <= PHONE and not found["squeezed"], (label, found)
    line = code.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.5")
    assert code.bounding_box()["height"] <= line * 1.5, f"{label}: the query code wraps"


def test_receipts__fit_a_320px_phone_with_the_query_code_on_one_line(demo_group, browser, site_url):
    context = browser.new_context(viewport={"width": PHONE, "height": 640}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url("www.yunze.gov.cn", "/hudong/xiexin/szxx/"))
    page.get_by_label("姓名", exact=True).fill("张三")
    page.get_by_label("联系电话").fill("13800138000")
    page.locator('input[name="category"]').first.check()
    page.get_by_label("标题", exact=True).fill("小区门口道路破损，请尽快修复")
    page.get_by_label("内容", exact=True).fill("人民路与新华街交叉口的路面塌陷，雨天积水，车辆无法通行，请尽快安排修复。")
    answer_captcha(page)
    page.get_by_role("button", name="提交来信").click()
    expect(page.get_by_role("heading", name="提交成功")).to_be_visible()
    check_receipt(page, "来信回执", page.locator(".hd-code"))

    page.goto(site_url("www.yunze.gov.cn", "/xxgk/apply/"))
    page.get_by_label("受理机关").select_option(index=1)
    page.get_by_label("姓名（法人或其他组织填写经办人）").fill("李四")
    page.get_by_label("身份证明号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill("2026年城区道路改造计划")
    answer_captcha(page)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="您的政府信息公开申请已提交")).to_be_visible()
    check_receipt(page, "申请回执", page.get_by_test_id("query-code"))
    context.close()


def test_annual_report_tables__say_they_scroll_on_a_phone(demo_group, browser, site_url):
    """At 320px each table of the annual report scrolls inside its box, and a caption
    above it says so; on a wide screen, where the tables fit, no such caption."""
    from zhanqun.columns.models import ColumnPage
    from zhanqun.content.models import ArticlePage

    portal = SiteIdentity.objects.get(domain="www.yunze.gov.cn").site
    reports = ColumnPage.objects.live().descendant_of(portal.root_page).get(kind="annual_report")
    report = ArticlePage.objects.live().child_of(reports).order_by("-pk").first()
    url = site_url("www.yunze.gov.cn", report.relative_url(portal))
    for width in (PHONE, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 800, locale="zh-CN")
        page = context.new_page()
        page.goto(url)
        boxes = page.locator(".table-scroll")
        assert boxes.count() == 3
        hints = page.get_by_text("左右滑动查看全表")
        if width == PHONE:
            assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
            for i in range(boxes.count()):
                box = boxes.nth(i)
                assert box.evaluate("b => b.scrollWidth > b.clientWidth"), f"table {i + 1} fits: no need to scroll"
                hint = hints.nth(i)
                expect(hint).to_be_visible()
                assert hint.bounding_box()["y"] < box.bounding_box()["y"]  # read before the table
        else:
            for i in range(hints.count()):
                expect(hints.nth(i)).to_be_hidden()
        context.close()
