"""Smoke test of the public side: every address a visitor can reach on every site of the
demo — from its home page, its XML sitemap, its HTML site map and its feeds, following
links from page to page and into the other sites of the group — answers without a
server error and without "not found" (issue 14: the 公开指南 column linked to a guide
that answered 404, and the sites' own link monitor did not see it).

The demo is published into a scratch document root and each request goes through the
public front door with the site's Host header, as in ``make demo``: a published file
when there is one (nginx's part in production), the public app otherwise (forms,
queries, the catalog, feeds and archive pages). Static files are looked up where
``collectstatic`` would find them.
"""

import sys
from collections import deque
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.signals import got_request_exception
from django.test import Client
from lxml import etree
from lxml import html as lxml_html

from zhanqun.sitegroup.models import SiteIdentity

pytestmark = pytest.mark.django_db

START = ["/", "/sitemap.xml", "/sitemap/", "/feed.xml", "/atom.xml"]
PER_PATH = 3  # addresses opened per path with different queries (a list's filters)
NOT_A_PAGE = ("#", "mailto:", "tel:", "javascript:", "data:")


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _links(content_type, body):
    """Addresses in a page (anchors, stylesheets, images, scripts) or an XML file
    (sitemap ``<loc>``, feed ``<link>``)."""
    if not body.strip():
        return []
    mime = content_type.split(";")[0].strip()
    if mime in ("application/xml", "text/xml") or mime.endswith("+xml"):
        tree = etree.fromstring(body)  # noqa: S320 - our own published XML
        return [
            (el.text or el.get("href") or "").strip()
            for el in tree.iter()
            if isinstance(el.tag, str) and etree.QName(el).localname in ("loc", "link")
        ]
    if mime != "text/html":
        return []
    tree = lxml_html.fromstring(body)
    return [value.strip() for value in tree.xpath("//a/@href | //link/@href | //img/@src | //script/@src")]


def test_every_public_address_of_every_site_answers(served_demo):
    sites = {identity.site.hostname: identity for identity in SiteIdentity.objects.select_related("site")}
    assert len(sites) == 7
    # A link may name a site by its official domain (without the demo's ".localhost").
    hosts = {**{identity.domain: host for host, identity in sites.items()}, **{host: host for host in sites}}
    errors = {}

    def record(sender, request=None, **kwargs):
        exc = sys.exc_info()[1]
        errors[(request.get_host(), request.get_full_path())] = f"{type(exc).__name__}: {exc}"[:300]

    queue = deque((host, path, "(start)") for host in sites for path in START)
    seen = {(host, path) for host, path, _from in queue}
    per_path, failures, opened = {}, [], {}
    clients = {host: Client(HTTP_HOST=host, raise_request_exception=False) for host in sites}
    got_request_exception.connect(record)
    try:
        while queue:
            host, path, referrer = queue.popleft()
            if path.startswith(settings.STATIC_URL):
                if finders.find(unquote(urlsplit(path).path)[len(settings.STATIC_URL) :]) is None:
                    failures.append(f"{host}{path} → no such static file (linked from {referrer})")
                continue
            response = clients[host].get(path)
            opened[host] = opened.get(host, 0) + 1
            status = response.status_code
            if status in (301, 302, 303, 307, 308):
                targets = [response["Location"]]
            elif status == 200:
                targets = _links(response.get("Content-Type", ""), _body(response))
            else:
                error = errors.get((host, path), "")
                failures.append(f"{host}{path} → {status} {error}(linked from {referrer})")
                continue
            for link in targets:
                if not link or link.startswith(NOT_A_PAGE):
                    continue
                parts = urlsplit(urljoin(f"http://{host}{path}", link))
                if parts.scheme not in ("http", "https"):
                    continue
                target_host = hosts.get(parts.hostname)
                if target_host is None:
                    continue  # outside the group (the national portal, the ICP record…)
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if (target_host, target) in seen:
                    continue
                seen.add((target_host, target))
                if parts.query:  # a list's filters and pages: a few of each
                    count = per_path.get((target_host, parts.path), 0)
                    if count >= PER_PATH or "captcha" in parse_qs(parts.query):
                        continue
                    per_path[(target_host, parts.path)] = count + 1
                queue.append((target_host, target, f"{host}{path}"))
    finally:
        got_request_exception.disconnect(record)

    assert not failures, f"{len(failures)} public addresses fail:\n" + "\n".join(sorted(failures))
    # The crawl reached every site's pages, not only its start pages.
    for host, count in opened.items():
        assert count > 3 * len(START), (host, count)
