"""`zhanqun seed --items N`: bulk items written straight into the tree must be as usable
as pages added through Wagtail — a sound treebeard tree, served on their site, listed
by their column, open in the back office."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page

from zhanqun.columns.models import ColumnPage
from zhanqun.conftest import ADMIN_HOST
from zhanqun.content.models import (
    ArticlePage,
    InterpretationPage,
    NoticePage,
    PolicyDocumentPage,
    ReprintPage,
)
from zhanqun.demo.bulk import bulk_add_items, path_step, step_number
from zhanqun.demo.loader import load_demo
from zhanqun.sitegroup.models import SiteIdentity

ITEMS = 300
TYPES = (ArticlePage, NoticePage, PolicyDocumentPage, InterpretationPage, ReprintPage)
SOUND = ([], [], [], [], [])


def counts():
    return {model: model.objects.count() for model in TYPES}


@pytest.fixture(scope="module")
def group(django_db_setup, django_db_blocker):
    """A small demo group plus 300 bulk items, built once for the module and rolled
    back at its end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(scale=0.05)
        before = counts()
        first_new_pk = Page.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
        out = io.StringIO()
        written = bulk_add_items(ITEMS, seed=7, progress=out)
        yield {
            "before": before,
            "after": counts(),
            "written": written,
            "out": out.getvalue(),
            "bulk": Page.objects.filter(pk__gte=first_new_pk),
        }
        transaction.set_rollback(True)


def site_of(page):
    """The SiteIdentity whose home page is above ``page``."""
    return next(i for i in SiteIdentity.objects.select_related("site__root_page") if page.path.startswith(i.site.root_page.path))


def public_url(page):
    home = site_of(page).site.root_page
    return page.url_path[len(home.url_path) - 1:]


@pytest.mark.django_db
def test_the_tree_stays_sound_and_every_type_is_written(group):
    assert group["written"] == ITEMS
    assert group["bulk"].count() == ITEMS
    assert Page.find_problems() == SOUND

    added = {model: group["after"][model] - group["before"][model] for model in TYPES}
    assert sum(added.values()) == ITEMS
    assert all(added.values()), added
    assert added[ArticlePage] > ITEMS // 2  # mostly news
    assert added[InterpretationPage] <= added[PolicyDocumentPage]
    assert all(ReprintPage.objects.filter(pk__in=group["bulk"]).values_list("source_name", flat=True))
    assert all(ReprintPage.objects.filter(pk__in=group["bulk"]).values_list("source_url", flat=True))

    now = timezone.now()
    for page in group["bulk"].specific():
        parent = page.get_parent()
        assert isinstance(page, TYPES)
        assert page.live and not page.has_unpublished_changes
        assert page.draft_title == page.title
        assert page.url_path == f"{parent.url_path}{page.slug}/"
        assert page.depth == parent.depth + 1 and parent.slug in ("zwdt", "tzgg", "zfwj", "zcjd")
        assert now - dt.timedelta(days=4 * 366) < page.first_published_at <= now
        assert page.responsible_unit_id
    # Siblings never share a slug; translation keys are unique.
    slugs = list(group["bulk"].values_list("url_path", flat=True))
    assert len(set(slugs)) == len(slugs)
    keys = list(group["bulk"].values_list("translation_key", flat=True))
    assert len(set(keys)) == len(keys)


@pytest.mark.django_db
def test_objects_get_specific_and_parent_work(group):
    pk = group["bulk"].filter(content_type__model="policydocumentpage").values_list("pk", flat=True).first()
    page = Page.objects.get(pk=pk).specific
    assert isinstance(page, PolicyDocumentPage)
    assert page.document_number and page.issuing_body and page.written_date <= page.publish_date
    assert page.get_parent().specific.slug == "zfwj"


@pytest.mark.django_db
def test_document_numbers_continue_the_sites_own(group):
    for identity in SiteIdentity.objects.select_related("site__root_page"):
        numbers = list(
            PolicyDocumentPage.objects.descendant_of(identity.site.root_page).values_list("document_number", flat=True)
        )
        assert len(numbers) == len(set(numbers)), identity.full_name


@pytest.mark.django_db
def test_interpretations_link_to_live_documents_of_their_site(group):
    readings = InterpretationPage.objects.filter(pk__in=group["bulk"]).select_related("document")
    assert readings
    for reading in readings:
        document = reading.document
        assert document is not None and document.live
        assert site_of(document).pk == site_of(reading).pk
        assert document.first_published_at <= reading.first_published_at
        assert document.title.split("《")[-1].split("》")[0] in reading.title


@pytest.mark.django_db
def test_a_bulk_page_is_served_on_its_sites_public_host(group):
    for model in (ArticlePage, InterpretationPage):
        page = model.objects.filter(pk__in=group["bulk"]).order_by("pk").first()
        response = Client(HTTP_HOST=site_of(page).site.hostname).get(public_url(page))
        assert response.status_code == 200
        assert escape(page.title) in response.content.decode()
        if model is InterpretationPage:
            assert escape(page.document.title) in response.content.decode()


@pytest.mark.django_db
def test_the_column_lists_the_newest_bulk_item_first(group):
    bulk_news = ArticlePage.objects.filter(pk__in=group["bulk"])
    newest = bulk_news.order_by("-first_published_at", "-pk").first()
    column = newest.get_parent().specific
    # Make the bulk item the newest of its column: age the demo's own items.
    older = Page.objects.child_of(column).exclude(pk__in=group["bulk"])
    older.update(first_published_at=newest.first_published_at - dt.timedelta(days=1))
    newest_bulk_in_column = bulk_news.child_of(column).order_by("-first_published_at", "-pk").first()

    items = list(column.get_items()[:20])
    assert items[0].pk == newest_bulk_in_column.pk
    dates = [item.first_published_at for item in items]
    assert dates == sorted(dates, reverse=True)

    site = site_of(column)
    response = Client(HTTP_HOST=site.site.hostname).get(public_url(column))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(escape(newest_bulk_in_column.title)) < html.index(escape(items[1].title))


@pytest.mark.django_db
def test_the_admin_explorer_lists_bulk_items(group):
    admin_host_client = Client(HTTP_HOST=ADMIN_HOST)
    admin_host_client.force_login(get_user_model().objects.get(username="admin"))  # the demo's superuser
    first = group["bulk"].order_by("pk").first()
    column = first.get_parent()
    response = admin_host_client.get(f"/admin/pages/{column.pk}/", {"ordering": "ord"})
    assert response.status_code == 200
    # In tree order the bulk items follow the demo's few: the first ones are on page one.
    listed = Page.objects.child_of(column).filter(pk__in=group["bulk"]).order_by("path")[:5]
    assert listed
    assert all(escape(child.title) in response.content.decode() for child in listed)
    assert admin_host_client.get(f"/admin/pages/{first.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_a_second_run_continues_after_the_last_child(group):
    columns = {c.pk: (c.get_last_child().path, c.numchild) for c in ColumnPage.objects.filter(slug__in=["zwdt", "zcjd"])}
    assert bulk_add_items(40, seed=8) == 40
    assert Page.find_problems() == SOUND
    for column in ColumnPage.objects.filter(pk__in=columns):
        last_path, numchild = columns[column.pk]
        new = Page.objects.child_of(column).filter(path__gt=last_path).order_by("path")
        assert column.numchild == numchild + new.count()
        if new:
            assert step_number(new[0].path[-4:]) == step_number(last_path[-4:]) + 1


@pytest.mark.django_db
def test_progress_is_reported_in_chinese(group):
    lines = group["out"].splitlines()
    assert lines[0].startswith("开始批量生成 300 条信息")
    assert "zhanqun update_index" in lines[0]
    assert lines[-1].startswith("已写入 300/300 条（100%）")


@pytest.mark.django_db
def test_bad_input(group):
    with pytest.raises(ValueError):
        bulk_add_items(-1)
    with pytest.raises(ValueError):
        bulk_add_items(2.5)
    assert bulk_add_items(0) == 0
    SiteIdentity.objects.all().delete()  # rolled back with the test's savepoint
    with pytest.raises(ValueError, match="标准栏目"):
        bulk_add_items(5)


@pytest.mark.django_db
def test_seed_command_with_items(group):
    out = io.StringIO()
    call_command("seed", items=25, stdout=out)
    assert "演示站群已存在" in out.getvalue()
    assert "已批量生成 25 条信息" in out.getvalue()
    assert Page.find_problems() == SOUND


def test_path_steps():
    assert path_step(1) == "0001"
    assert path_step(36) == "0010"
    assert path_step(36**4 - 1) == "ZZZZ"
    assert step_number("00ZZ") == 36 * 36 - 1
    with pytest.raises(ValueError):
        path_step(36**4)
