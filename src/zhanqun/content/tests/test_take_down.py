"""撤稿 — taking an item down at once, with a written reason (R-SEC-6).

Only site operators (and superusers) see the 撤稿 action or may use it; the item is
unpublished through Wagtail (so the static publisher, listening to page_unpublished,
removes its files), and the reason goes into the page's history and the 撤稿记录.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.signals import page_unpublished

from zhanqun.conftest import column
from zhanqun.content.factories import ArticlePageFactory
from zhanqun.content.models import TakeDown
from zhanqun.content.tests.conftest import logged_in, menu_labels, refused

pytestmark = pytest.mark.django_db

REASON = "文中公布了群众的身份证号码，涉及个人隐私，经核实立即撤下。"


@pytest.fixture
def article(site_group):
    return ArticlePageFactory(parent=column(site_group.portal, "zwdt"), title="城关镇开展低保对象入户核查")


def take_down_url(page):
    return reverse("content_take_down", args=[page.pk])


def texts(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_site_operator_takes_down_an_item_with_a_reason__it_is_no_longer_live_and_the_reason_is_logged(
    site_group, operator, article
):
    live_revision = article.save_revision(user=operator)
    live_revision.publish(user=operator)
    heard = []

    def on_unpublished(sender, instance, **kwargs):
        heard.append(instance.pk)

    page_unpublished.connect(on_unpublished)
    try:
        response = logged_in(operator).post(take_down_url(article), {"reason": REASON})
    finally:
        page_unpublished.disconnect(on_unpublished)

    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert heard == [article.pk], "the static publisher listens to page_unpublished"
    entry = PageLogEntry.objects.get(page=article, action="content.take_down")
    assert entry.user == operator
    assert entry.data["reason"] == REASON
    assert PageLogEntry.objects.filter(page=article, action="wagtail.unpublish").exists()
    record = TakeDown.objects.get()
    assert (record.page_id, record.revision_id, record.taken_down_by, record.reason) == (
        article.pk,
        live_revision.pk,
        operator,
        REASON,
    )


def test_page_history__shows_the_take_down_and_its_reason(site_group, operator, article):
    logged_in(operator).post(take_down_url(article), {"reason": REASON})
    history = texts(logged_in(operator).get(reverse("wagtailadmin_pages:history", args=[article.pk])))
    assert "撤稿" in history and REASON in history


def test_take_down__needs_a_written_reason(site_group, operator, article):
    response = logged_in(operator).post(take_down_url(article), {"reason": "   "})
    assert response.status_code == 200
    assert "请填写撤稿原因" in texts(response)
    article.refresh_from_db()
    assert article.live
    assert not TakeDown.objects.exists()


def test_take_down__asks_for_the_reason_first(site_group, operator, article):
    page = BeautifulSoup(logged_in(operator).get(take_down_url(article)).content, "html.parser")
    assert page.find("textarea", attrs={"name": "reason"}) is not None
    assert "确认撤稿" in page.get_text()
    article.refresh_from_db()
    assert article.live


def test_an_editor_s_post_is_refused(site_group, fgw_editor):
    fgw_article = ArticlePageFactory(parent=column(site_group.department, "zwdt"))  # their own unit's
    client = logged_in(fgw_editor)
    assert refused(client.get(take_down_url(fgw_article)))
    assert refused(client.post(take_down_url(fgw_article), {"reason": REASON}))
    fgw_article.refresh_from_db()
    assert fgw_article.live
    assert not TakeDown.objects.exists()


def test_the_take_down_action__is_shown_to_site_operators_only(site_group, operator, fgw_editor):
    fgw_article = ArticlePageFactory(parent=column(site_group.department, "zwdt"))
    edit = reverse("wagtailadmin_pages:edit", args=[fgw_article.pk])
    assert take_down_url(fgw_article) in logged_in(operator).get(edit).content.decode()
    editor_view = logged_in(fgw_editor).get(edit)
    assert editor_view.status_code == 200
    assert take_down_url(fgw_article) not in editor_view.content.decode()


def test_the_take_down_action__is_in_the_explorer_s_more_menu(site_group, operator, article):
    listing = logged_in(operator).get(reverse("wagtailadmin_explore", args=[article.get_parent().pk]))
    assert take_down_url(article) in listing.content.decode()


def test_an_item_in_review_is_taken_down_all_the_same(site_group, operator, article):
    article.locked = True  # e.g. locked by a reviewer
    article.save()
    logged_in(operator).post(take_down_url(article), {"reason": REASON})
    article.refresh_from_db()
    assert not article.live


def test_take_down_records__listed_for_the_auditor(site_group, operator, auditor, article):
    logged_in(operator).post(take_down_url(article), {"reason": REASON})
    listing = texts(logged_in(auditor).get(reverse("content_reports:take_downs")))
    assert "城关镇开展低保对象入户核查" in listing and REASON in listing and "operator" in listing


def test_take_down_records__closed_to_editors(site_group, operator, fgw_editor):
    assert "撤稿记录" in menu_labels(logged_in(operator))
    assert "撤稿记录" not in menu_labels(logged_in(fgw_editor))
    assert refused(logged_in(fgw_editor).get(reverse("content_reports:take_downs")))
