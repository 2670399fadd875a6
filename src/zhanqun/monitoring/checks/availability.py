"""Availability (the inspectors' 站点无法访问): each site's home page and its top-level
columns fetched over HTTP the way a visitor's browser would; a page that does not load
with status 200 within ``ZHANQUN_MONITOR_TIMEOUT`` seconds (15, the inspectors' limit)
is a failure. Every request is kept as a ``Probe``: the scorecard counts the day's and the
week's failure share from them (veto at 5% over a week, deduction from 1%).

``ZHANQUN_MONITOR_CONNECT_TO`` ("127.0.0.1:8000") sends every request to that address
with the site's own ``Host`` header, like ``curl --connect-to``: for a monitor inside the
hosting network, or the demo's ``*.localhost`` names."""

import http.client
import time
from urllib.parse import urlsplit

from django.conf import settings

from ..enums import Problem
from . import Observation

TIMEOUT = 15


def key_urls(site):
    """The home page and the site's top-level columns."""
    from zhanqun.columns.models import ColumnPage

    base = site.root_url
    urls = [base + "/"]
    for column in ColumnPage.objects.live().child_of(site.root_page).order_by("path"):
        url = column.get_url()
        if url:
            urls.append(url if url.startswith("http") else base + url)
    return urls


def fetch(url, timeout=None, connect_to=None):
    """(ok, status, elapsed ms, error) of one GET, following no redirects."""
    timeout = timeout or getattr(settings, "ZHANQUN_MONITOR_TIMEOUT", TIMEOUT)
    connect_to = connect_to if connect_to is not None else getattr(settings, "ZHANQUN_MONITOR_CONNECT_TO", "")
    from ..crawl import address

    parts = urlsplit(url)
    host, port = address(url, connect_to)  # a name under localhost: the loopback address
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    started = time.monotonic()
    conn = cls(host, port, timeout=timeout)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request("GET", path, headers={"Host": parts.netloc, "User-Agent": "Zhanqun-Monitor/1"})
        response = conn.getresponse()
        response.read()
        elapsed = int((time.monotonic() - started) * 1000)
        if elapsed > timeout * 1000:
            return False, response.status, elapsed, f"超过 {timeout} 秒未加载完成"
        if response.status != 200:
            return False, response.status, elapsed, f"HTTP {response.status}"
        return True, response.status, elapsed, ""
    except TimeoutError:
        return False, None, int((time.monotonic() - started) * 1000), f"超过 {timeout} 秒未响应"
    except OSError as exc:
        return False, None, int((time.monotonic() - started) * 1000), f"无法连接：{exc}"[:300]
    finally:
        conn.close()


def check(site, now):
    from ..models import Probe

    found = []
    for url in key_urls(site):
        ok, status, elapsed, error = fetch(url)
        Probe.objects.create(site=site, url=url, at=now, ok=ok, status_code=status, elapsed_ms=elapsed, error=error)
        if not ok:
            found.append(
                Observation(
                    Problem.UNREACHABLE,
                    f"url:{url}",
                    f"页面无法访问：{url}（{error}）",
                    url=url,
                    evidence={"status": status, "elapsed_ms": elapsed, "error": error},
                )
            )
    return found
