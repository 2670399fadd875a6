"""委托发布 — a unit asks the government office to publish for it (R-PUB-9).

The 发改委's editor sends a request with its text and files; the office's staff see
the queue, turn a request into a draft in a column with one action, or return it
with a reason; editors see only their own unit's requests.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_factories import DocumentFactory

from zhanqun.commissions.enums import CommissionStatus
from zhanqun.commissions.factories import CommissionFactory, CommissionFileFactory
from zhanqun.commissions.models import Commission
from zhanqun.conftest import column
from zhanqun.content.models import ArticlePage, NoticePage
from zhanqun.content.tests.conftest import logged_in, menu_labels, refused, staff
from zhanqun.units.enums import Role
from zhanqun.units.factories import UserFactory

pytestmark = pytest.mark.django_db


def page_text(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def listed(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("#listing-results tbody td a")]


@pytest.fixture
def fgw_request(site_group):
    commission = CommissionFactory(unit=site_group.units.fgw, title="发改委：第四批重点项目集中开工")
    CommissionFileFactory(commission=commission, title="第四批重点项目清单.xlsx")
    return commission


@pytest.fixture
def education_request(site_group):
    return CommissionFactory(unit=site_group.units.education, title="教育局：秋季学期开学工作部署")


@pytest.fixture
def office_reviewer(site_group):
    return staff("office_reviewer", site_group.units.office, Role.OFFICE_REVIEWER)


# --- who sees what -------------------------------------------------------------------------------------


def test_an_editor_of_fgw_sees_only_fgw_s_requests(site_group, fgw_editor, fgw_request, education_request):
    client = logged_in(fgw_editor)
    assert listed(client.get(reverse("commissions:index"))) == ["发改委：第四批重点项目集中开工"]
    assert client.get(reverse("commissions:inspect", args=[education_request.pk])).status_code == 404
    assert client.get(reverse("commissions:edit", args=[education_request.pk])).status_code == 404


def test_office_staff_see_every_unit_s_requests_waiting_ones_first(
    site_group, office_reviewer, operator, fgw_request, education_request
):
    education_request.status = CommissionStatus.RETURNED
    education_request.save()
    newer = CommissionFactory(unit=site_group.units.fgw, title="发改委：价格监测周报")
    for user in (office_reviewer, operator):
        titles = listed(logged_in(user).get(reverse("commissions:index")))
        assert titles == ["发改委：价格监测周报", "发改委：第四批重点项目集中开工", "教育局：秋季学期开学工作部署"]
    assert newer.is_pending


# --- sending a request ------------------------------------------------------------------------------------


def request_form_data(unit, document=None, **fields):
    data = {
        "unit": unit.pk,
        "title": "发改委：第五批重点项目集中开工",
        "publish_date": "2026-11-25",
        "formed_date": "2026-11-21",
        "source": "云泽市发展和改革委员会",
        "form": "text_images",
        "suggested_column": "",
        "requirements": "请在门户网站政务动态发布。",
        "content": rich_text("<p>11月21日，全市第五批重点项目集中开工。</p>"),
        "files": inline_formset([{"document": document.pk, "title": "项目清单"}] if document else []),
    }
    data.update(fields)
    return nested_form_data(data)


def test_an_editor_sends_a_request_in_their_own_unit_s_name(site_group, fgw_editor):
    document = DocumentFactory(title="第五批项目清单")
    data = request_form_data(site_group.units.education, document)  # tries another unit
    response = logged_in(fgw_editor).post(reverse("commissions:add"), data)
    assert response.status_code == 302, page_text(response)[:2000]
    commission = Commission.objects.get(title="发改委：第五批重点项目集中开工")
    assert commission.unit == site_group.units.fgw
    assert commission.submitted_by == fgw_editor
    assert commission.status == CommissionStatus.PENDING
    assert [f.document for f in commission.files.all()] == [document]


def test_staff_without_a_unit_cannot_send_a_request(site_group):
    editor = UserFactory(username="no_unit_editor", roles=[Role.UNIT_EDITOR])
    response = logged_in(editor).post(reverse("commissions:add"), request_form_data(site_group.units.fgw))
    assert "您的账号未设置所属单位" in page_text(response)
    assert not Commission.objects.exists()


# --- turning it into a draft -------------------------------------------------------------------------


def test_turning_a_request_into_a_draft_creates_an_unpublished_article_in_the_column_with_its_text_and_files(
    site_group, operator, fgw_request
):
    news = column(site_group.portal, "zwdt")
    document = fgw_request.files.get().document
    response = logged_in(operator).post(
        reverse("commissions:draft", args=[fgw_request.pk]), {"column": news.pk, "draft_type": "article"}
    )

    page = ArticlePage.objects.child_of(news).get(title="发改委：第四批重点项目集中开工")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.first_published_at is None
    draft = page.get_latest_revision_as_object()
    assert "全市第四批重点项目集中开工" in draft.body
    assert f'<a linktype="document" id="{document.pk}">第四批重点项目清单.xlsx</a>' in draft.body
    assert draft.responsible_unit == site_group.units.fgw
    assert draft.formed_date == datetime.date(2026, 11, 20)
    assert draft.source == "云泽市发展和改革委员会"

    fgw_request.refresh_from_db()
    assert fgw_request.status == CommissionStatus.DRAFTED
    assert fgw_request.draft_page_id == page.pk
    assert fgw_request.handled_by == operator and fgw_request.handled_at is not None
    assert PageLogEntry.objects.filter(page=page, action="commissions.draft_from_request", user=operator).exists()


def test_a_request_can_become_a_notice(site_group, office_reviewer, fgw_request):
    notices = column(site_group.portal, "tzgg")
    logged_in(office_reviewer).post(
        reverse("commissions:draft", args=[fgw_request.pk]), {"column": notices.pk, "draft_type": "notice"}
    )
    notice = NoticePage.objects.child_of(notices).get()
    assert notice.issuer == "云泽市发展和改革委员会" and not notice.live


def test_the_draft_links_back_to_its_request(site_group, operator, fgw_request):
    news = column(site_group.portal, "zwdt")
    client = logged_in(operator)
    client.post(reverse("commissions:draft", args=[fgw_request.pk]), {"column": news.pk, "draft_type": "article"})
    fgw_request.refresh_from_db()
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=[fgw_request.draft_page_id])).content.decode()
    assert reverse("commissions:inspect", args=[fgw_request.pk]) in edit_view
    inspect = page_text(client.get(reverse("commissions:inspect", args=[fgw_request.pk])))
    assert "已转为草稿" in inspect and "operator" in inspect


def test_a_drafted_request_cannot_be_drafted_twice_nor_changed_by_its_unit(
    site_group, operator, fgw_editor, fgw_request
):
    news = column(site_group.portal, "zwdt")
    client = logged_in(operator)
    client.post(reverse("commissions:draft", args=[fgw_request.pk]), {"column": news.pk, "draft_type": "article"})
    client.post(reverse("commissions:draft", args=[fgw_request.pk]), {"column": news.pk, "draft_type": "article"})
    assert ArticlePage.objects.child_of(news).filter(title=fgw_request.title).count() == 1
    assert refused(logged_in(fgw_editor).get(reverse("commissions:edit", args=[fgw_request.pk])))


def test_an_editor_cannot_turn_a_request_into_a_draft(site_group, fgw_editor, fgw_request):
    news = column(site_group.department, "zwdt")
    response = logged_in(fgw_editor).post(
        reverse("commissions:draft", args=[fgw_request.pk]), {"column": news.pk, "draft_type": "article"}
    )
    assert refused(response)
    fgw_request.refresh_from_db()
    assert fgw_request.status == CommissionStatus.PENDING
    assert not ArticlePage.objects.filter(title=fgw_request.title).exists()


# --- returning it ---------------------------------------------------------------------------------------


def test_a_returned_request_shows_the_reason_to_its_unit_and_goes_back_in_the_queue_when_changed(
    site_group, operator, fgw_editor, fgw_request
):
    reason = "请补充项目总投资的数据来源。"
    logged_in(operator).post(reverse("commissions:return", args=[fgw_request.pk]), {"reason": reason})
    fgw_request.refresh_from_db()
    assert fgw_request.status == CommissionStatus.RETURNED and fgw_request.handled_by == operator

    editor = logged_in(fgw_editor)
    assert reason in page_text(editor.get(reverse("commissions:inspect", args=[fgw_request.pk])))
    data = request_form_data(
        site_group.units.fgw, title=fgw_request.title, content=rich_text("<p>补充了数据来源。</p>")
    )
    response = editor.post(reverse("commissions:edit", args=[fgw_request.pk]), data)
    assert response.status_code == 302
    fgw_request.refresh_from_db()
    assert fgw_request.status == CommissionStatus.PENDING
    actions = list(
        ModelLogEntry.objects.for_instance(fgw_request).order_by("pk").values_list("action", "user__username")
    )
    assert ("commissions.return", "operator") in actions
    assert actions[-1] == ("commissions.resubmit", "fgw_editor")


def test_returning_needs_a_reason(site_group, operator, fgw_request):
    response = logged_in(operator).post(reverse("commissions:return", args=[fgw_request.pk]), {"reason": ""})
    assert "请填写退回原因" in page_text(response)
    fgw_request.refresh_from_db()
    assert fgw_request.status == CommissionStatus.PENDING


# --- the menu ---------------------------------------------------------------------------------------------


def test_the_queue_is_in_the_admin_menu_for_editors_and_office_staff_only(
    site_group, fgw_editor, office_reviewer, auditor
):
    assert "委托发布" in menu_labels(logged_in(fgw_editor))
    assert "委托发布" in menu_labels(logged_in(office_reviewer))
    assert "委托发布" not in menu_labels(logged_in(auditor))
    assert refused(logged_in(auditor).get(reverse("commissions:index")))
