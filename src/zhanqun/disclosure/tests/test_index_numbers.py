"""Index numbers (索引号): assigned once at first publication, never reused (R-DISC-1)."""

import datetime

import pytest
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.content.factories import ArticlePageFactory, NoticePageFactory, PolicyDocumentPageFactory
from zhanqun.disclosure.catalog import assign_missing
from zhanqun.disclosure.models import CatalogEntry, DisclosureUnit
from zhanqun.disclosure.numbering import NumberingError, format_index_number, parse_index_number

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_format__credit_code_year_and_five_digit_sequence():
    assert format_index_number("11620981MB0000001G", 2026, 12) == "11620981MB0000001G/2026-00012"
    number = parse_index_number("01392345-6/2025-00003")
    assert (number.code, number.year, number.sequence) == ("01392345-6", 2025, 3)
    with pytest.raises(NumberingError):
        format_index_number("not a code", 2026, 1)
    with pytest.raises(NumberingError):
        format_index_number("11620981MB0000001G", 2026, 100000)


def test_publishing_a_policy_document__gives_it_the_units_next_index_number(coded):
    office = coded.units.office
    docs = column(coded.portal, "zfwj")
    first = publish(PolicyDocumentPageFactory(parent=docs, live=False))
    second = publish(PolicyDocumentPageFactory(parent=docs, live=False))
    year = timezone.localdate().year
    assert first.index_number == f"{office.credit_code}/{year}-00001"
    assert second.index_number == f"{office.credit_code}/{year}-00002"
    # shown on the page and in the catalog entry with the document's metadata
    entry = CatalogEntry.objects.get(page=first)
    assert entry.index_number == first.index_number
    assert entry.document_number == first.document_number
    assert entry.category_name == "政策文件"


def test_republishing_and_unpublishing__keep_the_number_and_never_reuse_it(coded):
    docs = column(coded.portal, "zfwj")
    page = publish(PolicyDocumentPageFactory(parent=docs, live=False))
    number = page.index_number
    page.title = "修改后的标题"
    publish(page)
    assert page.index_number == number
    assert CatalogEntry.objects.get(page=page).title == "修改后的标题"
    page.unpublish()
    assert not CatalogEntry.objects.get(index_number=number).live
    publish(page)
    assert page.index_number == number and CatalogEntry.objects.get(page=page).live
    page.delete()
    other = publish(PolicyDocumentPageFactory(parent=docs, live=False))
    assert other.index_number.endswith("-00002")
    assert CatalogEntry.objects.filter(index_number=number, page__isnull=True).exists()


def test_an_editor_cannot_overwrite_the_index_number_in_a_later_revision(coded):
    docs = column(coded.portal, "zfwj")
    page = publish(PolicyDocumentPageFactory(parent=docs, live=False))
    number = page.index_number
    page.index_number = "TYPED/2026-99999"
    publish(page)
    assert page.index_number == number
    assert page.get_latest_revision().content["index_number"] == number


def test_units_have_their_own_series(coded):
    fgw = coded.units.fgw
    publish(PolicyDocumentPageFactory(parent=column(coded.portal, "zfwj"), live=False))
    notice = publish(NoticePageFactory(parent=column(coded.department, "tzgg"), live=False))
    entry = CatalogEntry.objects.get(page=notice)
    assert entry.index_number == f"{fgw.credit_code}/{timezone.localdate().year}-00001"
    assert entry.unit == fgw and entry.category_name == "通知公告"


def test_news_outside_disclosure_columns_gets_no_index_number(coded):
    publish(ArticlePageFactory(parent=column(coded.portal, "zwdt"), live=False))
    assert not CatalogEntry.objects.exists()


def test_a_unit_without_any_code__still_publishes_and_is_numbered_once_the_org_code_is_entered(site_group):
    docs = column(site_group.portal, "zfwj")
    page = publish(PolicyDocumentPageFactory(parent=docs, live=False))
    assert page.live and page.index_number == ""
    DisclosureUnit.objects.create(unit=site_group.units.office, org_code="01392345-6")
    assigned, problems = assign_missing()
    page.refresh_from_db()
    assert (assigned, problems) == (1, [])
    assert page.index_number.startswith("01392345-6/")


def test_year_is_the_year_of_first_publication(coded):
    docs = column(coded.portal, "zfwj")
    page = PolicyDocumentPageFactory(parent=docs, live=False)
    page.first_published_at = timezone.make_aware(datetime.datetime(2025, 12, 30, 10))
    page.save()
    publish(page)
    assert "/2025-00001" in page.index_number
