"""RSS 2.0 and Atom feeds: per site and per column, served on public hosts and
written by the publisher, re-rendered when an item they list is published."""

import time
import xml.etree.ElementTree as ET

from django.test import Client
from wagtail.models import Site

from zhanqun.columns.models import ColumnPage
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import feeds, services
from zhanqun.publishing.models import PublishedFile

from .helpers import PORTAL, changed, portal, publish_everything, snapshot

ATOM = "{http://www.w3.org/2005/Atom}"


def _xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own output


def _rss_titles(content):
    channel = _xml(content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def _atom_titles(content):
    return [entry.findtext(f"{ATOM}title") for entry in _xml(content).findall(f"{ATOM}entry")]


def _path(page):
    return page.get_url_parts()[2]


def _column(site, slug="zwdt"):
    return ColumnPage.objects.descendant_of(site.root_page).get(slug=slug)


def _new_article(column, title):
    article = ArticlePage(title=title, responsible_unit=column.responsible_unit, summary="推进会摘要")
    column.add_child(instance=article)
    article.save_revision().publish()
    return article


def _dynamic_client(settings, tmp_path):
    """A client on the portal's host that is answered by the public app, not by
    published files (the front door serves those first)."""
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "nothing-published")
    return Client(HTTP_HOST=portal().hostname)


def test_site_and_column_feeds_list_the_newest_item_first(demo, settings, tmp_path):
    site = portal()
    column = _column(site)
    article = _new_article(column, "全市数字政府建设推进会召开")
    client = _dynamic_client(settings, tmp_path)

    response = client.get("/feed.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = _rss_titles(response.content)
    assert titles[0] == article.title
    assert len(titles) <= feeds.FEED_SIZE
    channel = _xml(response.content).find("channel")
    assert channel.findtext("link") == f"http://{site.hostname}/"
    assert channel.find("item").findtext("link") == f"http://{site.hostname}{_path(article)}"

    response = client.get("/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert _atom_titles(response.content)[0] == article.title

    column_url = _path(column)
    for name, parse in (("feed.xml", _rss_titles), ("atom.xml", _atom_titles)):
        response = client.get(f"{column_url}{name}")
        assert response.status_code == 200, name
        titles = parse(response.content)
        assert titles[0] == article.title
        assert set(titles) <= {p.title for p in column.get_items()}

    # Only columns have feeds.
    assert client.get(f"{_path(article)}feed.xml").status_code == 404
    assert client.get("/no-such-column/feed.xml").status_code == 404


def test_the_home_page_and_column_pages_link_their_feeds(demo, settings, tmp_path):
    client = _dynamic_client(settings, tmp_path)
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home and 'href="/feed.xml"' in home
    assert 'type="application/atom+xml"' in home and 'href="/atom.xml"' in home
    column = client.get("/zwdt/").content.decode()
    assert 'href="/zwdt/feed.xml"' in column and 'href="/zwdt/atom.xml"' in column


def test_the_publisher_writes_the_feeds_as_the_public_host_serves_them(demo, settings, tmp_path):
    site = portal()
    services.publish_site(site)
    root = services.site_dir(site)
    for path in ("feed.xml", "atom.xml", "zwdt/feed.xml", "zwdt/atom.xml"):
        assert (root / path).is_file(), path
        assert PublishedFile.objects.filter(site=site, path=path).exists(), path
    assert services.verify(site).ok
    published_root = settings.ZHANQUN_PUBLISH_ROOT

    client = _dynamic_client(settings, tmp_path)
    for path in ("feed.xml", "atom.xml", "zwdt/feed.xml", "zwdt/atom.xml"):
        assert client.get("/" + path).content == (root / path).read_bytes(), path

    # Rendering again changes nothing: the files are stable (no "now" in them).
    settings.ZHANQUN_PUBLISH_ROOT = published_root
    stats = services.publish_site(site)
    assert stats.written == 0 and not stats.errors


def test_publishing_an_item_rewrites_the_feeds_that_list_it(demo, django_capture_on_commit_callbacks):
    publish_everything()
    before = snapshot(demo)
    time.sleep(0.01)
    site = portal()
    column = _column(site)
    with django_capture_on_commit_callbacks(execute=True):
        article = _new_article(column, "市政府召开全市数字政府建设推进会")
    after = snapshot(demo)
    touched = changed(before, after)
    for path in ("feed.xml", "atom.xml", "zwdt/feed.xml", "zwdt/atom.xml"):
        assert f"{PORTAL}/{path}" in touched, path
        assert article.title in (demo / PORTAL / path).read_text(), path
    assert _rss_titles((demo / PORTAL / "feed.xml").read_bytes())[0] == article.title
    # Other columns' feeds and other sites' feeds do not list it: untouched.
    assert not {p for p in touched if p.endswith((".xml",)) and not p.startswith(f"{PORTAL}/")}
    other_feeds = {p for p in touched if p.endswith(("/feed.xml", "/atom.xml")) and "/zwdt/" not in p}
    assert other_feeds <= {f"{PORTAL}/feed.xml", f"{PORTAL}/atom.xml"}
    for other in Site.objects.exclude(pk=site.pk):
        assert article.title not in (services.site_dir(other) / "feed.xml").read_text()
