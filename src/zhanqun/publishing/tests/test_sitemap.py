"""The XML sitemap: an index and parts by page id, so a publish touches one part."""

import re
import time

from django.test import Client
from wagtail.models import Page

from zhanqun.columns.models import ColumnPage
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import services, sitemap

from .helpers import PORTAL, changed, portal, publish_everything, snapshot


def _locs(path):
    return re.findall(r"<loc>([^<]+)</loc>", path.read_text())


def test_the_sitemap_lists_every_live_page_once_across_its_parts(demo, monkeypatch, settings, tmp_path):
    monkeypatch.setattr(sitemap, "IDS_PER_PART", 40)
    site = portal()
    services.publish_site(site)
    root = demo / PORTAL
    parts = _locs(root / "sitemap.xml")
    assert len(parts) >= 2
    urls = []
    for part in parts:
        name = part.rsplit("/", 1)[1]
        urls += _locs(root / name)
    live = Page.objects.live().descendant_of(site.root_page, inclusive=True)
    assert sorted(urls) == sorted(p.full_url for p in live)
    # The public app renders the same bytes (with nothing published to serve from).
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "nothing-published")
    client = Client(HTTP_HOST=site.hostname)
    assert client.get("/sitemap.xml").content == (root / "sitemap.xml").read_bytes()
    first = parts[0].rsplit("/", 1)[1]
    assert client.get(f"/{first}").content == (root / first).read_bytes()
    assert client.get("/sitemap-99999.xml").status_code == 404


def test_a_new_article_rewrites_the_index_and_the_newest_part_only(demo, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(sitemap, "IDS_PER_PART", 40)
    publish_everything()
    site = portal()
    column = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    before = snapshot(demo)
    time.sleep(0.01)
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticlePage(title="新发布的一条政务动态", responsible_unit=column.responsible_unit, summary="摘要")
        column.add_child(instance=article)
        article.save_revision().publish()
    touched = changed(before, snapshot(demo)) | (set(snapshot(demo)) - set(before))
    newest = sitemap.part_path(article.pk // sitemap.IDS_PER_PART + 1)
    parts = {p for p in touched if p.startswith(f"{PORTAL}/sitemap-")}
    assert f"{PORTAL}/{newest}" in parts
    assert parts <= {f"{PORTAL}/{newest}", f"{PORTAL}/{sitemap.part_path(article.pk // sitemap.IDS_PER_PART)}"}
    assert article.full_url in (demo / PORTAL / newest).read_text()

    # Unpublishing an old page rewrites the part that listed it.
    old = Page.objects.live().descendant_of(site.root_page).order_by("pk")[3]
    old_part = sitemap.part_path(old.pk // sitemap.IDS_PER_PART + 1)
    assert old.full_url in (demo / PORTAL / old_part).read_text()
    with django_capture_on_commit_callbacks(execute=True):
        old.specific.unpublish()
    assert old.full_url not in (demo / PORTAL / old_part).read_text()
    assert services.verify(site).ok
