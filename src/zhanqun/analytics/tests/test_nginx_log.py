"""The access log real nginx writes with the configuration `zhanqun deploy nginx`
generates, ingested: one log for both sites, told apart by the host."""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from zhanqun.analytics import ingest
from zhanqun.analytics.models import PageViewDay, SiteDay
from zhanqun.core import nginx

from .conftest import DEPARTMENT, PORTAL, SPIDER

NGINX = os.environ.get("ZHANQUN_NGINX", "/usr/sbin/nginx")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def publish_root():
    """A document root nginx's workers can read: run as root, nginx serves as ``nobody``,
    which cannot enter pytest's private temporary directories."""
    root = Path(tempfile.mkdtemp(prefix="zhanqun-analytics-nginx-"))
    root.chmod(0o755)
    yield root / "public"
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def nginx_server(published, settings, tmp_path):
    if not shutil.which(NGINX):
        pytest.skip(f"nginx not found at {NGINX}: run `make browsers` (apt-get install nginx-light).")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = _free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(
        nginx.render_standalone_config(
            prefix,
            root=settings.ZHANQUN_PUBLISH_ROOT,
            upstream=f"127.0.0.1:{_free_port()}",  # nothing dynamic is asked for
            listen=f"127.0.0.1:{port}",
            static_root=None,
            media_root=None,
            host_suffix=".localhost",
        )
    )
    proc = subprocess.Popen(  # noqa: S603
        [NGINX, "-p", str(prefix), "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"nginx did not start:\n{proc.communicate()[0].decode(errors='replace')}")
            time.sleep(0.05)
    yield port, prefix / "access.log"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _get(port, path, host, agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host, "User-Agent": agent})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_nginx_access_log_is_counted_per_site_and_page(published, nginx_server):
    port, log = nginx_server
    item = published.news.get_url_parts()[2]
    assert _get(port, item, f"{PORTAL}.localhost") == 200
    assert _get(port, item, PORTAL) == 200
    assert _get(port, "/", f"{DEPARTMENT}.localhost") == 200
    assert _get(port, item, PORTAL, agent=SPIDER) == 200
    assert _get(port, "/zwdt/feed.xml", PORTAL) == 200
    assert _get(port, "/no-such-page/", PORTAL) == 502  # to the app, which is not running here
    deadline = time.monotonic() + 5
    while log.read_text().count("\n") < 6 and time.monotonic() < deadline:  # nginx writes after the response
        time.sleep(0.05)

    report = ingest.ingest([log])
    assert report.counted == 3 and report.skipped.get("malformed", 0) == 0
    assert PageViewDay.objects.get(site=published.portal, path=item).views == 2
    assert SiteDay.objects.get(site=published.department).views == 1
