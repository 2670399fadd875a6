"""Internal links (the inspectors' 链接不可用), checked in the published files
themselves: every ``href`` and ``src`` of every published HTML page of the site that
points into the same site must name a published file, a static or media file that
exists, or a path the public app answers with a view of its own (a form, the health
check, a document: ``publishing.render.is_dynamic_path``). Each broken link
is reported with the page it is on and its link text. External links and the HTTP check
of the live site come with the link crawler."""

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


def check(site, now):
    from pathlib import Path

    from zhanqun.publishing.models import PublishedFile
    from zhanqun.publishing.services import site_dir

    root = site_dir(site)
    media_root = Path(settings.MEDIA_ROOT)
    base = site.root_url
    host = urlsplit(base).netloc
    broken = {}
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
            parts = urlsplit(urljoin(page_url, href.strip()))
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            target = parts.path or "/"
            ok = known.get(target)
            if ok is None:
                ok = known[target] = _exists(root, target, media_root)
            if not ok:
                entry = broken.setdefault(target, {"pages": 0, "examples": []})
                entry["pages"] += 1
                if len(entry["examples"]) < EXAMPLES:
                    entry["examples"].append({"page": page_url, "text": " ".join(label.split())[:80]})
    found = []
    for target, entry in sorted(broken.items()):
        first = entry["examples"][0]
        found.append(
            Observation(
                Problem.BROKEN_LINK,
                f"link:{target}",
                f"链接不可用：{target}（在 {entry['pages']} 个页面上，如“{first['text']}”）",
                url=first["page"],
                evidence={"target": base + target, **entry},
            )
        )
    return found
