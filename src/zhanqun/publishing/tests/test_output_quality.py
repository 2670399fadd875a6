"""Published pages are good pages: valid HTML5 (the Nu Html Checker, ``vnu.jar`` from
the ``vnu-jar`` npm package, on Java), no broken internal link, path-based pagination
that the static files and the public app render alike.

The small demo group is loaded and published once for the module (inside a
transaction rolled back at the end), then every HTML file is validated and every site
is crawled from its ``index.html``.
"""

import datetime
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
        self.site = site
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


# --- what a search engine and a visitor's browser read (Lighthouse's SEO audits) -------------


def _bytes(response):
    """A response's body, whether the public app rendered it or served its file."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(response):
    return _bytes(response).decode()


def _head(html):
    """(title, meta description, html lang, favicon href, breadcrumb text) of a page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    description = soup.find("meta", attrs={"name": "description"})
    icon = soup.find("link", rel="icon")
    crumb = soup.select_one("nav.breadcrumb")
    return (
        soup.title.get_text() if soup.title else "",
        description.get("content", "") if description else "",
        soup.html.get("lang", "") if soup.html else "",
        icon.get("href", "") if icon else "",
        " ".join(crumb.get_text(" ").split()) if crumb else None,
    )


def _seo_problems(where, html, site_name):
    title, description, lang, icon, crumb = _head(html)
    problems = []
    if not title.removesuffix(f"_{site_name}").strip() or title.startswith("_"):
        problems.append(f"{where}: empty title {title!r}")
    if not description.strip():
        problems.append(f"{where}: no meta description")
    if lang != "zh-CN":
        problems.append(f"{where}: lang {lang!r}")
    if icon != "/favicon.ico":
        problems.append(f"{where}: no favicon link")
    if crumb is not None and (crumb.endswith(">") or crumb.endswith("当前位置：")):
        problems.append(f"{where}: breadcrumb ends in a bare separator: {crumb!r}")
    return problems


def test_every_page_has_a_title_a_description_and_a_whole_breadcrumb(published):
    problems = []
    for info in published.values():
        site_name = SiteIdentity.objects.get(site=info.site).full_name
        files = _html_files(info.folder)
        assert len(files) > 20
        for path in files:
            problems += _seo_problems(f"{info.name}/{path.relative_to(info.folder)}", path.read_text("utf-8"), site_name)
        # The public app's own pages: 互动交流 and 政府信息公开 forms, lists and queries.
        client = Client(HTTP_HOST=info.site.hostname)
        for url in ["/hudong/", "/hudong/chaxun/", "/hudong/huifu/", "/hudong/tongji/", "/hudong/zhaocuo/",
                    "/xxgk/catalog/", "/xxgk/apply/", "/xxgk/status/", "/sitemap/"]:
            response = client.get(url)
            assert response.status_code == 200, (info.name, url, response.status_code)
            problems += _seo_problems(f"{info.name}{url}", _text(response), site_name)
        mailbox = re.search(r'href="(/hudong/xiexin/[^"]+/)"', _text(client.get("/hudong/")))
        if mailbox:
            problems += _seo_problems(f"{info.name}{mailbox[1]}", _text(client.get(mailbox[1])), site_name)
    assert not problems, "\n".join(problems[:40])


def test_the_letter_pages_are_titled_as_their_heading_says(published):
    portal_info = next(i for i in published.values() if i.name == PORTAL)
    client = Client(HTTP_HOST=portal_info.site.hostname)
    for url, title, crumb in [
        ("/hudong/", "互动交流_云泽市人民政府", "当前位置： 首页 > 互动交流"),
        ("/hudong/huifu/", "来信选登_云泽市人民政府", "当前位置： 首页 > 互动交流 > 来信选登"),
        ("/hudong/chaxun/", "办理进度查询_云泽市人民政府", "当前位置： 首页 > 互动交流 > 办理进度查询"),
    ]:
        got_title, _description, _lang, _icon, got_crumb = _head(_text(client.get(url)))
        assert (got_title, got_crumb) == (title, crumb)


def test_robots_txt_and_the_favicon_are_published_for_every_site(published):
    for info in published.values():
        robots = (info.folder / "robots.txt").read_text("utf-8")
        lines = robots.splitlines()
        assert lines[0] == "User-agent: *" and "Disallow: /" not in lines, robots
        assert f"Sitemap: {info.site.root_url}/sitemap.xml" in lines
        for line in filter(None, lines):  # every line is a directive robots.txt knows
            assert re.fullmatch(r"(User-agent|Allow|Disallow|Sitemap): \S+", line) or line == "User-agent: *", line
        icon = (info.folder / "favicon.ico").read_bytes()
        assert icon[:4] == b"\x00\x00\x01\x00"  # an ICO file
        client = Client(HTTP_HOST=info.site.hostname)  # and the public app answers them too
        assert _text(client.get("/robots.txt")) == robots
        served = client.get("/favicon.ico")
        assert served.status_code == 200 and _bytes(served) == icon


def test_the_sitemap_dates_each_page_as_the_page_shows_it(published):
    """The page shows its Beijing date; a lastmod in UTC put pages published before 08:00
    a day early."""
    from wagtail.models import Page

    checked = utc_day_differs = 0
    for info in published.values():
        lastmod = {}
        for part in info.folder.glob("sitemap-*.xml"):
            lastmod.update(re.findall(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod></url>", part.read_text("utf-8")))
        root_path = info.site.root_page.url_path
        for path in _html_files(info.folder):
            shown = re.search(r'发布时间：(?:<time datetime="[^"]*">)?(\d{4}-\d{2}-\d{2})', path.read_text("utf-8"))
            url_path = _url_of(info.folder, path)
            if shown is None or info.site.root_url + url_path not in lastmod:
                continue
            page = Page.objects.get(url_path=root_path + url_path.lstrip("/"))
            if page.last_published_at != page.first_published_at:
                continue  # changed since it first went out: lastmod is the later date
            checked += 1
            utc_day_differs += page.last_published_at.astimezone(datetime.UTC).date().isoformat() != shown[1]
            assert lastmod[info.site.root_url + url_path] == shown[1], (info.name, url_path, shown[1])
    # Enough pages, among them pages published before 08:00 Beijing time (the UTC day before).
    assert checked > 20 and utc_day_differs > 0, (checked, utc_day_differs)


def test_the_annual_report_page_is_the_report_in_the_national_format_with_its_downloads(published):
    """政府信息公开工作年度报告: the six sections of 国办公开办函〔2021〕30号, its three tables
    each in a box that scrolls by itself on a phone, the figures computed from the records,
    and the xlsx and PDF of the same report."""
    import io

    from bs4 import BeautifulSoup
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from zhanqun.disclosure import annual_report
    from zhanqun.disclosure.models import AnnualReport

    portal_info = next(i for i in published.values() if i.name == PORTAL)
    column_page = ColumnPage.objects.descendant_of(portal_info.site.root_page).get(slug="ndbg")
    report = AnnualReport.objects.get(page__in=column_page.get_children())
    path = portal_info.folder / _url_of_page(portal_info, report.page) / "index.html"
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    body = soup.select_one(".rich-text")
    assert [h.get_text() for h in body.find_all("h2")] == [
        annual_report.SECTION_1, annual_report.SECTION_2, annual_report.SECTION_3,
        annual_report.SECTION_4, annual_report.SECTION_5, annual_report.SECTION_6,
    ]
    tables = body.find_all("table")
    assert len(tables) == 3 and all(t.parent.get("class") == ["table-scroll"] for t in tables)
    assert report.overview[:20] in body.get_text()

    data = annual_report.build(report.unit, report.year, report)
    rows = {r["名称"].rsplit("/", 1)[-1]: r["数值"] for r in data[annual_report.SECTION_3]["行"]}
    three = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in tables[1].find_all("tr") if tr.td}
    assert three[annual_report.NEW] == [str(rows[annual_report.NEW][c]) for c in annual_report.COLUMNS_3]
    assert "（七）总计" in three and "1．属于国家秘密" in three

    # The downloads are the documents of the same report (served by the public app:
    # disclosure/tests/test_annual_report.py; the test storage keeps files in memory).
    from wagtail.documents import get_document_model

    links = {a.get_text(): a["href"] for a in body.select(".report-downloads a")}
    assert set(links) == {"Excel 表格（xlsx）", "PDF 文件"}
    documents = {
        label: get_document_model().objects.get(pk=re.match(r"/documents/(\d+)/", href)[1])
        for label, href in links.items()
    }
    with documents["Excel 表格（xlsx）"].file.open("rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    assert book["三、依申请公开"]["A2"].value == annual_report.NEW
    with documents["PDF 文件"].file.open("rb") as f:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert str(report) in text and "收到和处理政府信息公开申请情况" in text


def _url_of_page(info, page):
    return page.url_path.removeprefix(info.site.root_page.url_path)


# --- 依申请公开 within reach; where the /xxgk/ pages sit ---------------------------------


def _soup(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def _nav_current(soup):
    """The main navigation's entries marked as the current page."""
    return [a.get_text(strip=True) for a in soup.select('nav.site-nav [aria-current="page"]')]


def _crumb(soup):
    return " ".join(soup.select_one("nav.breadcrumb").get_text(" ").split())


def test_the_disclosure_request_form_is_linked_from_the_disclosure_column_the_site_map_and_the_catalog(published):
    """依申请公开 (在线申请, 申请进度查询) is one click from the 政府信息公开 column of every
    site, its HTML site map and the catalog, not only from inside the guide."""
    from zhanqun.columns.enums import ColumnKind

    checked = 0
    for info in published.values():
        client = Client(HTTP_HOST=info.site.hostname)
        column = ColumnPage.objects.child_of(info.site.root_page).live().filter(kind=ColumnKind.DISCLOSURE).first()
        if column is None:
            continue
        sources = {
            "政府信息公开栏目": (info.folder / _url_of_page(info, column) / "index.html").read_text("utf-8"),
            "网站地图": (info.folder / "sitemap" / "index.html").read_text("utf-8"),
            "公开目录": _text(client.get("/xxgk/catalog/")),
        }
        for where, html in sources.items():
            links = {a.get_text(strip=True): a["href"] for a in _soup(html).select("main a[href^='/xxgk/']")}
            assert links.get("在线申请") == "/xxgk/apply/", (info.name, where, links)
            assert links.get("申请进度查询") == "/xxgk/status/", (info.name, where, links)
        for url in ("/xxgk/apply/", "/xxgk/status/"):
            assert client.get(url).status_code == 200, (info.name, url)
        checked += 1
    assert checked == len(published)


def test_the_xxgk_pages_mark_their_column_in_the_navigation_and_show_its_breadcrumb(published):
    """On /xxgk/* the navigation marks 政府信息公开 (not 首页) and the breadcrumb reads
    首页 > 政府信息公开 > the page, linking the column as a published page under it does;
    the site map marks no entry."""
    for info in published.values():
        client = Client(HTTP_HOST=info.site.hostname)
        column = ColumnPage.objects.child_of(info.site.root_page).get(kind="disclosure")
        published_child = (info.folder / _url_of_page(info, column.get_children().live().first()) / "index.html")
        published_crumb = _soup(published_child.read_text("utf-8")).select_one("nav.breadcrumb")
        column_href = published_crumb.find("a", string=column.title)["href"]
        pages = [("/xxgk/catalog/", "政府信息公开目录"), ("/xxgk/apply/", "在线申请"), ("/xxgk/status/", "申请进度查询")]
        if client.get("/xxgk/guide/").status_code == 200:
            pages.append(("/xxgk/guide/", "政府信息公开指南"))
        for url, here in pages:
            soup = _soup(_text(client.get(url)))
            assert _nav_current(soup) == [column.title], (info.name, url, _nav_current(soup))
            assert _crumb(soup) == f"当前位置： 首页 > {column.title} > {here}", (info.name, url)
            assert soup.select_one("nav.breadcrumb").find("a", string=column.title)["href"] == column_href
        for where, html in [
            ("/sitemap/", _text(client.get("/sitemap/"))),
            ("sitemap/index.html", (info.folder / "sitemap" / "index.html").read_text("utf-8")),
        ]:
            soup = _soup(html)
            assert _nav_current(soup) == [], (info.name, where, _nav_current(soup))
            assert _crumb(soup) == "当前位置： 首页 > 网站地图", (info.name, where)
