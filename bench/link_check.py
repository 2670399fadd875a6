"""Benchmark the link checker: 10,000 external links on a loopback test server, some
slow, some broken, some refusing HEAD, some failing once — time and accuracy.

The server answers every Host name (the checker connects to it with ``connect_to``, as
it does for a monitor inside a hosting network), so the links are spread over 50 host
names and the checker's per-host politeness applies as it would on the internet. What
each URL should be is known in advance:

* broken (must be reported): 404, 410, 403 on HEAD and GET;
* working (must not be): 200, 301, HEAD refused with 405 or 403 but GET 200, a 503 on
  the first request and 200 on the retry;
* unconfirmed (must not be reported as broken): slower than the timeout, or 500 every
  time.

Accuracy: precision and recall of "broken" against that truth, and how many working
links were called anything but ok. Settings as in production (``ZHANQUN_LINKCHECK``
defaults) except the delay between requests to one host, which is given.

    .venv/bin/python bench/link_check.py                 # 10,000 links
    .venv/bin/python bench/link_check.py --links 2000 --delay 0
"""

import argparse
import http.server
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

KINDS = [  # (kind, share, expected state)
    ("ok", 0.78, "ok"),
    ("moved", 0.04, "ok"),
    ("no_head", 0.03, "ok"),
    ("forbidden_head", 0.02, "ok"),
    ("flaky", 0.02, "ok"),
    ("gone", 0.04, "broken"),
    ("removed", 0.01, "broken"),
    ("forbidden", 0.02, "broken"),
    ("error", 0.02, "unconfirmed"),
    ("slow", 0.02, "unconfirmed"),
]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    slow_seconds = 1.5
    seen = Counter()
    lock = threading.Lock()

    def _answer(self, body):
        kind = self.path.split("/")[1]
        with Handler.lock:
            Handler.seen[self.path] += 1
            first = Handler.seen[self.path] == 1
        status = {
            "ok": 200,
            "gone": 404,
            "removed": 410,
            "forbidden": 403,
            "error": 500,
            "no_head": 405 if self.command == "HEAD" else 200,
            "forbidden_head": 403 if self.command == "HEAD" else 200,
            "flaky": 503 if first else 200,
        }.get(kind, 200)
        if kind == "slow":
            time.sleep(Handler.slow_seconds)
        if kind == "moved":
            self.send_response(301)
            self.send_header("Location", "/ok/elsewhere")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


def make_links(n, hosts, rng):
    links = {}
    names = [k for k, _s, _e in KINDS]
    weights = [s for _k, s, _e in KINDS]
    expected = {k: e for k, _s, e in KINDS}
    for i in range(n):
        kind = rng.choices(names, weights)[0]
        url = f"http://www{i % hosts}.example.gov.cn/{kind}/{i}"
        links[url] = expected[kind]
    return links


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--links", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.05, help="seconds between requests to one host, per lane")
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--output", default=None)
    options = parser.parse_args()

    sys.path.insert(0, str(C.ROOT / "src"))
    from zhanqun.monitoring import linkcheck

    rng = random.Random(2026)
    links = make_links(options.links, options.hosts, rng)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connect_to = f"127.0.0.1:{server.server_address[1]}"
    load_before = C.os.getloadavg()
    started = time.monotonic()
    results = linkcheck.check_urls(
        list(links),
        workers=options.workers,
        per_host=options.per_host,
        per_host_delay=options.delay,
        timeout=options.timeout,
        retries=1,
        backoff=0.2,
        connect_to=connect_to,
    )
    seconds = time.monotonic() - started
    server.shutdown()

    confusion = Counter((links[url], results[url].state) for url in links)
    reported = sum(n for (_exp, got), n in confusion.items() if got == "broken")
    true_broken = sum(n for (exp, _got), n in confusion.items() if exp == "broken")
    hits = confusion[("broken", "broken")]
    figures = {
        "benchmark": "link_check",
        "links": len(links),
        "hosts": options.hosts,
        "settings": {
            "workers": options.workers,
            "per_host": options.per_host,
            "per_host_delay_seconds": options.delay,
            "timeout_seconds": options.timeout,
            "retries": 1,
            "slow_link_seconds": Handler.slow_seconds,
        },
        "seconds": round(seconds, 2),
        "links_per_second": round(len(links) / seconds, 1),
        "requests": sum(Handler.seen.values()),
        "expected": dict(Counter(links.values())),
        "found": dict(Counter(r.state for r in results.values())),
        "confusion": {f"{exp}->{got}": n for (exp, got), n in sorted(confusion.items())},
        "broken_precision": round(hits / reported, 4) if reported else None,
        "broken_recall": round(hits / true_broken, 4) if true_broken else None,
        "working_links_not_ok": sum(n for (exp, got), n in confusion.items() if exp == "ok" and got != "ok"),
        "machine": C.machine(load_before),
    }
    C.write_results("link_check", figures, options.output)


if __name__ == "__main__":
    main()
