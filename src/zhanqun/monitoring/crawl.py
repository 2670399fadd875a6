"""Crawling a site over HTTP as a visitor (and an inspector's spider) does: from the home
page, every page linked within the same host, breadth first, up to a page limit.

The links monitor reads the document root first (every published file, every link in
it); the crawl adds what only the web server knows — a page that exists on disk but
nginx answers with an error, a form or other dynamic page of the public app that fails
or answers 404 (``/xxgk/guide/`` of a unit whose guide is not published), a redirect
loop. Every same-host link is requested: pages are followed and read for more links,
other files (``catalog.csv``, a document, an image) are only asked for. Host names under
``localhost`` (the demo's ``www.yunze.gov.cn.localhost``) are reached on the loopback
address, as browsers do (RFC 6761). Pure standard library (``http.client`` in a few
threads); no Django.
"""

import http.client
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

PAGE_SUFFIXES = ("", ".html", ".htm", ".shtml")
LOADED_RELS = {"stylesheet", "icon", "alternate"}


@dataclass
class CrawledPage:
    url: str
    status: int | None
    error: str = ""
    links: list = field(default_factory=list)  # (absolute url, link text)


class _Anchors(HTMLParser):
    """Links a visitor's browser follows or loads: ``<a href>``, ``<img>``/``<script>``/
    ``<source>`` ``src``, and ``<link href>`` of a stylesheet, icon or feed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self._open = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            href = attrs.get("href")
            if href:
                self._open = [href, ""]
                self.links.append(self._open)
        elif tag in ("img", "script", "source") and attrs.get("src"):
            self.links.append([attrs["src"], attrs.get("alt") or tag])
        elif tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & LOADED_RELS:
            self.links.append([attrs["href"], attrs.get("title") or attrs.get("rel")])

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def is_page(url):
    """Whether ``url`` names a page (followed and parsed) rather than a file."""
    path = urlsplit(url).path
    last = path.rsplit("/", 1)[-1]
    suffix = last[last.rfind(".") :].lower() if "." in last else ""
    return suffix in PAGE_SUFFIXES


def address(url, connect_to=""):
    """(host, port) to connect to for ``url``: ``connect_to`` ("host:port") when given;
    the loopback address for a name under ``localhost`` (RFC 6761 — what browsers and
    curl do, while the C resolver may not know ``www.yunze.gov.cn.localhost``); else
    the URL's own host and port."""
    parts = urlsplit(url)
    if connect_to:
        host, _sep, port = connect_to.rpartition(":")
        return host, int(port)
    host = (parts.hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return "127.0.0.1", parts.port
    return parts.hostname, parts.port


def fetch(url, timeout=10.0, connect_to=""):
    """GET ``url``; (status or None, body text for HTML else "", error). Only an HTML
    answer is read whole (up to 2 MB); of anything else, enough to know it is there."""
    parts = urlsplit(url)
    host, port = address(url, connect_to)
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(host, port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request("GET", path, headers={"Host": parts.netloc, "User-Agent": "Zhanqun-Monitor/1 (crawl)"})
        response = conn.getresponse()
        kind = response.getheader("Content-Type", "")
        body = response.read(2_000_000 if "html" in kind else 65536)
        text = body.decode("utf-8", errors="replace") if "html" in kind else ""
        return response.status, text, ""
    except TimeoutError:
        return None, "", f"超过 {timeout:g} 秒未响应"
    except OSError as exc:
        return None, "", f"无法连接：{exc}"[:300]
    finally:
        conn.close()


def crawl(start, *, max_pages=2000, workers=4, delay=0.0, timeout=10.0, connect_to=""):
    """{url: CrawledPage} of every URL linked from ``start`` on the same host, page or
    not (fragments dropped, query strings kept), at most ``max_pages`` of them; only
    pages (``is_page``) are read for further links."""
    host = urlsplit(start).netloc
    seen = {start}
    queue = deque([start])
    pages = {}

    def visit(url):
        status, text, error = fetch(url, timeout=timeout, connect_to=connect_to)
        if delay:
            time.sleep(delay)
        page = CrawledPage(url, status, error)
        if text and is_page(url) and status < 400:  # an error page's own links are not the site's
            parser = _Anchors()
            parser.feed(text)
            page.links = [(urljoin(url, href.strip()), " ".join(label.split())[:80]) for href, label in parser.links]
        return page

    with ThreadPoolExecutor(max_workers=workers) as pool:
        while queue and len(pages) < max_pages:
            batch = [queue.popleft() for _ in range(min(len(queue), workers * 4, max_pages - len(pages)))]
            for page in pool.map(visit, batch):
                pages[page.url] = page
                for link, _label in page.links:
                    parts = urlsplit(link)
                    if parts.scheme not in ("http", "https") or parts.netloc != host:
                        continue
                    link = parts._replace(fragment="").geturl()
                    if link not in seen:
                        seen.add(link)
                        queue.append(link)
    return pages
