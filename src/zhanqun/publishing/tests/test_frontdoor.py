"""The public front door in one process (core.middleware): published files first,
the public app for everything else, and no staff session on a public host."""

import os

import pytest
from django.test import Client
from django.utils.http import http_date

from zhanqun.conftest import PORTAL_HOST
from zhanqun.core.middleware import published_file, site_folder_name

PORTAL = "www.yunze.gov.cn"


@pytest.fixture
def root(settings, tmp_path):
    """A document root with a few files of the portal, and a secret next to it."""
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "public")
    site = tmp_path / "public" / PORTAL
    (site / "zwdt" / "page" / "2").mkdir(parents=True)
    (site / "index.html").write_text("<p>静态首页</p>", encoding="utf-8")
    (site / "zwdt" / "index.html").write_text("<p>政务动态 第1页</p>", encoding="utf-8")
    (site / "zwdt" / "page" / "2" / "index.html").write_text("<p>政务动态 第2页</p>", encoding="utf-8")
    (site / "sitemap.xml").write_text('<?xml version="1.0"?><urlset/>')
    (site / "site.css").write_text("body{}")
    (site / ".index.html.zq-tmp-abc").write_text("half a file")
    (tmp_path / "public" / "secret.html").write_text("top secret")
    (tmp_path / "secret.html").write_text("top secret")
    os.symlink(tmp_path / "secret.html", site / "link.html")
    return tmp_path / "public"


def test_before_publishing_the_public_app_renders_pages(site_group, settings, tmp_path, portal_client):
    settings.ZHANQUN_PUBLISH_ROOT = str(tmp_path / "empty")
    response = portal_client.get("/")
    assert response.status_code == 200
    assert "云泽市人民政府" in response.content.decode()
    assert not hasattr(response, "streaming_content")


@pytest.mark.parametrize(
    ("path", "text", "content_type"),
    [
        ("/", "静态首页", "text/html; charset=utf-8"),
        ("/zwdt/", "政务动态 第1页", "text/html; charset=utf-8"),
        ("/zwdt", "政务动态 第1页", "text/html; charset=utf-8"),
        ("/zwdt/page/2/", "政务动态 第2页", "text/html; charset=utf-8"),
        ("/zwdt/?page=9", "政务动态 第1页", "text/html; charset=utf-8"),  # as nginx: the query is ignored
        ("/sitemap.xml", "<urlset/>", "application/xml; charset=utf-8"),
        ("/site.css", "body{}", "text/css; charset=utf-8"),
    ],
)
def test_published_files_are_served_first(root, site_group, portal_client, path, text, content_type):
    response = portal_client.get(path)
    assert response.status_code == 200
    assert text in b"".join(response.streaming_content).decode()
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response


def test_unchanged_file_answers_not_modified(root, site_group, portal_client):
    mtime = (root / PORTAL / "index.html").stat().st_mtime
    response = portal_client.get("/", HTTP_IF_MODIFIED_SINCE=http_date(mtime + 1))
    assert response.status_code == 304


def test_the_demo_suffix_is_stripped_and_other_sites_fall_through(root, site_group):
    assert site_folder_name(PORTAL_HOST) == PORTAL
    response = Client(HTTP_HOST="fgw.yunze.gov.cn.localhost").get("/")
    assert response.status_code == 200
    assert "静态首页" not in response.content.decode()  # the 发改委 site, rendered by the app


def test_unpublished_paths_go_to_the_public_app(root, site_group, portal_client):
    assert portal_client.get("/healthz").json() == {"status": "ok"}
    response = portal_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    # Only GET and HEAD read files; other methods always reach the app.
    assert "静态首页" not in portal_client.post("/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.html",
        "/%2e%2e/secret.html",
        "/..%2fsecret.html",
        "/zwdt/%2e%2e/%2e%2e/secret.html",
        "/zwdt/..%5c..%5csecret.html",
        "/.index.html.zq-tmp-abc",
        "/%2eindex.html.zq-tmp-abc",
        "/link.html",  # a symlink out of the site's folder
        "/index.html%00.css",
    ],
)
def test_no_path_leaves_the_site_folder(root, site_group, portal_client, path):
    response = portal_client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"top secret" not in body and b"half a file" not in body
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("host", ["..", ".", ".www.yunze.gov.cn", "a/../..", "", "..localhost"])
def test_host_names_that_are_not_a_folder(root, host):
    assert published_file(root, host, "/secret.html") is None
    assert published_file(root, host, "/") is None


def test_published_file_resolves_inside_the_site(root):
    assert published_file(root, PORTAL, "/zwdt/") == (root / PORTAL / "zwdt" / "index.html").resolve()
    assert published_file(root, PORTAL, "/zwdt/page/") is None  # a folder without index.html
    assert published_file(root, PORTAL, "/../secret.html") is None


def test_admin_session_gives_no_staff_powers_on_a_public_host(root, site_group, admin_host_client):
    """The test client sends its cookies to every host, like a browser would within
    one parent domain: the back-office session must count for nothing there."""
    assert admin_host_client.get("/admin/").status_code == 200
    public = Client(HTTP_HOST=PORTAL_HOST)
    public.cookies = admin_host_client.cookies
    response = public.get("/healthz")
    assert response.wsgi_request.user.is_anonymous
    assert not response.wsgi_request.session.keys()
    response = public.get("/no-such-page/")
    assert response.wsgi_request.user.is_anonymous
    assert public.get("/admin/").status_code == 404
    # The cookie is not deleted: the editor stays logged in to the back office.
    assert "sessionid" not in response.cookies
    assert admin_host_client.get("/admin/").status_code == 200
