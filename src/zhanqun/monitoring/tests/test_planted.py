"""A site with one of each problem the inspectors look for, planted, and the scorecard
finding every one of them with the right veto or points; then the content monitor's
own promises: an accepted finding is not raised again, unchanged pages are not screened
again, and a word added to the dictionaries catches a page published before."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from zhanqun.columns.enums import ColumnKind
from zhanqun.columns.models import ColumnPage
from zhanqun.conftest import column
from zhanqun.content.models import ArticlePage, ItemPage
from zhanqun.interaction import factories
from zhanqun.interaction.enums import LetterCategory
from zhanqun.monitoring import scorecard, services
from zhanqun.monitoring.checks import content
from zhanqun.monitoring.enums import CheckCode, FindingStatus, Problem
from zhanqun.monitoring.models import ContentScreening, Finding
from zhanqun.publishing.services import publish_site, site_dir
from zhanqun.review import screening as review_screening

from .conftest import add_item

pytestmark = pytest.mark.django_db

FROM_THE_INSIDE = [c for c in CheckCode.runnable() if c != CheckCode.AVAILABILITY]
COMPLETE_GUIDE = (
    "<p>事项名称：居住证办理</p><p>设定依据：《居住证暂行条例》</p><p>申请条件：在本市居住半年以上</p>"
    "<p>办理材料：居民身份证、居住证明</p><p>办理地点：市政务服务中心一楼</p><p>办理机构：市公安局</p>"
    "<p>收费标准：不收费</p><p>办理时间：工作日 9:00—17:00</p><p>联系电话：0000-12345678</p>"
    "<p>办理流程：申请、受理、审核、发证</p>"
)


def services_column(site, unit):
    col = ColumnPage(title="办事服务", slug="bsfw", kind=ColumnKind.SERVICES, responsible_unit=unit)
    site.root_page.add_child(instance=col)
    col.save_revision().publish()
    return col


def open_of(site, problem):
    return Finding.objects.filter(site=site, problem=problem, status=FindingStatus.OPEN)


@pytest.fixture(autouse=True)
def _fresh_screener():
    review_screening.get_screener.cache_clear()
    yield
    review_screening.get_screener.cache_clear()


def test_the_scorecard_finds_every_planted_problem(published, settings):
    settings.ZHANQUN_MONITOR_RESTORE = False
    portal = published.portal
    office = published.units.office
    news = column(portal, "zwdt")
    with_link = add_item(
        news, "关于公布办事指南的通知", body='<p>详见<a href="/bszn/nonexistent/">办事指南全文</a>。</p>'
    )
    add_item(column(portal, "tzgg"), "关于开展安全检查的通知", days_ago=200)
    secret = add_item(column(portal, "zcjd"), "解读：年度工作安排", body="<p>秘密★1年</p><p>今年重点工作如下。</p>")
    guides = services_column(portal, office)
    complete = add_item(guides, "居住证办理指南", body=COMPLETE_GUIDE)
    partial = add_item(
        guides, "婚姻登记指南", body="<p>事项名称：结婚登记</p><p>办理地点：民政局婚姻登记处</p><p>联系电话：12345</p>"
    )
    publish_site(portal)
    root = site_dir(portal)
    page = root / "zwdt" / "index.html"
    page.write_text(page.read_text("utf-8").replace(portal.siteidentity.site_code, ""), "utf-8")
    (root / "stray.html").write_text("植入的页面", "utf-8")
    mailbox = factories.MailboxFactory(site=portal, unit=office)
    consult = factories.letter(
        mailbox, category=LetterCategory.CONSULT, received_at=timezone.now() - timedelta(days=120)
    )

    runs = services.run_checks([portal], FROM_THE_INSIDE)
    assert not [run.error for run in runs if run.error]
    result = scorecard.evaluate(portal)

    vetoes = {v["code"]: v for v in result["vetoes"]}
    points = {d["code"]: d for d in result["deductions"]}
    # 严重错误: the secret marking, on its page, charged to its unit.
    serious = vetoes["serious_errors"]
    assert serious["evaluated"] and serious["failed"]
    assert [e["page_id"] for e in serious["evidence"]] == [secret.pk]
    assert "秘密" in serious["evidence"][0]["message"] and serious["evidence"][0]["unit"] == office.name
    # 互动回应差: the consultation unanswered for 4 months; also overdue (0.5 points).
    assert vetoes["interaction"]["failed"] and consult.number in vetoes["interaction"]["evidence"][0]["message"]
    assert points["interaction_overdue"]["points"] == 0.5
    # A stale column (通知公告, 200 days) is one point, short of the veto's six.
    assert vetoes["columns_stale"]["value"] == 1 and not vetoes["columns_stale"]["failed"]
    assert points["stale_columns"]["points"] == 1.0
    assert points["stale_columns"]["evidence"][0]["message"].startswith("栏目“通知公告”")
    # Blank columns: every column of the portal with no item at all.
    blank = [
        c.title
        for c in ColumnPage.objects.live().descendant_of(portal.root_page)
        if not Page.objects.live().type(*ItemPage.concrete_types()).descendant_of(c).exists()
    ]
    assert vetoes["columns_blank"]["value"] == len(blank) > 0
    assert points["blank_columns"]["points"] == min(len(blank), 5)
    # The broken link, with the page it is on.
    assert points["broken_links"]["points"] == 0.5
    assert points["broken_links"]["evidence"][0]["url"].endswith(f"/zwdt/{with_link.slug}/")
    # The page that lost its 网站标识码, and the two tampered files (changed, added).
    assert points["identity"]["points"] == 1.0
    assert points["tamper"]["points"] == 4.0 and points["tamper"]["value"] == 2
    # The guide that names 3 of the 10 elements; the complete one passes.
    assert points["service_guides"]["points"] == 1.0
    guide = open_of(portal, Problem.SERVICE_GUIDE_INCOMPLETE).get()
    assert guide.page_id == partial.pk != complete.pk
    assert guide.evidence["missing"] == [
        "设定依据",
        "申请条件",
        "办理材料",
        "办理机构",
        "收费标准",
        "办理时间",
        "办理流程",
    ]
    assert not vetoes["not_updated"]["failed"] and not vetoes["unreachable"]["evaluated"]
    assert result["passed"] is False
    assert result["score"] == 100 - sum(d["points"] for d in result["deductions"])

    # The secret marking is taken out: the next run clears the veto.
    secret.body = "<p>今年重点工作如下。</p>"
    secret.save_revision().publish()
    services.run_check(CheckCode.CONTENT, portal)
    assert not open_of(portal, Problem.CONTENT_FLAGGED).exists()
    assert not next(v for v in scorecard.evaluate(portal)["vetoes"] if v["code"] == "serious_errors")["failed"]


def test_unchanged_pages_are_not_screened_again_and_accepted_findings_stay_accepted(published, monkeypatch):
    from zhanqun.review.models import ScreeningOverride

    portal = published.portal
    item = add_item(column(portal, "zwdt"), "关于测试的说明", body="<p>本文含测试敏感词一处。</p>")
    services.run_check(CheckCode.CONTENT, portal)
    flagged = open_of(portal, Problem.CONTENT_FLAGGED).get()
    assert flagged.page_id == item.pk and "测试敏感词" in flagged.message

    screened = []
    real = review_screening.screen_page
    monkeypatch.setattr(
        review_screening, "screen_page", lambda page, context=None: screened.append(page.pk) or real(page, context)
    )
    services.run_check(CheckCode.CONTENT, portal)
    assert screened == []  # nothing changed since the last run
    assert open_of(portal, Problem.CONTENT_FLAGGED).count() == 1

    # A 保密审查员 accepts the finding in review: the monitor does not raise it again.
    key = ContentScreening.objects.get(page_id=item.pk).findings[0]
    report = real(item.specific)
    ScreeningOverride.objects.create(
        page_id=item.pk,
        page_title=item.title,
        key=report.blocking[0]["key"],
        rule=key["rule"],
        category="sensitive",
        excerpt=key["excerpt"],
        message=key["message"],
        reason="测试用语，经认定可以公开",
        user_name="保密审查员",
    )
    item.save_revision().publish()  # a new live revision: screened again, with the override
    services.run_check(CheckCode.CONTENT, portal)
    assert screened == [item.pk]
    assert not open_of(portal, Problem.CONTENT_FLAGGED).exists()


def test_a_word_added_to_the_dictionaries_catches_a_page_published_before(published, tmp_path, monkeypatch):
    portal = published.portal
    old = add_item(column(portal, "zwdt"), "去年的旧闻", days_ago=300, body="<p>文中出现了新列入的禁用说法。</p>")
    services.run_check(CheckCode.CONTENT, portal)
    assert not open_of(portal, Problem.CONTENT_FLAGGED).exists()

    (tmp_path / "sensitive-local.txt").write_text("新列入的禁用说法\tblock\t本地新增\n", "utf-8")
    monkeypatch.setenv("ZHANQUN_SCREENING_DICT_DIR", str(tmp_path))
    review_screening.get_screener.cache_clear()
    services.run_check(CheckCode.CONTENT, portal)

    flagged = open_of(portal, Problem.CONTENT_FLAGGED).get()
    assert flagged.page_id == old.pk and "新列入的禁用说法" in flagged.message


def test_service_guide_elements_are_recognised_by_their_usual_synonyms():
    assert (
        content.missing_elements(
            "受理条件 申请材料 受理地点 实施机关 不收费 办公时间 咨询电话 办事流程 事项名称 法律依据"
        )
        == []
    )


def test_the_monitor_reports_an_item_without_a_publish_date(published):
    portal = published.portal
    item = add_item(column(portal, "zwdt"), "导入的旧信息")
    ArticlePage.objects.filter(pk=item.pk).update(first_published_at=None)
    services.run_check(CheckCode.CONTENT, portal)
    finding = open_of(portal, Problem.NO_PUBLISH_DATE).get()
    assert finding.page_id == item.pk and finding.message == "信息“导入的旧信息”没有发布日期"
