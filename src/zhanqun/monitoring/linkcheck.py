"""Checking external links over HTTP the way the inspectors count them: only a
*confirmed* failure is a broken link.

* **Confirmed broken**: HTTP 404, 410 or 403 (403 is asked again with GET, since some
  servers refuse HEAD), or a host name that does not resolve (DNS failure).
* **Unconfirmed** (not reported as broken, kept for the next run): timeouts, refused or
  reset connections, 5xx — these are often passing trouble, and the inspectors retry too.
  Each is tried ``retries`` more times with a growing pause first.
* **OK**: 2xx and 3xx (a redirect is a working link; it is not followed).

Concurrency is bounded overall (``workers``) and per host (``per_host`` connections,
each pausing ``per_host_delay`` seconds between requests), so that no site — often
another government's — sees a burst from us. Pure standard library
(``http.client`` in threads); no Django.
"""

import http.client
import socket
import ssl
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

OK, BROKEN, UNCONFIRMED = "ok", "broken", "unconfirmed"
BROKEN_STATUSES = {404, 410, 403}


@dataclass
class LinkResult:
    url: str
    state: str  # ok | broken | unconfirmed
    status: int | None = None
    reason: str = ""
    attempts: int = 1
    elapsed_ms: int = 0


def _request(url, method, timeout, connect_to=None):
    from .crawl import address

    parts = urlsplit(url)
    host, port = address(url, connect_to)  # a name under localhost: the loopback address
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(method, path, headers={"Host": parts.netloc, "User-Agent": "Zhanqun-LinkCheck/1"})
        response = conn.getresponse()
        if method == "GET":
            response.read(65536)  # enough to know it is there; never the whole file
        return response.status
    finally:
        conn.close()


def check_url(url, timeout=10.0, retries=1, backoff=0.5, connect_to=None):
    """One URL, HEAD first (GET where HEAD is refused or 403/405)."""
    started = time.monotonic()
    attempts = 0
    last = LinkResult(url, UNCONFIRMED)
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * attempt)
        attempts += 1
        try:
            status = _request(url, "HEAD", timeout, connect_to)
            if status in (403, 405, 501):
                status = _request(url, "GET", timeout, connect_to)
        except socket.gaierror as exc:
            return LinkResult(url, BROKEN, None, f"域名无法解析：{exc.strerror or exc}", attempts, _ms(started))
        except TimeoutError:
            last = LinkResult(url, UNCONFIRMED, None, f"{timeout:g} 秒内无响应", attempts, _ms(started))
            continue
        except (OSError, http.client.HTTPException) as exc:
            last = LinkResult(url, UNCONFIRMED, None, f"连接失败：{exc.__class__.__name__}", attempts, _ms(started))
            continue
        if status in BROKEN_STATUSES:
            return LinkResult(url, BROKEN, status, f"HTTP {status}", attempts, _ms(started))
        if status >= 500:
            last = LinkResult(url, UNCONFIRMED, status, f"HTTP {status}", attempts, _ms(started))
            continue
        return LinkResult(url, OK, status, "", attempts, _ms(started))
    last.attempts = attempts
    last.elapsed_ms = _ms(started)
    return last


def _ms(started):
    return int((time.monotonic() - started) * 1000)


def check_urls(
    urls, workers=16, per_host=2, per_host_delay=0.2, timeout=10.0, retries=1, backoff=0.5, connect_to=None
):
    """{url: LinkResult} for every URL: up to ``workers`` requests at once, at most
    ``per_host`` of them to one host, each of those waiting ``per_host_delay`` seconds
    between its requests."""
    by_host = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[urlsplit(url).netloc.lower()].append(url)
    lanes = []  # one lane = a sequence of requests to one host
    for host_urls in by_host.values():
        n = max(1, min(per_host, len(host_urls)))
        lanes += [host_urls[i::n] for i in range(n)]
    results = {}
    lock = threading.Lock()

    def run_lane(lane):
        for i, url in enumerate(lane):
            if i and per_host_delay:
                time.sleep(per_host_delay)
            result = check_url(url, timeout, retries, backoff, connect_to)
            with lock:
                results[url] = result

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(run_lane, lanes))
    return results


def domain_allowed(host, allowed):
    """Whether ``host`` is one of ``allowed`` or below one (``gov.cn`` allows
    ``www.beijing.gov.cn``)."""
    host = (host or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (a.lower().strip(".") for a in allowed if a))
