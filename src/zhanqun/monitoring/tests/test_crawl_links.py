"""Links to pages that do not exist: the 公开指南 column links the guide only once it is
published, and the links monitor's crawl over HTTP reports a 404 on any linked path —
a page the public app serves (``/xxgk/guide/``), a file, a document — not only on
published files."""

import http.server
import threading

import pytest

from zhanqun.content.tests.conftest import staff
from zhanqun.disclosure import guides
from zhanqun.disclosure.tests.test_catalog_and_guide import guide_for
from zhanqun.monitoring import crawl
from zhanqun.publishing.services import site_dir
from zhanqun.units.enums import Role


@pytest.mark.django_db
def test_the_guide_column_links_the_guide_only_once_the_head_approves_it(
    published, settings, django_capture_on_commit_callbacks
):
    portal = published.portal
    guide_file = site_dir(portal) / "zfxxgk" / "gkzn" / "index.html"
    html = guide_file.read_text("utf-8")
    assert 'href="/xxgk/guide/"' not in html  # /xxgk/guide/ answers 404 until the guide is approved
    assert "政府信息公开指南正在编制" in html and 'href="/xxgk/catalog/"' in html

    settings.ZHANQUN_PUBLISH_AUTO = True
    office = published.units.office
    head = staff("office_head", office, Role.UNIT_HEAD)
    guide = guide_for(office)
    guides.submit(guide, head)
    with django_capture_on_commit_callbacks(execute=True):
        guides.approve(guide, head)

    html = guide_file.read_text("utf-8")
    assert '<a href="/xxgk/guide/">查看本机关政府信息公开指南</a>' in html
    assert "正在编制" not in html


def test_names_under_localhost_are_reached_on_the_loopback_address():
    assert crawl.address("http://czj.yunze.gov.cn.localhost:8000/xxgk/guide/") == ("127.0.0.1", 8000)
    assert crawl.address("http://localhost:8000/") == ("127.0.0.1", 8000)
    assert crawl.address("https://www.yunze.gov.cn/") == ("www.yunze.gov.cn", None)
    assert crawl.address("http://www.yunze.gov.cn/", "10.1.1.5:8080") == ("10.1.1.5", 8080)


class _Site(http.server.BaseHTTPRequestHandler):
    """A home page linking a page, a dynamic path that answers 404, a missing file and
    one that is there; the 404s must all be found, the file never parsed."""

    pages = {
        "/": '<a href="/about/">关于我们</a> <a href="/xxgk/guide/">公开指南</a> <a href="/xxgk/catalog.csv">CSV</a>'
        '<img src="/media/missing.png" alt="图片"> <link rel="icon" href="/favicon.ico">',
        "/about/": '<a href="/">首页</a> <a href="/documents/7/report.pdf">年度报告</a>',
    }
    files = {"/xxgk/catalog.csv": "text/csv", "/favicon.ico": "image/x-icon"}

    def do_GET(self):  # noqa: N802
        if self.path in self.pages:
            body, kind = self.pages[self.path].encode(), "text/html; charset=utf-8"
        elif self.path in self.files:  # a file whose bytes look like a link: never followed
            body, kind = b'<a href="/never-followed/">x</a>', self.files[self.path]
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_crawl_requests_every_linked_path_and_reports_each_404():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://site.localhost:{server.server_address[1]}"
        pages = crawl.crawl(base + "/", workers=2)
    finally:
        server.shutdown()
        server.server_close()
    status = {url.removeprefix(base): page.status for url, page in pages.items()}
    assert status == {
        "/": 200, "/about/": 200, "/xxgk/guide/": 404, "/xxgk/catalog.csv": 200, "/media/missing.png": 404,
        "/favicon.ico": 200, "/documents/7/report.pdf": 404,
    }
