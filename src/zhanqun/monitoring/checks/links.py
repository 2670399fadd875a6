"""Links (the inspectors' 链接不可用; R-SUP-6), read from the published files themselves.

* **Internal**: every ``href`` and ``src`` of every published HTML page of the site that
  points into the same site must name a published file, a static or media file that
  exists, or a path the public app answers with a view of its own (a form, the health
  check, a document: ``publishing.render.is_dynamic_path``).
* **External** (``ZHANQUN_MONITOR_EXTERNAL_LINKS``, on in production): each distinct
  URL is checked over HTTP by ``linkcheck`` (concurrently, polite per host, retried;
  only a confirmed 404/410/403 or DNS failure is broken). A link to a domain that is
  neither one of the group's sites nor on the allowed list (``AllowedDomain``,
  ``ZHANQUN_MONITOR_ALLOWED_DOMAINS``) is flagged for review, once per domain.

* **Over HTTP** (``ZHANQUN_MONITOR_CRAWL``, on in production): the site is crawled from
  its home page as a visitor would (``crawl.py``, up to ``ZHANQUN_MONITOR_CRAWL_PAGES``
  pages, through ``ZHANQUN_MONITOR_CONNECT_TO`` if set); a linked page the web server
  answers with 4xx/5xx or not at all is broken, even if its file is on disk. A site whose
  home page does not answer is left to the availability monitor.

Each broken link is reported with the pages it is on and its link text."""

from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings

from ..enums import Problem
from . import Observation

EXAMPLES = 20


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (url, text)
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self._open = [attrs["href"], ""]
            self.links.append(self._open)
        elif tag in ("img", "script", "source") and attrs.get("src"):
            self.links.append([attrs["src"], attrs.get("alt") or tag])
        elif tag == "link" and attrs.get("href") and attrs.get("rel") in ("stylesheet", "icon"):
            self.links.append([attrs["href"], "link"])

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def _exists(root, path, media_root):
    from django.contrib.staticfiles import finders

    from zhanqun.publishing.render import is_dynamic_path

    if path.startswith(settings.MEDIA_URL):
        return (media_root / unquote(path[len(settings.MEDIA_URL) :])).is_file()
    if path.startswith(settings.STATIC_URL):
        return finders.find(unquote(path[len(settings.STATIC_URL) :])) is not None
    rel = unquote(path).lstrip("/")
    if ".." in PurePosixPath(rel).parts:
        return False
    target = root / rel
    return target.is_file() or (target / "index.html").is_file() or is_dynamic_path(unquote(path))


def _note(table, key, page_url, label):
    entry = table.setdefault(key, {"pages": 0, "examples": []})
    entry["pages"] += 1
    if len(entry["examples"]) < EXAMPLES:
        entry["examples"].append({"page": page_url, "text": " ".join(label.split())[:80]})


def check(site, now):
    from pathlib import Path

    from zhanqun.publishing.models import PublishedFile
    from zhanqun.publishing.services import site_dir

    root = site_dir(site)
    media_root = Path(settings.MEDIA_ROOT)
    base = site.root_url
    host = urlsplit(base).netloc
    broken, external = {}, {}
    paths = PublishedFile.objects.filter(site=site, path__endswith=".html").values_list("path", flat=True)
    known = {}
    for path in paths.iterator(chunk_size=2000):
        try:
            text = (root / path).read_text("utf-8", errors="replace")
        except OSError:
            continue
        parser = _Links()
        parser.feed(text)
        page_url = f"{base}/{path.removesuffix('index.html')}"
        for href, label in parser.links:
            url = urljoin(page_url, href.strip())
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue
            if parts.netloc != host:
                _note(external, parts._replace(fragment="").geturl(), page_url, label)
                continue
            target = parts.path or "/"
            ok = known.get(target)
            if ok is None:
                ok = known[target] = _exists(root, target, media_root)
            if not ok:
                _note(broken, target, page_url, label)
    found = [_broken(base + target, entry) for target, entry in sorted(broken.items())]
    if external and getattr(settings, "ZHANQUN_MONITOR_EXTERNAL_LINKS", True):
        found += _external(site, external)
    if getattr(settings, "ZHANQUN_MONITOR_CRAWL", True):
        reported = {obs.fingerprint for obs in found}
        found += [obs for obs in _crawled(site, base) if obs.fingerprint not in reported]
    return found


def _crawled(site, base):
    from .. import crawl

    pages = crawl.crawl(
        base + "/",
        max_pages=getattr(settings, "ZHANQUN_MONITOR_CRAWL_PAGES", 2000),
        timeout=float(getattr(settings, "ZHANQUN_MONITOR_TIMEOUT", 15)),
        connect_to=getattr(settings, "ZHANQUN_MONITOR_CONNECT_TO", ""),
    )
    home = pages.get(base + "/")
    if home is None or home.status is None or home.status >= 400:
        return []  # the site itself is down: the availability monitor's finding
    referrers = {}
    for page in pages.values():
        for link, label in page.links:
            _note(referrers, urlsplit(link)._replace(fragment="").geturl(), page.url, label)
    found = []
    for url, page in sorted(pages.items()):
        if page.status is not None and page.status < 400:
            continue
        reason = page.error or f"网站访问返回 HTTP {page.status}"
        entry = referrers.get(url) or {"pages": 0, "examples": [{"page": url, "text": ""}]}
        found.append(_broken(url, entry, reason))
    return found


def _broken(target, entry, reason=""):
    first = entry["examples"][0]
    why = f"，{reason}" if reason else ""
    return Observation(
        Problem.BROKEN_LINK,
        f"link:{target}",
        f"链接不可用：{target}（在 {entry['pages']} 个页面上，如“{first['text']}”{why}）",
        url=first["page"],
        evidence={"target": target, "reason": reason, **entry},
    )


def _external(site, external):
    from wagtail.models import Site

    from .. import linkcheck
    from ..models import AllowedDomain

    options = {
        "workers": 16,
        "per_host": 2,
        "per_host_delay": 0.2,
        "timeout": 10.0,
        "retries": 1,
        **getattr(settings, "ZHANQUN_LINKCHECK", {}),
    }
    results = linkcheck.check_urls(list(external), **options)
    found = [
        _broken(url, external[url], results[url].reason)
        for url in sorted(external)
        if results[url].state == linkcheck.BROKEN
    ]
    allowed = list(getattr(settings, "ZHANQUN_MONITOR_ALLOWED_DOMAINS", ["gov.cn"]))
    allowed += AllowedDomain.objects.filter(_for_site(site)).values_list("domain", flat=True)
    allowed += [h.split(":")[0] for h in Site.objects.values_list("hostname", flat=True)]
    unreviewed = {}
    for url, entry in external.items():
        domain = (urlsplit(url).hostname or "").lower()
        if not linkcheck.domain_allowed(domain, allowed):
            agg = unreviewed.setdefault(domain, {"pages": 0, "examples": [], "urls": []})
            agg["pages"] += entry["pages"]
            if len(agg["urls"]) < EXAMPLES:
                agg["urls"].append(url)
            agg["examples"] += entry["examples"][: EXAMPLES - len(agg["examples"])]
    for domain, agg in sorted(unreviewed.items()):
        found.append(
            Observation(
                Problem.EXTERNAL_UNREVIEWED,
                f"domain:{domain}",
                f"外部链接指向未列入白名单的域名 {domain}（{agg['pages']} 处），请核实后加入白名单或删除",
                url=agg["examples"][0]["page"],
                evidence={"domain": domain, **agg},
            )
        )
    return found


def _for_site(site):
    from django.db.models import Q

    return Q(site__isnull=True) | Q(site=site)
