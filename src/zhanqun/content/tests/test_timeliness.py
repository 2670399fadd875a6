"""Publishing timeliness in the back office (R-PUB-5): each item's status on its edit
view, the 发布时效 report of late items per unit and month, and the counts other code
(assessments, R-SUP-4) will call.

2026 calendar: 中秋节 Fri 25 Sep, 国庆节 1–7 Oct, make-up working Saturday 10 Oct.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.content import services
from zhanqun.content.factories import (
    ArticlePageFactory,
    PolicyDocumentPageFactory,
    ReprintPageFactory,
    item_form_data,
)
from zhanqun.content.models import ReprintPage
from zhanqun.content.tests.conftest import logged_in, menu_labels, refused, staff
from zhanqun.content.timeliness import Rule, Status
from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory

pytestmark = pytest.mark.django_db

BEIJING = timezone.get_fixed_timezone(8 * 60)


def at(*args):
    return datetime.datetime(*args, tzinfo=BEIJING)


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def panel_status(client, page):
    panel = soup(client.get(edit_url(page))).find(attrs={"data-testid": "timeliness-status"})
    assert panel is not None, "no 发布时效 panel on the edit view"
    return panel.get_text(strip=True)


@pytest.fixture
def portal_documents(site_group):
    return column(site_group.portal, "zfwj")  # the office's


@pytest.fixture
def fgw_documents(site_group):
    return column(site_group.department, "zfwj")  # the 发改委's


def late_policy(parent, title="关于国庆节期间安全生产工作的通知"):
    """Formed on the Friday before National Day, published on the 4th working day after."""
    return PolicyDocumentPageFactory(
        parent=parent,
        title=title,
        written_date=datetime.date(2026, 9, 25),
        publish_date=datetime.date(2026, 10, 8),
        formed_date=datetime.date(2026, 9, 25),
        first_published_at=at(2026, 10, 8, 10, 0),
    )


# --- the item's own status -------------------------------------------------------------------------


def test_policy_document_formed_friday_before_national_day__published_on_4th_working_day__shows_1_working_day_late(
    site_group, operator, portal_documents
):
    policy = late_policy(portal_documents)
    assert panel_status(logged_in(operator), policy) == "超期1个工作日"


def test_policy_document_published_the_first_working_day_after_the_holiday__is_on_time(
    site_group, operator, portal_documents
):
    policy = PolicyDocumentPageFactory(
        parent=portal_documents, formed_date=datetime.date(2026, 9, 30), first_published_at=at(2026, 10, 8, 9, 0)
    )
    assert panel_status(logged_in(operator), policy) == "按时发布"


def test_item_never_published__counts_to_today_and_says_it_is_overdue(site_group, operator, portal_documents):
    draft = PolicyDocumentPageFactory(parent=portal_documents, formed_date=datetime.date(2026, 9, 25), live=False)
    assert panel_status(logged_in(operator), draft).startswith("未发布，已超期")


def test_item_in_a_year_without_a_holiday_schedule__says_it_cannot_be_computed(site_group, operator, portal_documents):
    policy = PolicyDocumentPageFactory(parent=portal_documents, formed_date=datetime.date(2040, 1, 2), live=False)
    panel = soup(logged_in(operator).get(edit_url(policy))).find(attrs={"data-testid": "timeliness-panel"})
    assert "无法计算发布时效" in panel.get_text() and "设置 → 工作日历" in panel.get_text()


def test_news__follows_the_3_calendar_day_rule(site_group):
    news = column(site_group.portal, "zwdt")
    article = ArticlePageFactory(
        parent=news, formed_date=datetime.date(2026, 9, 30), first_published_at=at(2026, 10, 3, 9, 0)
    )
    result = article.get_timeliness()
    assert result.rule == Rule.ORDINARY
    assert result.status == Status.ON_TIME  # the 3rd day after the meeting, holiday or not


def test_article_in_a_disclosure_column__follows_the_3_working_day_rule(site_group):
    key_areas = column(site_group.portal, "zdly")  # 政府信息公开 → 重点领域
    article = ArticlePageFactory(
        parent=key_areas, formed_date=datetime.date(2026, 9, 25), first_published_at=at(2026, 10, 8, 9, 0)
    )
    assert article.get_timeliness_rule() == Rule.ACTIVE_DISCLOSURE
    assert article.get_timeliness().label == "超期1个工作日"


def test_reprint_of_a_superior_s_important_policy__has_12_hours_from_the_original(site_group):
    news = column(site_group.portal, "zwdt")
    reprint = ReprintPageFactory(
        parent=news,
        superior_policy=True,
        source_published_at=at(2026, 10, 1, 20, 0),
        formed_date=datetime.date(2026, 10, 1),
        first_published_at=at(2026, 10, 2, 11, 0),
    )
    assert reprint.get_timeliness().label == "超期3小时"


def test_reprint_marked_as_superior_policy__needs_the_original_s_time_in_the_editor(site_group, admin_host_client):
    news = column(site_group.portal, "zwdt")
    data = item_form_data(
        site_group.units.office,
        title="国务院关于进一步优化营商环境的意见",
        slug="yshj",
        source_name="中国政府网",
        source_url="https://www.gov.cn/zhengce/content/202610/content_7000002.htm",
        source_published_on="2026-10-01",
        superior_policy="on",
        source_published_at="",
    )
    response = admin_host_client.post(reverse("wagtailadmin_pages:add", args=["content", "reprintpage", news.pk]), data)
    assert response.status_code == 200
    assert "上级重要政策须填写原文发布时间，12小时转载时限从此时起算。" in response.content.decode()
    assert not ReprintPage.objects.filter(slug="yshj").exists()


# --- counts for assessments ------------------------------------------------------------------------


def test_timeliness_counts__per_unit_for_a_period(site_group, portal_documents, fgw_documents):
    late_policy(portal_documents)
    PolicyDocumentPageFactory(
        parent=portal_documents, formed_date=datetime.date(2026, 9, 30), first_published_at=at(2026, 10, 8, 9, 0)
    )
    late_policy(fgw_documents)
    PolicyDocumentPageFactory(parent=fgw_documents, formed_date=datetime.date(2026, 9, 28), live=False)
    PolicyDocumentPageFactory(  # another month: not counted
        parent=fgw_documents, formed_date=datetime.date(2026, 10, 12), first_published_at=at(2026, 11, 30, 9, 0)
    )

    counts = {c.unit.name: c for c in services.timeliness_counts(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))}

    office, fgw = counts["云泽市人民政府办公室"], counts["云泽市发展和改革委员会"]
    assert (office.on_time, office.late, office.overdue) == (1, 1, 0)
    assert office.on_time_rate == 0.5
    assert (fgw.on_time, fgw.late, fgw.overdue) == (0, 1, 1)
    assert fgw.beyond_legal_limit == 1  # the draft formed on 28 Sep has waited far more than 20 working days


# --- the 发布时效 report -----------------------------------------------------------------------------


def report(client, **params):
    return client.get(reverse("content_reports:timeliness"), {"month": "2026-09", **params})


def listed_titles(response):
    page = soup(response)
    return {a.get_text(strip=True) for a in page.select("#listing-results table:not([data-testid]) td a")}


def test_report__a_site_operator_sees_every_unit_s_late_items(site_group, operator, portal_documents, fgw_documents):
    late_policy(portal_documents, title="政府办公室的超期文件")
    late_policy(fgw_documents, title="发改委的超期文件")
    PolicyDocumentPageFactory(
        parent=fgw_documents,
        title="发改委的按时文件",
        formed_date=datetime.date(2026, 9, 30),
        first_published_at=at(2026, 10, 8, 9, 0),
    )
    response = report(logged_in(operator))
    assert listed_titles(response) == {"政府办公室的超期文件", "发改委的超期文件"}
    assert "超期1个工作日" in response.content.decode()
    summary = soup(response).find(attrs={"data-testid": "timeliness-summary"}).get_text()
    assert "云泽市发展和改革委员会" in summary and "50%" in summary


def test_report__filtered_by_unit(site_group, operator, portal_documents, fgw_documents):
    late_policy(portal_documents, title="政府办公室的超期文件")
    late_policy(fgw_documents, title="发改委的超期文件")
    response = report(logged_in(operator), unit=site_group.units.fgw.pk)
    assert listed_titles(response) == {"发改委的超期文件"}


def test_report__filtered_by_month(site_group, operator, portal_documents):
    late_policy(portal_documents, title="九月的超期文件")
    assert listed_titles(report(logged_in(operator), month="2026-10")) == set()


def test_report__an_editor_of_fgw_sees_only_fgw_s_items(site_group, fgw_editor, portal_documents, fgw_documents):
    late_policy(portal_documents, title="政府办公室的超期文件")
    late_policy(fgw_documents, title="发改委的超期文件")
    client = logged_in(fgw_editor)
    assert listed_titles(report(client)) == {"发改委的超期文件"}
    assert listed_titles(report(client, unit=site_group.units.office.pk)) == set()


def test_report__is_closed_to_staff_without_a_unit_or_an_office_role(site_group):
    head_without_unit = UserFactory(username="nobody", roles=[Role.UNIT_HEAD])
    client = logged_in(head_without_unit)
    assert refused(report(client))
    assert "发布时效" not in menu_labels(client)


def test_report__exports_a_spreadsheet(site_group, auditor, portal_documents):
    late_policy(portal_documents)
    response = report(logged_in(auditor), export="csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "超期1个工作日" in text and "信息形成日期" in text


def test_report__on_the_reports_menu_for_an_office_reviewer(site_group):
    reviewer = staff("office_reviewer", site_group.units.office, Role.OFFICE_REVIEWER)
    client = logged_in(reviewer)
    assert "发布时效" in menu_labels(client)
    assert client.get(reverse("content_reports:timeliness")).status_code == 200
