"""``zhanqun analytics ingest``: access logs in, daily aggregates out (R-SUP-5).

Each file is read from where the last run stopped (``LogFile``, found by the file's
content, see ``logparse.fingerprint``), in chunks of ``ZHANQUN_ANALYTICS_CHUNK_LINES``
lines; each chunk's counts and the new offset are written in one transaction, so a run
that dies half-way resumes after its last committed chunk and never counts a line twice.
At the end, days older than the open window are closed (``close_days``): their salts are
deleted and the visitors' pseudonyms emptied.
"""

import gzip
import os
import secrets
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import logparse
from .models import LogFile, PageViewDay, SiteDay, VisitorSalt

DEFAULT_CHUNK_LINES = 200_000
DEFAULT_OPEN_DAYS = 1
BATCH = 500


class IngestError(Exception):
    """A file cannot be read; the message is for the user (Chinese)."""


@dataclass
class FileReport:
    name: str
    lines: int = 0
    counted: int = 0
    skipped: Counter = field(default_factory=Counter)
    malformed_examples: list = field(default_factory=list)
    resumed_at: int = 0
    note: str = ""

    def as_dict(self):
        return {
            "file": self.name,
            "lines": self.lines,
            "counted": self.counted,
            "skipped": dict(self.skipped),
            "malformed_examples": [{"line": n, "text": t} for n, t in self.malformed_examples],
            "resumed_at_byte": self.resumed_at,
            "note": self.note,
        }


@dataclass
class IngestReport:
    files: list = field(default_factory=list)

    @property
    def lines(self):
        return sum(f.lines for f in self.files)

    @property
    def counted(self):
        return sum(f.counted for f in self.files)

    @property
    def skipped(self):
        total = Counter()
        for f in self.files:
            total.update(f.skipped)
        return total

    def as_dict(self):
        return {
            "lines": self.lines,
            "counted": self.counted,
            "skipped": dict(self.skipped),
            "files": [f.as_dict() for f in self.files],
        }


def bot_patterns():
    return logparse.load_bot_patterns(getattr(settings, "ZHANQUN_ANALYTICS_BOTS_FILE", None))


class SiteHosts:
    """Host name → site: each site's host name, its official domain, and both with and
    without the demo suffix (``.localhost``)."""

    def __init__(self):
        from wagtail.models import Site

        from zhanqun.sitegroup.models import SiteIdentity

        suffix = getattr(settings, "ZHANQUN_DEMO_HOST_SUFFIX", "") or ""
        names = [(site.hostname, site.pk) for site in Site.objects.all()]
        names += list(SiteIdentity.objects.values_list("domain", "site_id"))
        self.hosts = {}
        for name, site_id in names:
            name = (name or "").strip().lower().rstrip(".")
            if not name:
                continue
            self.hosts[name] = site_id
            if suffix:
                self.hosts.setdefault(name.removesuffix(suffix), site_id)
                self.hosts.setdefault(name + suffix if not name.endswith(suffix) else name, site_id)
        self._cache = {}

    def by_host(self, host):
        """``host`` as bytes from the log (``$host``: lower case, no port) or None."""
        if host is None:
            return None
        try:
            return self._cache[host]
        except KeyError:
            pass
        name = host.decode("ascii", "replace").strip().lower().rstrip(".")
        if name.startswith("[") or name.count(":") == 1:
            name = name.rsplit(":", 1)[0] if not name.startswith("[") else name
        site_id = self.hosts.get(name)
        if len(self._cache) < 10_000:
            self._cache[host] = site_id
        return site_id

    def from_file_name(self, file_name):
        """The site whose host name begins the file's name: ``www.yunze.gov.cn.access.log``,
        ``fgw.yunze.gov.cn-access.log.2.gz``. The longest match wins."""
        name = file_name.lower()
        for host in sorted(self.hosts, key=len, reverse=True):
            if name == host or (name.startswith(host) and name[len(host)] in "._-"):
                return self.hosts[host]
        return None


class PageResolver:
    """(site, path) → (page id, column id). The page comes from the publisher's manifest
    (``PublishedFile``: ``/zwdt/x/`` is the file ``zwdt/x/index.html``; an archive list
    page ``/zwdt/page/3/`` is its column's); a path the manifest does not know (the site
    is not published yet, the demo) is looked up by Wagtail's ``url_path`` among live
    pages. The column is the nearest column or special topic at or above the page."""

    def __init__(self):
        from wagtail.models import Page, Site

        from zhanqun.columns.models import ColumnPage, SpecialTopicPage

        self.Page = Page
        self.roots = dict(Site.objects.values_list("pk", "root_page__url_path"))
        self.columns = {}
        for model in (ColumnPage, SpecialTopicPage):
            self.columns.update(model.objects.values_list("path", "pk"))
        self.steplen = Page.steplen
        self._page_paths = {}
        self._resolved = {}

    def resolve(self, site_id, paths):
        """{path: (page_id, column_id)} for ``paths`` of one site (unknown: (None, None))."""
        known = self._resolved.setdefault(site_id, {})
        todo = [p for p in paths if p not in known]
        if todo:
            known.update(self._resolve(site_id, todo))
        return {p: known[p] for p in paths}

    def _resolve(self, site_id, paths):
        from zhanqun.publishing.models import PublishedFile

        found = {}
        files = {self._file_path(p): p for p in paths}
        names = list(files)
        for i in range(0, len(names), BATCH):
            rows = PublishedFile.objects.filter(site_id=site_id, path__in=names[i : i + BATCH], page_id__isnull=False)
            for file_path, page_id in rows.values_list("path", "page_id"):
                found[files[file_path]] = page_id
        root = self.roots.get(site_id)
        missing = [p for p in paths if p not in found and p.endswith("/")]
        if root and missing:
            wanted = defaultdict(list)  # url_path → the paths it may be, exact matches first
            for p in missing:
                wanted[root + p.lstrip("/")].insert(0, p)
                column_path = _archive_column(p)
                if column_path:
                    wanted[root + column_path.lstrip("/")].append(p)
            keys = list(wanted)
            for i in range(0, len(keys), BATCH):
                rows = self.Page.objects.live().filter(url_path__in=keys[i : i + BATCH]).values_list("url_path", "pk")
                for url_path, page_id in rows:
                    for p in wanted[url_path]:
                        found.setdefault(p, page_id)
        self._load_page_paths(set(found.values()))
        return {p: (found.get(p), self._column_of(found.get(p))) for p in paths}

    @staticmethod
    def _file_path(path):
        rel = path.lstrip("/")
        return rel + "index.html" if rel.endswith("/") or rel == "" else rel

    def _load_page_paths(self, ids):
        wanted = [i for i in ids if i not in self._page_paths]
        for i in range(0, len(wanted), BATCH):
            self._page_paths.update(self.Page.objects.filter(pk__in=wanted[i : i + BATCH]).values_list("pk", "path"))

    def _column_of(self, page_id):
        tree_path = self._page_paths.get(page_id)
        if not tree_path:
            return None
        for end in range(len(tree_path), 0, -self.steplen):
            column_id = self.columns.get(tree_path[:end])
            if column_id is not None:
                return column_id
        return None


def _archive_column(path):
    """``/zwdt/page/3/`` → ``/zwdt/`` (the column whose archive page it is)."""
    parts = path.rstrip("/").split("/")
    if len(parts) >= 3 and parts[-2] == "page" and parts[-1].isdigit():
        return "/".join(parts[:-2]) + "/"
    return None


class Salts:
    """The day's random salt, created when a day is first met and kept until it closes."""

    def __init__(self):
        self._salts = {}

    def __call__(self, day):
        try:
            return self._salts[day]
        except KeyError:
            pass
        row, _created = VisitorSalt.objects.get_or_create(date=day, defaults={"salt": secrets.token_hex(32)})
        salt = self._salts[day] = bytes.fromhex(row.salt)
        return salt


class _Chunk:
    def __init__(self):
        self.pages = defaultdict(lambda: [0, set()])
        self.sites = defaultdict(lambda: [0, set()])
        self.lines = 0
        self.counted = 0
        self.malformed = 0


class Ingester:
    def __init__(self, host_from_file_name=False, chunk_lines=None):
        self.host_from_file_name = host_from_file_name
        self.chunk_lines = chunk_lines or getattr(settings, "ZHANQUN_ANALYTICS_CHUNK_LINES", DEFAULT_CHUNK_LINES)
        self.classifier = logparse.LineClassifier(bot_patterns())
        self.hosts = SiteHosts()
        self.resolver = PageResolver()
        self.salts = Salts()

    def check(self, paths):
        """Every file readable (and named after a site with --host-from-file-name) before
        anything is ingested; else IngestError listing each problem."""
        plans, problems = [], []
        for raw in paths:
            path = Path(raw)
            try:
                if not path.is_file():
                    raise FileNotFoundError
                fp = logparse.fingerprint(path)
                gz = logparse.is_gzip(path)
            except FileNotFoundError:
                problems.append(f"无法读取访问日志“{raw}”：文件不存在。")
                continue
            except PermissionError:
                problems.append(f"无法读取访问日志“{raw}”：没有读取权限。")
                continue
            except (OSError, EOFError, zlib.error) as exc:
                problems.append(f"无法读取访问日志“{raw}”：{_reason(exc)}")
                continue
            site_id = None
            if self.host_from_file_name:
                site_id = self.hosts.from_file_name(path.name)
                if site_id is None:
                    problems.append(
                        f"无法从文件名“{path.name}”确定站点：文件名应以站点域名开头，例如 www.example.gov.cn.access.log。"
                    )
                    continue
            plans.append((path, fp, gz, site_id))
        if problems:
            raise IngestError("\n".join(problems))
        return plans

    def ingest(self, paths, today=None):
        report = IngestReport()
        for path, fp, gz, site_id in self.check(paths):
            report.files.append(self.ingest_file(path, fp, gz, site_id))
        close_days(today)
        return report

    def ingest_file(self, path, fp, gz, site_id):
        report = FileReport(name=str(path))
        if fp is None:
            report.note = "文件中还没有完整的一行，跳过。"
            return report
        state = LogFile.objects.filter(fingerprint=fp).first()
        committed = state.offset if state else 0
        lines_before = state.lines if state else 0
        offset = committed
        if not gz and offset and os.path.getsize(path) < offset:
            report.note = "文件比上次读取时短（已被截断后重写），从头读取。"
            offset = 0
        report.resumed_at = offset

        classify = self.classifier.classify
        by_host = self.hosts.by_host
        salts = self.salts
        visitor_hash = logparse.visitor_hash
        malformed_reason = logparse.MALFORMED
        unknown = logparse.UNKNOWN_SITE
        skipped = report.skipped
        examples = report.malformed_examples
        chunk = _Chunk()
        chunk_lines = self.chunk_lines
        end = offset
        try:
            with logparse.open_log(path) as stream:
                for line, end in logparse.read_lines(stream, offset):
                    chunk.lines += 1
                    reason, view = classify(line)
                    if reason is not None:
                        skipped[reason] += 1
                        if reason is malformed_reason:
                            chunk.malformed += 1
                            if len(examples) < 5:
                                examples.append((lines_before + report.lines + chunk.lines, _excerpt(line)))
                    else:
                        day, host, page, address, agent = view
                        site = site_id or by_host(host)
                        if site is None:
                            skipped[unknown] += 1
                        else:
                            visitor = visitor_hash(salts(day), address, agent)
                            entry = chunk.pages[(day, site, page)]
                            entry[0] += 1
                            entry[1].add(visitor)
                            entry = chunk.sites[(day, site)]
                            entry[0] += 1
                            entry[1].add(visitor)
                            chunk.counted += 1
                    if chunk.lines >= chunk_lines:
                        committed = self.flush(fp, path, committed, end, chunk, report)
                        chunk = _Chunk()
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise IngestError(
                f"读取访问日志“{path}”时出错：{_reason(exc)}。已导入到第 {lines_before + report.lines} 行，"
                "其余未导入；修复文件后重新运行即可从该处继续。"
            ) from exc
        if chunk.lines:
            self.flush(fp, path, committed, end, chunk, report)
        return report

    @transaction.atomic
    def flush(self, fp, path, expected_offset, offset, chunk, report):
        """One chunk's counts and the file's new offset, together or not at all."""
        state, _created = LogFile.objects.select_for_update().get_or_create(
            fingerprint=fp, defaults={"name": str(path)[:1000]}
        )
        if state.offset != expected_offset:
            raise IngestError(f"访问日志“{path}”同时在被另一次导入读取，本次已停止；稍后重新运行即可。")
        self._merge_pages(chunk.pages)
        self._merge_sites(chunk.sites)
        state.name = str(path)[:1000]
        state.offset = offset
        state.lines += chunk.lines
        state.counted += chunk.counted
        state.malformed += chunk.malformed
        state.save()
        report.lines += chunk.lines
        report.counted += chunk.counted
        return offset

    def _merge_pages(self, pages):
        """Add a chunk's page views to the stored rows: plain SQL (executemany) — a chunk
        of a busy day's log touches tens of thousands of rows, and the ORM's model
        instances cost more than reading the lines."""
        groups = defaultdict(dict)
        for (day, site, path), value in pages.items():
            groups[(day, site)][path] = value
        updates, creates = [], []
        new_paths = defaultdict(set)
        for (day, site), values in groups.items():
            paths = list(values)
            for i in range(0, len(paths), BATCH):
                rows = PageViewDay.objects.filter(date=day, site_id=site, path__in=paths[i : i + BATCH])
                for pk, path, views, visitors, stored in rows.values_list(*STORED):
                    updates.append(_updated(pk, views, visitors, stored, *values.pop(path)))
            new_paths[site].update(values)
        resolved = {site: self.resolver.resolve(site, sorted(paths)) for site, paths in new_paths.items()}
        adapt = connection.ops.adapt_datefield_value
        for (day, site), values in groups.items():
            for path, (views, hashes) in values.items():
                page_id, column_id = resolved[site][path]
                creates.append(
                    (adapt(day), site, path, page_id, column_id, views, len(hashes), " ".join(sorted(hashes)))
                )
        _write(PageViewDay, updates, ["date", "site_id", "path", "page_id", "column_id"], creates)

    def _merge_sites(self, sites):
        keys = list(sites)
        rows = SiteDay.objects.filter(date__in={d for d, _s in keys}, site_id__in={s for _d, s in keys})
        updates, creates = [], []
        for pk, day, site, views, visitors, stored in rows.values_list("pk", "date", "site_id", *STORED[2:]):
            if (day, site) in sites:
                updates.append(_updated(pk, views, visitors, stored, *sites.pop((day, site))))
        adapt = connection.ops.adapt_datefield_value
        for (day, site), (views, hashes) in sites.items():
            creates.append((adapt(day), site, views, len(hashes), " ".join(sorted(hashes))))
        _write(SiteDay, updates, ["date", "site_id"], creates)


STORED = ("pk", "path", "views", "visitors", "visitor_hashes")


def _updated(pk, views, visitors, stored, new_views, hashes):
    old = set(stored.split()) if stored else set()
    union = old | hashes
    # A closed day has no pseudonyms left: its visitors so far are a base count.
    return (views + new_views, visitors - len(old) + len(union), " ".join(sorted(union)), pk)


def _write(model, updates, key_columns, creates):
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*key_columns, "views", "visitors", "visitor_hashes"]
    with connection.cursor() as cursor:
        if updates:
            sql = f"UPDATE {table} SET views = %s, visitors = %s, visitor_hashes = %s WHERE id = %s"  # noqa: S608 - names from the model
            cursor.executemany(sql, updates)
        if creates:
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", creates)  # noqa: S608


def _excerpt(line):
    return line[:200].decode("utf-8", "replace").rstrip("\r\n")


def _reason(exc):
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return "gzip 压缩文件已损坏"
    if isinstance(exc, EOFError):
        return "gzip 压缩文件不完整"
    return exc.strerror or str(exc)


def open_days():
    return getattr(settings, "ZHANQUN_ANALYTICS_OPEN_DAYS", DEFAULT_OPEN_DAYS)


@transaction.atomic
def close_days(today=None):
    """Days before today − ZHANQUN_ANALYTICS_OPEN_DAYS are closed: the salt is deleted
    and the visitors' pseudonyms emptied, so nothing is left that could be tied to an
    address. Returns how many salts were discarded."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=open_days())
    discarded, _ = VisitorSalt.objects.filter(date__lt=cutoff).delete()
    for model in (PageViewDay, SiteDay):
        model.objects.filter(date__lt=cutoff).exclude(visitor_hashes="").update(visitor_hashes="")
    return discarded


def ingest(paths, host_from_file_name=False, today=None, chunk_lines=None):
    """Ingest ``paths``; IngestError (nothing ingested) if any cannot be read."""
    return Ingester(host_from_file_name=host_from_file_name, chunk_lines=chunk_lines).ingest(paths, today=today)


def resolve_pages(site=None):
    """Re-attribute every stored path to its page and column (after a re-publish that
    moved pages, or for paths counted before the site was published). Returns the rows changed."""
    resolver = PageResolver()
    rows = PageViewDay.objects.all()
    if site is not None:
        rows = rows.filter(site=site)
    changed = 0
    by_site = defaultdict(set)
    for site_id, path in rows.values_list("site_id", "path").distinct():
        by_site[site_id].add(path)
    for site_id, paths in by_site.items():
        mapping = resolver.resolve(site_id, sorted(paths))
        for path, (page_id, column_id) in mapping.items():
            changed += (
                PageViewDay.objects.filter(site_id=site_id, path=path)
                .exclude(page_id=page_id, column_id=column_id)
                .update(page_id=page_id, column_id=column_id)
            )
    return changed
