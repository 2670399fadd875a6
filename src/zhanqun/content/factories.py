"""Factories for the items columns hold (pass ``parent=`` a column).

The responsible unit defaults to the parent column's, as the admin form does.
"""

import datetime

import factory
import wagtail_factories
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from .models import ArticlePage, InterpretationPage, NoticePage, PolicyDocumentPage, ReprintPage


class ItemPageFactory(wagtail_factories.PageFactory):
    class Meta:
        abstract = True

    slug = factory.Sequence(lambda n: f"item-{n}")
    responsible_unit = factory.LazyAttribute(lambda o: getattr(o.parent, "responsible_unit", None))
    formed_date = datetime.date(2026, 3, 2)


class ArticlePageFactory(ItemPageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"云泽市召开第{n}次常务会议")
    source = "云泽市人民政府办公室"


class NoticePageFactory(ItemPageFactory):
    class Meta:
        model = NoticePage

    title = factory.Sequence(lambda n: f"关于第{n}批事项的通知")
    issuer = "云泽市人民政府办公室"


class PolicyDocumentPageFactory(ItemPageFactory):
    class Meta:
        model = PolicyDocumentPage

    title = factory.Sequence(lambda n: f"云泽市人民政府关于促进民营经济发展的若干措施（{n}）")
    document_number = factory.Sequence(lambda n: f"云政发〔2026〕{n + 1}号")
    issuing_body = "云泽市人民政府"
    written_date = datetime.date(2026, 2, 27)
    publish_date = datetime.date(2026, 3, 2)


class InterpretationPageFactory(ItemPageFactory):
    """Pass ``document=`` the policy document interpreted (required, R-PUB-6)."""

    class Meta:
        model = InterpretationPage

    title = factory.Sequence(lambda n: f"图解：促进民营经济发展的若干措施（{n}）")
    interpreter = "云泽市发展和改革委员会"


class ReprintPageFactory(ItemPageFactory):
    class Meta:
        model = ReprintPage

    title = factory.Sequence(lambda n: f"国务院常务会议部署第{n}项工作")
    source_name = "中国政府网"
    source_url = "https://www.gov.cn/yaowen/"


def page_form_data(**fields):
    """What the Wagtail page editor posts for a new page: the fields every page has
    (title, slug, promote and settings tabs, the empty comments formset) plus ``fields``.

    Nested values follow ``wagtail.test.utils.form_data.nested_form_data``; pass an
    ``inline_formset([...])`` for a formset and ``rich_text("<p>…</p>")`` for rich text.
    Add ``action-publish`` to publish instead of saving a draft.
    """
    data = {
        "title": "",
        "slug": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def item_form_data(responsible_unit, **fields):
    """Page-editor data for an item: the common item fields plus ``fields``."""
    data = {
        "summary": "",
        "body": rich_text("<p>正文。</p>"),
        "responsible_unit": responsible_unit.pk,
        "formed_date": "2026-03-02",
        "importance": "general",
    }
    data.update(fields)
    return page_form_data(**data)
