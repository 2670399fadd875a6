import http.server
import threading
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
