"""Published pages are good pages: valid HTML5 (the Nu Html Checker, ``vnu.jar`` from
the ``vnu-jar`` npm package, on Java), no broken internal link, path-based pagination
that the static files and the public app render alike.

The small demo group is loaded and published once for the module (inside a
transaction rolled back at the end), then every HTML file is validated and every site
is crawled from its ``index.html``.
"""

import json
import os
import re
import shutil
import subprocess
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Site

from zhanqun.columns.models import ColumnPage, ListingMixin
from zhanqun.publishing import services
from zhanqun.publishing.render import is_dynamic_path, page_target
from zhanqun.sitegroup.models import SiteIdentity

from .helpers import PORTAL, portal

REPO = Path(__file__).resolve().parents[4]
VNU_JAR = Path(os.environ.get("VNU_JAR") or REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")

# Each test runs in its own transaction nested in the module's (``published``); the
# mark also makes pytest-django set up the test database for the module fixture.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo group, published into a fresh document root: {domain: folder}."""
    from zhanqun.demo.loader import load_demo

    root = tmp_path_factory.mktemp("public")
    with (
        pytest.MonkeyPatch.context() as mp,
        django_db_blocker.unblock(),
        override_settings(ZHANQUN_PUBLISH_ROOT=str(root), ZHANQUN_PUBLISH_AUTO=False),
        transaction.atomic(),
    ):
        cache.clear()
        load_demo(scale=0.05)
        # Small list pages, so that archive pages exist and are checked too.
        mp.setattr(ListingMixin, "page_size", 2)
        sites = {}
        for site in Site.objects.select_related("root_page"):
            stats = services.publish_site(site)
            assert not stats.errors, stats.errors
            sites[site.pk] = _SiteInfo(site, services.site_dir(site))
        mp.undo()
        yield sites
        transaction.set_rollback(True)
    cache.clear()


class _SiteInfo:
    def __init__(self, site, folder):
        domain = SiteIdentity.objects.filter(site=site).values_list("domain", flat=True).first()
        self.folder = folder
        self.name = folder.name
        self.hosts = {site.hostname, f"{site.hostname}:{site.port}", domain or site.hostname}
        self.document_ids = set()
        from wagtail.documents import get_document_model

        self.document_ids = set(get_document_model().objects.values_list("pk", flat=True))


# --- HTML validity ----------------------------------------------------------------------


def _vnu_command():
    java = shutil.which("java")
    if java is None:
        pytest.skip("HTML validation needs Java (Debian: openjdk-17-jre-headless) for the Nu Html Checker.")
    if not VNU_JAR.is_file():
        pytest.skip(f"HTML validation needs {VNU_JAR.relative_to(REPO)}: run `npm ci` at the repository root.")
    return [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html"]


def _html_files(folder):
    return sorted(p for p in folder.rglob("*.html") if not p.name.startswith("."))


def test_every_published_page_is_valid_html5(published):
    command = _vnu_command()
    files = [f for info in published.values() for f in _html_files(info.folder)]
    # Every kind of page is there: home, column index and archive pages, items, site
    # map, 404.
    names = {f.as_posix() for f in files}
    assert any(n.endswith("/page/1/index.html") for n in names)
    assert any(n.endswith("/sitemap/index.html") for n in names)
    assert any(n.endswith("/404.html") for n in names)
    result = subprocess.run(  # noqa: S603 - java and our own files
        [*command, *map(str, files)], capture_output=True, text=True, timeout=600, check=False
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    root = Path(services.publish_root())
    lines = []
    for m in errors:
        where = unquote(m.get("url", "")).removeprefix("file:")
        try:
            where = str(Path(where).relative_to(root))
        except ValueError:
            pass
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m['message']}  …{m.get('extract', '').strip()}…")
    # The same message on many pages is one template bug: show each once, with a count.
    counted = {}
    for line in lines:
        key = re.sub(r"^[^:]+:\d+: ", "", line)
        counted.setdefault(key, [0, line])[0] += 1
    summary = "\n".join(f"{n}× {first}" for n, first in sorted(counted.values(), key=lambda v: -v[0]))
    assert not errors, f"{len(errors)} HTML errors in {len(files)} files:\n{summary}"


# --- internal links ---------------------------------------------------------------------


class _Links(HTMLParser):
    ATTRS = {"href", "src"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.ATTRS and value is not None:
                self.links.append(value)
            elif name == "srcset" and value:
                self.links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


XML_LINKS = re.compile(r"<(?:loc|link)>([^<]+)</(?:loc|link)>|<link[^>]*\shref=\"([^\"]+)\"")


def _links(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".xml":
        return [a or b for a, b in XML_LINKS.findall(text)]
    parser = _Links()
    parser.feed(text)
    return parser.links


def _url_of(folder, path):
    rel = path.relative_to(folder).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


def _internal_path(info, base_url, link):
    """The root-relative path ``link`` (on the page at ``base_url``) points to on the
    same site, or None for an external link."""
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc not in info.hosts:
        return None
    if parts.netloc:
        return unquote(parts.path or "/")
    return unquote(urlsplit(urljoin(base_url, link)).path)


def _target(info, url_path):
    """(exists, file or None) of a root-relative path on the site."""
    if url_path.startswith(settings.STATIC_URL):
        return finders.find(url_path[len(settings.STATIC_URL) :]) is not None, None
    if url_path.startswith(settings.MEDIA_URL):
        return default_storage.exists(url_path[len(settings.MEDIA_URL) :]), None
    if url_path.startswith("/documents/"):
        m = re.match(r"^/documents/(\d+)/[^/]+$", url_path)
        return bool(m) and int(m.group(1)) in info.document_ids, None
    file = info.folder / url_path.lstrip("/")
    if url_path.endswith("/"):
        file = file / "index.html"
    if file.is_file():
        return True, file
    return is_dynamic_path(url_path), None


def test_no_broken_internal_links(published):
    broken = []
    crawled = {}
    for info in published.values():
        start = info.folder / "index.html"
        assert start.is_file(), start
        seen = {start}
        queue = deque([start, info.folder / "sitemap.xml", info.folder / "404.html"])
        seen.update(queue)
        while queue:
            page = queue.popleft()
            if not page.is_file():
                broken.append(f"{info.name}: {page.relative_to(info.folder)} (a site file) is missing")
                continue
            base = _url_of(info.folder, page)
            for link in _links(page):
                url_path = _internal_path(info, base, link)
                if url_path is None:
                    continue
                ok, file = _target(info, url_path)
                if not ok:
                    broken.append(f"{info.name}{base} → {link}")
                elif file is not None and file.suffix in (".html", ".xml") and file not in seen:
                    seen.add(file)
                    queue.append(file)
        crawled[info.name] = len(seen)
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(sorted(set(broken)))
    # The crawl got everywhere: the portal's list pages 2…N and items were reached.
    portal_info = next(i for i in published.values() if i.name == PORTAL)
    reachable = {p for p in portal_info.folder.rglob("index.html")}
    assert crawled[PORTAL] >= len(reachable) * 0.9, (crawled, len(reachable))


# --- pagination ---------------------------------------------------------------------------


def test_pagination_is_path_based_and_static_equals_dynamic(published, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(ColumnPage, "page_size", 1)
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "public")
    site = portal()
    column = ColumnPage.objects.descendant_of(site.root_page).get(slug="zwdt")
    n = column.get_items().count()
    assert n >= 3
    services.publish_targets(site, [page_target(column.pk), *services.column_list_targets([column.pk])[column.pk]])
    folder = services.site_dir(site) / "zwdt"
    first = (folder / "index.html").read_text()
    newest = n - 2  # the newest archive page (columns.listing)
    second = (folder / "page" / str(newest) / "index.html").read_text()
    assert f'<a href="/zwdt/page/{newest}/" rel="next">' in first and "?page=" not in first
    assert '<a href="/zwdt/" rel="prev">' in second and f'<a href="/zwdt/page/{newest - 1}/" rel="next">' in second

    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "nothing-published")
    client = Client(HTTP_HOST=site.hostname)
    assert client.get("/zwdt/").content == (folder / "index.html").read_bytes()
    for k in (1, newest):
        response = client.get(f"/zwdt/page/{k}/")
        assert response.status_code == 200, k
        assert response.content == (folder / "page" / str(k) / "index.html").read_bytes(), k
    # A query string does not change the page (as with nginx); past the archive pages
    # there is nothing.
    assert client.get("/zwdt/?page=2").content == (folder / "index.html").read_bytes()
    assert client.get(f"/zwdt/page/{newest + 1}/").status_code == 404
    assert client.get("/zwdt/page/0/").status_code == 404
    assert client.get("/no-such-column/page/2/").status_code == 404
    item = column.get_items().first()
    assert client.get(f"{item.get_url_parts()[2]}page/2/").status_code == 404
