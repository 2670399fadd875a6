"""Access-log ingest speed: lines/s and peak memory of `zhanqun analytics ingest` over
1,000,000 generated lines (median of --runs runs).

In a scratch copy of the seeded demo group (SQLite, cached by bench/_common.py) a log
of N lines in the zhanqun format (combined + "$host") is generated for the demo's seven
sites over 30 days: people reading the home pages, columns and items (a few popular,
a long tail; 15% revalidations with 304), their browsers fetching the stylesheet and
images, crawlers and monitors, 404s and POSTs, and 0.1% malformed lines. Then, in a fresh
process each time, the analytics tables are emptied and the file ingested
(``analytics.ingest.ingest``: parse, classify, aggregate per day, site and path, merge
into the database in chunks, attribute pages and columns), timed inside the process
(without Django's start-up) with the process's peak RSS (``ru_maxrss``) and its RSS
before the ingest. Also measured: the classifier alone (the regular expression and the
per-line checks, no database) over the same lines.

    .venv/bin/python bench/analytics_ingest.py
    .venv/bin/python bench/analytics_ingest.py --lines 200000 --runs 1
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

GENERATE = r"""
import random, sys
from datetime import datetime, timedelta
import django
django.setup()
from django.utils import timezone
from wagtail.models import Page, Site

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(8)
sites = []
for site in Site.objects.select_related("root_page").order_by("-is_default_site", "pk"):
    root = site.root_page
    paths = ["/" + u[len(root.url_path):] for u in Page.objects.live().descendant_of(root, inclusive=True).values_list("url_path", flat=True)]
    sites.append((site.hostname, paths, [1.0 / (i + 1) ** 0.9 for i in range(len(paths))]))
browsers = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49",
    "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
]
bots = ["Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "Zhanqun-Monitor/1", "-"]
visitors = [(f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}", rnd.choice(browsers)) for _ in range(20000)]
start = timezone.localtime() - timedelta(days=30)
step = timedelta(days=30) / n
site_weights = [4] + [1] * (len(sites) - 1)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        when = (start + step * i).strftime("%d/%b/%Y:%H:%M:%S +0800")
        host, paths, weights = rnd.choices(sites, site_weights)[0]
        address, agent = rnd.choice(visitors)
        r = rnd.random()
        method, status = "GET", 200
        if r < 0.60:
            target = rnd.choices(paths, weights)[0]
            status = 304 if rnd.random() < 0.15 else 200
        elif r < 0.82:
            target = rnd.choice(["/static/zhanqun/site.css", "/favicon.ico", "/static/zhanqun/emblem.png", "/zwdt/feed.xml"])
        elif r < 0.94:
            target, agent = rnd.choices(paths, weights)[0], rnd.choice(bots)
        elif r < 0.97:
            target, status = rnd.choice(["/wp-login.php", "/zwdt/t20190101_old/", "/.env"]), 404
        elif r < 0.999:
            target, method, status = "/hudong/xinxiang/", "POST", 302
        else:
            f.write("\\x16\\x03\\x01 garbage that is not a log line\n")
            continue
        f.write(f'{address} - - [{when}] "{method} {target} HTTP/1.1" {status} 5120 "-" "{agent}" "{host}"\n')
"""

INGEST = r"""
import json, resource, sys, time
import django
django.setup()
from zhanqun.analytics import ingest, logparse
from zhanqun.analytics.models import LogFile, PageViewDay, SiteDay, VisitorSalt

for model in (LogFile, PageViewDay, SiteDay, VisitorSalt):
    model.objects.all().delete()
path = sys.argv[1]
before_kib = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])
started = time.perf_counter()
report = ingest.ingest([path])
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

classifier = logparse.LineClassifier(ingest.bot_patterns())
t = time.perf_counter()
with open(path, "rb") as f:
    for line in f:
        classifier.classify(line)
parse_seconds = time.perf_counter() - t
print(json.dumps({
    "seconds": seconds, "lines": report.lines, "counted": report.counted, "skipped": dict(report.skipped),
    "rss_before_mib": before_kib / 1024, "peak_rss_mib": peak_kib / 1024, "classify_seconds": parse_seconds,
    "rows": {"page_days": PageViewDay.objects.count(), "site_days": SiteDay.objects.count()},
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument("--output", default=None)
    options = parser.parse_args()
    C.use_source(options.source)
    load_before = C.os.getloadavg()
    var_dir, env, seed_seconds = C.scratch_env(0, fresh=options.fresh, prefix="zhanqun-analytics-")
    try:
        log = var_dir / "access.log"
        sys.stderr.write(f"generating {options.lines:,} lines …\n")
        subprocess.run([str(C.PYTHON), "-c", GENERATE, str(options.lines), str(log)], env=env, cwd=C.ROOT, check=True)
        runs = []
        for n in range(options.runs):
            sys.stderr.write(f"run {n + 1}/{options.runs} …\n")
            out = subprocess.run(
                [str(C.PYTHON), "-c", INGEST, str(log)], env=env, cwd=C.ROOT, check=True, capture_output=True, text=True
            ).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
        median = statistics.median(r["seconds"] for r in runs)
        figures = {
            "benchmark": "analytics_ingest",
            "database": "sqlite",
            "source": C.source_info(),
            "lines": options.lines,
            "file_mib": round(log.stat().st_size / 2**20, 1),
            "runs": len(runs),
            "median_seconds": round(median, 2),
            "lines_per_second": round(options.lines / median),
            "peak_rss_mib_median": round(statistics.median(r["peak_rss_mib"] for r in runs), 1),
            "rss_before_ingest_mib": round(statistics.median(r["rss_before_mib"] for r in runs), 1),
            "classify_only_lines_per_second": round(options.lines / statistics.median(r["classify_seconds"] for r in runs)),
            "counted": runs[0]["counted"],
            "skipped": runs[0]["skipped"],
            "rows": runs[0]["rows"],
            "each_run_seconds": [round(r["seconds"], 2) for r in runs],
            "machine": C.machine(load_before),
        }
        C.write_results("analytics_ingest", figures, options.output)
    finally:
        C.remove_scratch(var_dir, options.keep)


if __name__ == "__main__":
    main()
