"""The published file of a disclosed item shows its 信息索引 with the index number (R-DISC-1).

Wagtail publishes without a transaction of its own and the static publisher's receiver
runs before the one that numbers the item, so outside a transaction the publisher has
rendered the page before it had a number: ``catalog.rerender_page`` renders it again.
"""

import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from zhanqun.conftest import column, make_site_group
from zhanqun.content.factories import (
    ArticlePageFactory,
    InterpretationPageFactory,
    NoticePageFactory,
    PolicyDocumentPageFactory,
)
from zhanqun.disclosure.catalog import assign_missing
from zhanqun.disclosure.models import CatalogEntry
from zhanqun.publishing import services
from zhanqun.publishing.models import PublishJob
from zhanqun.units.models import Unit, credit_code_check_char

from .conftest import OFFICE_CODE, publish


def _code(code):
    return code[:17] + credit_code_check_char(code[:17])


def published_file(root, page):
    site = page.get_site()
    url = page.get_url_parts()[2]
    return (root / services.site_dirname(site) / url.lstrip("/") / "index.html").read_text()


def meta_table(html):
    """The 信息索引 table as {heading: value}."""
    table = re.search(r'<table class="doc-meta disclosure-meta".*?</table>', html, re.S)
    assert table, "no 信息索引 table"
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table.group(0), re.S)
    return {th: re.sub(r"<[^>]+>", "", td) for th, td in rows}


@pytest.fixture
def published_group(settings, tmp_path):
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "public")
    settings.ZHANQUN_PUBLISH_AUTO = True
    make_site_group()
    office = Unit.objects.get(name="云泽市人民政府办公室")
    office.credit_code = _code(OFFICE_CODE)
    office.save()
    portal = Site.objects.get(root_page__title="云泽市人民政府")
    services.publish_site(portal)  # from now on editors' publications are published at once
    return tmp_path / "public", portal, office


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_outside_a_transaction__the_published_files_show_the_index_number(published_group):
    """As the editor's 发布 button does: no transaction around the publication."""
    root, portal, office = published_group
    year = timezone.localdate().year
    document = PolicyDocumentPageFactory(parent=column(portal, "zfwj"), live=False, document_number="云政发〔2026〕7号")
    publish(document)
    assert document.index_number == f"{office.credit_code}/{year}-00001"
    html = published_file(root, document)
    assert f"<td>{document.index_number}</td>" in html and "云政发〔2026〕7号" in html

    notice = NoticePageFactory(parent=column(portal, "tzgg"), live=False, issuer="云泽市人民政府办公室")
    publish(notice)
    meta = meta_table(published_file(root, notice))
    assert meta["索引号"] == f"{office.credit_code}/{year}-00002"
    assert meta["发布机构"] == "云泽市人民政府办公室"
    assert meta["生成日期"] == "2026年3月2日"
    assert meta["主题分类"] == CatalogEntry.objects.get(page=notice).category_name
    assert "发文字号" not in meta and "有效性" not in meta

    interpretation = InterpretationPageFactory(parent=column(portal, "zcjd"), live=False, document=document)
    publish(interpretation)
    assert meta_table(published_file(root, interpretation))["索引号"].endswith("-00003")
    assert not PublishJob.objects.exclude(status=PublishJob.Status.DONE).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_item_numbered_after_it_went_live__is_published_again_with_its_number(published_group):
    """A unit without a code: the item goes out without a number; `disclosure assign`
    numbers it once the code is entered, and the published file follows."""
    root, portal, office = published_group
    office.credit_code = ""
    office.save()
    notice = NoticePageFactory(parent=column(portal, "tzgg"), live=False)
    publish(notice)
    assert 'data-testid="disclosure-meta"' not in published_file(root, notice)

    office.credit_code = _code(OFFICE_CODE)
    office.save()
    assert assign_missing() == (1, [])
    assert meta_table(published_file(root, notice))["索引号"] == CatalogEntry.objects.get(page=notice).index_number


@pytest.mark.django_db
def test_publishing_inside_a_transaction__renders_once_after_the_number_is_given(
    published_group, django_capture_on_commit_callbacks
):
    root, portal, _office = published_group
    news = ArticlePageFactory(parent=column(portal, "zwdt"), live=False)
    document = PolicyDocumentPageFactory(parent=column(portal, "zfwj"), live=False)
    with django_capture_on_commit_callbacks(execute=True):
        publish(news)
        publish(document)
    assert PublishJob.objects.count() == 2  # one each: the number needed no second render
    assert f"<td>{document.index_number}</td>" in published_file(root, document)
    # news outside the disclosure columns is not disclosed information: no 信息索引
    assert 'data-testid="disclosure-meta"' not in published_file(root, news)


@pytest.mark.django_db
def test_correcting_an_entrys_category_republishes_the_item(published_group, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from zhanqun.content.tests.conftest import logged_in, staff
    from zhanqun.units.enums import Role

    root, portal, office = published_group
    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(NoticePageFactory(parent=column(portal, "tzgg"), live=False))
    entry = CatalogEntry.objects.get(page=notice)
    operator = staff("operator", office, Role.SITE_OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(operator).post(
            reverse("disclosure_entries:edit", args=[entry.pk]),
            {"category_code": "zdly", "category_name": "重点领域信息", "document_kind": ""},
        )
    assert response.status_code == 302
    assert meta_table(published_file(root, notice))["主题分类"] == "重点领域信息"
