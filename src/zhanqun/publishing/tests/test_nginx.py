"""The nginx configuration in deploy/ (rendered by zhanqun.core.nginx) in front of a
published demo group: Debian's nginx on a loopback port, the live server as the app."""

import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from zhanqun.core import nginx

NGINX = os.environ.get("ZHANQUN_NGINX", "/usr/sbin/nginx")
PORTAL = "www.yunze.gov.cn"
REPO = Path(__file__).resolve().parents[4]


def test_checked_in_config_is_the_rendered_default(capsys):
    """deploy/nginx/zhanqun.conf is what `zhanqun deploy nginx` prints with the defaults."""
    call_command("deploy", "nginx")
    assert capsys.readouterr().out == (REPO / "deploy" / "nginx" / "zhanqun.conf").read_text()


def test_render_refuses_values_that_would_inject_directives():
    with pytest.raises(ValueError):
        nginx.render_site_config(root="/srv/x; include /etc/passwd")
    with pytest.raises(ValueError):
        nginx.render_site_config(upstream="127.0.0.1:8001;}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path, host=PORTAL, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


@pytest.fixture
def published_demo(transactional_db, settings, tmp_path):
    """The demo group at scale 0.05, committed for the live server and published."""
    from wagtail.models import Site

    from zhanqun.demo.loader import load_demo
    from zhanqun.publishing import services

    root = tmp_path / "public"
    settings.ZHANQUN_PUBLISH_ROOT = str(root)
    settings.ZHANQUN_PUBLISH_AUTO = False
    load_demo(scale=0.05)
    for site in Site.objects.select_related("root_page"):
        stats = services.publish_site(site)
        assert not stats.errors
    return root


@pytest.fixture
def nginx_port(published_demo, live_server, tmp_path):
    if not shutil.which(NGINX):
        pytest.skip(f"nginx not found at {NGINX}: run `make browsers` (apt-get install nginx-light).")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = _free_port()
    upstream = live_server.url.split("://", 1)[1]
    conf = prefix / "nginx.conf"
    conf.write_text(
        nginx.render_standalone_config(
            prefix,
            root=published_demo,
            upstream=upstream,
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
                out = proc.communicate()[0].decode(errors="replace")
                log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
                pytest.fail(f"nginx did not start:\n{out}\n{log}")
            time.sleep(0.05)
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def _assert_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.getheader(name) == value, name
    csp = response.getheader("Content-Security-Policy")
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp


@pytest.mark.browser  # transactional with a live server: the root conftest restores data after it
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_serves_the_published_site_and_proxies_dynamic_paths(published_demo, nginx_port):
    from wagtail.models import Site

    from zhanqun.columns.models import ColumnPage

    site_root = published_demo / PORTAL
    portal = Site.objects.get(is_default_site=True)
    column = ColumnPage.objects.descendant_of(portal.root_page).get(slug="zwdt")
    item = column.get_items().first()

    # Home, a column, an item, the sitemap: the published bytes, with the headers.
    for path, file in [
        ("/", "index.html"),
        ("/zwdt/", "zwdt/index.html"),
        (f"/zwdt/{item.slug}/", f"zwdt/{item.slug}/index.html"),
        ("/sitemap.xml", "sitemap.xml"),
    ]:
        response, body = _get(nginx_port, path)
        assert response.status == 200, path
        assert body == (site_root / file).read_bytes(), path
        _assert_security_headers(response)
        if file.endswith(".html"):
            assert response.getheader("Content-Type") == "text/html; charset=utf-8"
            assert response.getheader("Cache-Control") == "no-cache"
    assert "云泽市人民政府" in _get(nginx_port, "/")[1].decode()
    assert item.title in _get(nginx_port, f"/zwdt/{item.slug}/")[1].decode()
    assert b"<sitemapindex" in _get(nginx_port, "/sitemap.xml")[1]
    index = _get(nginx_port, "/sitemap.xml")[1].decode()
    first_part = index.split("<loc>", 1)[1].split("</loc>", 1)[0].rsplit("/", 1)[1]
    assert b"<urlset" in _get(nginx_port, f"/{first_part}")[1]
    if (site_root / "feed.xml").is_file():  # feeds (publishing/feeds.py)
        response, body = _get(nginx_port, "/feed.xml")
        assert response.getheader("Content-Type") == "application/rss+xml; charset=utf-8"
        assert body == (site_root / "feed.xml").read_bytes()

    # The demo host name (with .localhost) finds the same folder.
    response, body = _get(nginx_port, "/", host=f"{PORTAL}.localhost")
    assert body == (site_root / "index.html").read_bytes()

    # gzip for clients that ask.
    response, body = _get(nginx_port, "/", headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"

    # Dot files — the publisher's temporary files among them — are never served.
    (site_root / ".index.html.zq-tmp-abc").write_text("half a file")
    (site_root / ".git").mkdir()
    (site_root / ".git" / "config").write_text("[core]")
    for path in ["/.index.html.zq-tmp-abc", "/.git/config", "/zwdt/../.git/config", "/%2egit/config"]:
        response, body = _get(nginx_port, path)
        assert response.status in (403, 404), path
        assert b"half a file" not in body and b"[core]" not in body

    # Dynamic paths go to the app: the health check, and a path nothing published
    # (the public app's 404 page), both with nginx's security headers and only once.
    response, body = _get(nginx_port, "/healthz")
    assert response.status == 200
    assert body == b'{"status": "ok"}'
    _assert_security_headers(response)
    assert len(response.headers.get_all("X-Frame-Options")) == 1
    response, body = _get(nginx_port, "/no-such-page/")
    assert response.status == 404
    assert "页面不存在" in body.decode()
    _assert_security_headers(response)
