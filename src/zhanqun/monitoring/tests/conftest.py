import http.server
import threading
import time
from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import services


@pytest.fixture
def published(site_group, settings, tmp_path):
    """The test site group with one news item, published into a scratch document root
    (the publisher's own full publish), with automatic restore of tampered files on."""
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "public")
    settings.ZHANQUN_MONITOR_RESTORE = True
    news = column(site_group.portal, "zwdt")
    add_item(news, "市政府召开常务会议", days_ago=1)
    services.publish_site(site_group.portal)
    services.publish_site(site_group.department)
    return site_group


def add_item(parent, title, days_ago=0, body=""):
    article = ArticlePage(title=title, responsible_unit=parent.responsible_unit, summary="摘要", body=body)
    parent.add_child(instance=article)
    article.save_revision().publish()
    when = timezone.now() - timedelta(days=days_ago)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when, last_published_at=when)
    article.refresh_from_db()
    return article


class _Handler(http.server.SimpleHTTPRequestHandler):
    broken = set()

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path in self.broken:
            self.send_error(503)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server(settings):
    """A web server on a loopback port serving one site's document root, as nginx does
    (``serve(site)``); paths in ``.broken`` answer 503. The monitor connects to it with
    the site's own Host header (``ZHANQUN_MONITOR_CONNECT_TO``)."""
    servers = []

    def serve(site):
        directory = str(services.site_dir(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=directory))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        settings.ZHANQUN_MONITOR_CONNECT_TO = f"127.0.0.1:{server.server_address[1]}"
        settings.ZHANQUN_MONITOR_TIMEOUT = 5
        return _Handler

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
    _Handler.broken = set()


class LinkHandler(http.server.BaseHTTPRequestHandler):
    hits = []

    def _answer(self, with_body):
        LinkHandler.hits.append((self.command, self.path, time.monotonic()))
        path = self.path
        if path == "/gone":
            status = 404
        elif path == "/removed":
            status = 410
        elif path == "/no-head":
            status = 405 if self.command == "HEAD" else 200
        elif path == "/forbidden-head":
            status = 403 if self.command == "HEAD" else 200
        elif path == "/forbidden":
            status = 403
        elif path == "/error":
            status = 500
        elif path == "/slow":
            time.sleep(1.5)
            status = 200
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/elsewhere")
            self.end_headers()
            return
        else:
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def link_server():
    """A loopback web server answering as the paths say (``/gone`` 404, ``/slow`` 1.5 s …),
    for every host name: pass its address as ``connect_to``."""
    LinkHandler.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LinkHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
