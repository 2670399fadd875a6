"""Demo data for 访问统计 (called by ``zhanqun seed`` through the demo loader).

Synthesises 30 days of the public servers' access log for the demo sites — people
reading the home pages, columns and items (the portal busiest, weekends quieter,
returning visitors revalidating with 304), their browsers fetching the stylesheet and
icons, search-engine spiders and the platform's own monitor, and a few 404s — in the
``zhanqun`` log format (combined + host), and ingests it as ``zhanqun analytics ingest``
would. The file is written to a temporary directory and removed afterwards.
"""

import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone
from wagtail.models import Page

from . import ingest as ingest_module

DAYS = 30
VISITS_PER_WEEKDAY = 160  # the whole group, before per-site shares and noise

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49",
    "Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
]
BOTS = [
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Linux; Android 7.1.1; OPPO R9sk) YisouSpider/5.0 Safari/537.36",
    "Zhanqun-Monitor/1",
    "-",
]
ASSETS = ["/static/zhanqun/site.css", "/favicon.ico", "/static/zhanqun/emblem.png"]
BROKEN = ["/wp-login.php", "/zwdt/t20190101_old/", "/.env", "/index.php?m=admin"]


def _pages(site):
    """(path, weight) of the site's live pages: home page, columns, items."""
    root = site.root_page
    rows = (
        Page.objects.live().descendant_of(root, inclusive=True).values_list("url_path", "depth", "content_type__model")
    )
    out = []
    items = []
    for url_path, depth, model in rows:
        path = "/" + url_path[len(root.url_path) :]
        if depth == root.depth:
            out.append((path, 40.0))
        elif model in ("columnpage", "specialtopicpage"):
            out.append((path, 6.0 if depth == root.depth + 1 else 2.0))
        else:
            items.append(path)
    random.Random(len(items)).shuffle(items)  # noqa: S311 - demo data, not a secret
    out += [(path, 12.0 / (rank + 1) ** 0.8) for rank, path in enumerate(items)]  # a few popular items, a long tail
    return out


def _line(address, when, method, target, status, size, referrer, agent, host):
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{address} - - [{stamp}] "{method} {target} HTTP/1.1" {status} {size} "{referrer}" "{agent}" "{host}"\n'


def synthesise(sites, now, rnd):
    """The access log's lines, oldest first, for ``sites`` (Site objects, portal first)."""
    visitors = [
        (
            f"{rnd.choice(['36', '39', '42', '58', '60', '61', '113', '114', '117', '120', '183', '223'])}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}",
            rnd.choice(BROWSERS),
        )
        for _ in range(900)
    ]
    shares = [3.0] + [1.0] * (len(sites) - 1)
    site_pages = [(site, _pages(site)) for site in sites]
    entries = []
    local_now = timezone.localtime(now)
    for back in range(DAYS - 1, -1, -1):
        day = (local_now - timedelta(days=back)).date()
        volume = VISITS_PER_WEEKDAY * (0.45 if day.weekday() >= 5 else 1.0) * rnd.uniform(0.8, 1.2)
        for (site, pages), share in zip(site_pages, shares, strict=True):
            if not pages:
                continue
            paths, weights = zip(*pages, strict=True)
            base = f"http://{site.hostname}/"
            for _ in range(int(volume * share / sum(shares))):
                address, agent = rnd.choice(visitors)
                when = datetime.combine(day, datetime.min.time(), tzinfo=local_now.tzinfo) + timedelta(
                    seconds=rnd.choice([rnd.randrange(8 * 3600, 18 * 3600)] * 4 + [rnd.randrange(86400)])
                )
                if when > local_now:
                    continue
                for _page in range(rnd.choice([1, 1, 1, 2, 2, 3])):
                    path = rnd.choices(paths, weights)[0]
                    status = 304 if rnd.random() < 0.15 else 200
                    entries.append(
                        (
                            when,
                            _line(
                                address,
                                when,
                                "GET",
                                path,
                                status,
                                0 if status == 304 else rnd.randrange(9000, 40000),
                                base,
                                agent,
                                site.hostname,
                            ),
                        )
                    )
                    for asset in ASSETS[: rnd.randrange(0, 3)]:
                        entries.append(
                            (
                                when,
                                _line(
                                    address,
                                    when,
                                    "GET",
                                    asset,
                                    rnd.choice([200, 304]),
                                    1200,
                                    base + path.lstrip("/"),
                                    agent,
                                    site.hostname,
                                ),
                            )
                        )
                    when += timedelta(seconds=rnd.randrange(10, 240))
            for _ in range(int(volume * share / sum(shares) * 0.25)):  # crawlers and monitors
                agent = rnd.choice(BOTS)
                when = datetime.combine(day, datetime.min.time(), tzinfo=local_now.tzinfo) + timedelta(
                    seconds=rnd.randrange(86400)
                )
                if when <= local_now:
                    entries.append(
                        (
                            when,
                            _line(
                                f"220.181.{rnd.randrange(256)}.{rnd.randrange(1, 255)}",
                                when,
                                rnd.choice(["GET", "HEAD"]),
                                rnd.choices(paths, weights)[0],
                                200,
                                9000,
                                "-",
                                agent,
                                site.hostname,
                            ),
                        )
                    )
            if rnd.random() < 0.7:
                when = datetime.combine(day, datetime.min.time(), tzinfo=local_now.tzinfo) + timedelta(
                    seconds=rnd.randrange(86400)
                )
                if when <= local_now:
                    entries.append(
                        (
                            when,
                            _line(
                                rnd.choice(visitors)[0],
                                when,
                                "GET",
                                rnd.choice(BROKEN),
                                404,
                                530,
                                "-",
                                BROWSERS[0],
                                site.hostname,
                            ),
                        )
                    )
    entries.sort(key=lambda e: e[0])
    return [line for _when, line in entries]


def build(builder):
    sites = list(builder.sites.values())
    lines = synthesise(sites, builder.now, random.Random(2026))  # noqa: S311 - demo data
    with tempfile.TemporaryDirectory(prefix="zhanqun-demo-log-") as tmp:
        path = Path(tmp) / "access.log"
        path.write_text("".join(lines), encoding="utf-8")
        ingest_module.ingest([path], today=timezone.localdate(builder.now))
