"""Publishing: full and incremental renders into each site's document root, the
manifest, verification and repair, and the job queue that makes all of it resumable.

Every unit of work is a *target* — a page (``page:<id>``, which yields one file, or one
per list page for a column) or a site file (``sitemap.xml``). Rendering a target
and writing what changed is idempotent: a target whose page is no longer live yields
no files, so its old files are removed; files whose bytes did not change are left
alone (same mtime, same manifest row). Re-running a job after a crash therefore
finishes the work without harm.
"""

import logging
import multiprocessing
import os
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from . import recorder, sitemap, writer
from .models import FileDependency, FileScope, PublishedFile, PublishJob
from .recorder import affected_scope_filter, order_key
from .render import (
    SITE_FILES,
    exclude_restricted,
    list_target,
    page_target,
    parse_list_target,
    render_target,
    target_page_id,
)

logger = logging.getLogger(__name__)

CHUNK = 100  # targets per unit of parallel work (one batch: see render_and_write)


# --- where files go -------------------------------------------------------------------


def publish_root():
    default = Path(getattr(settings, "VAR_DIR", Path.cwd() / "var")) / "public"
    return Path(getattr(settings, "ZHANQUN_PUBLISH_ROOT", None) or default)


def site_dirname(site):
    """A site's folder in the document root: its domain (without the demo's host suffix)."""
    from zhanqun.sitegroup.models import SiteIdentity

    domain = SiteIdentity.objects.filter(site=site).values_list("domain", flat=True).first()
    return domain or site.hostname


def site_dir(site):
    return publish_root() / site_dirname(site)


def site_targets(site):
    """Every target of a site: its live pages in tree order, each listing column's
    archive pages, and the site files."""
    from wagtail.models import Page

    ids = list(
        exclude_restricted(Page.objects.live().descendant_of(site.root_page, inclusive=True))
        .order_by("path")
        .values_list("pk", flat=True)
    )
    lists = column_list_targets(ids)
    targets = []
    for pk in ids:
        targets.append(page_target(pk))
        targets += lists.get(pk, [])
    return targets + list(SITE_FILES) + [sitemap.part_target(n) for n in sitemap.part_numbers(site)]


def column_list_targets(page_ids):
    """{column id: [its archive page targets]} for the listing columns among ``page_ids``."""
    from django.db.models import Count
    from wagtail.models import Page

    from zhanqun.columns.listing import archive_count
    from zhanqun.columns.models import ColumnPage, ListingMixin, SpecialTopicPage
    from zhanqun.content.models import ItemPage

    columns = list(ColumnPage.objects.filter(pk__in=page_ids)) + list(SpecialTopicPage.objects.filter(pk__in=page_ids))
    if not columns:
        return {}
    item_types = ItemPage.concrete_types()
    out = {}
    for column in columns:
        assert isinstance(column, ListingMixin)
        total = Page.objects.live().descendant_of(column).type(*item_types).aggregate(n=Count("pk"))["n"]
        out[column.pk] = [list_target(column.pk, k) for k in range(1, archive_count(total, column.page_size) + 1)]
    return out


# --- rendering and writing ------------------------------------------------------------


@dataclass
class Stats:
    targets: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list = field(default_factory=list)

    def add(self, other):
        for name in ("targets", "files", "written", "unchanged", "removed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def _preload_pages(targets):
    """The live specific pages the targets render, in two queries per page type."""
    from wagtail.models import Page

    ids = {target_page_id(t) for t in targets} | {parse_list_target(t)[0] for t in targets if t.startswith("list:")}
    ids.discard(None)
    if not ids:
        return {}
    return {p.pk: p for p in Page.objects.live().filter(pk__in=ids).specific()}


def render_and_write(site_id, targets, force=False):
    """Render ``targets`` of a site and write the files whose bytes changed (or all, with
    ``force``). Reads the database, writes only files: safe in a worker process.

    The renders of one call form a batch (``recorder.batch``): what every page of the
    site shows alike (navigation, identity, a column's ancestors) is read once."""
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").get(pk=site_id)
    root = site_dir(site)
    known = dict(PublishedFile.objects.filter(site=site, target__in=targets).values_list("path", "digest"))
    results, pending = [], []
    with recorder.batch():
        preloaded = _preload_pages(targets)
        for target in targets:
            try:
                files = render_target(site, target, preloaded)
            except Exception:  # noqa: BLE001  (one broken page must not stop the site)
                logger.exception("发布失败：%s %s", site, target)
                results.append((target, None, traceback.format_exc(limit=3)))
                continue
            metas = []
            for f in files:
                dig = writer.digest(f.content)
                dest = root / f.path
                written = force or known.get(f.path) != dig or not dest.is_file()
                if written:
                    pending.append((dest, f.content))
                metas.append(
                    {
                        "path": f.path,
                        "size": len(f.content),
                        "digest": dig,
                        "page_id": f.page_id,
                        "revision_id": f.revision_id,
                        "pages": sorted(f.pages),
                        "scopes": sorted(f.scopes, key=lambda s: (s[0], s[1] or 0, s[2], s[3] or "")),
                        "written": written,
                    }
                )
            results.append((target, metas, None))
    writer.atomic_write_many(pending)
    return results


def apply_results(site, results):
    """Bring the manifest in line with what ``render_and_write`` produced; remove the
    files a target no longer yields. A constant number of queries per batch."""
    stats = Stats()
    root = site_dir(site)
    now = timezone.now()
    targets = [target for target, _metas, _error in results]
    existing = {}
    for row in PublishedFile.objects.filter(site=site, target__in=targets):
        existing.setdefault(row.target, {})[row.path] = row
    changed, created, gone, metas_of = [], [], [], {}
    for target, metas, error in results:
        stats.targets += 1
        if metas is None:
            stats.errors.append((target, error))
            existing.pop(target, None)  # keep what a failed target had
            continue
        rows = existing.pop(target, {})
        for m in metas:
            stats.files += 1
            row = rows.pop(m["path"], None)
            if row is not None and not m["written"] and row.digest == m["digest"]:
                stats.unchanged += 1
                continue
            stats.written += 1
            fields = {
                "target": target,
                "page_id": m["page_id"],
                "revision_id": m["revision_id"],
                "size": m["size"],
                "algorithm": writer.ALGORITHM,
                "digest": m["digest"],
                "rendered_at": now,
            }
            if row is None:
                row = PublishedFile(site=site, path=m["path"], **fields)
                created.append(row)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                changed.append(row)
            metas_of[m["path"]] = m
        gone += rows.values()
    # Targets rendered without error that yielded nothing at all.
    for rows in existing.values():
        gone += rows.values()
    with transaction.atomic():
        # Changed rows are replaced (delete + insert: two statements for any number of
        # rows; their dependencies go with them), not updated one by one.
        stale = [row.pk for row in (*gone, *changed)]
        for i in range(0, len(stale), 500):
            PublishedFile.objects.filter(pk__in=stale[i : i + 500]).delete()
        fresh = created + changed
        if fresh:
            # A path may belong to another target (a page moved onto it).
            paths = [row.path for row in created]
            for i in range(0, len(paths), 500):
                PublishedFile.objects.filter(site=site, path__in=paths[i : i + 500]).delete()
            for row in changed:
                row.pk = None
            PublishedFile.objects.bulk_create(fresh, batch_size=500)
            if any(row.pk is None for row in fresh):  # a database that returns no ids
                ids = dict(
                    PublishedFile.objects.filter(site=site, path__in=[r.path for r in fresh]).values_list("path", "pk")
                )
                for row in fresh:
                    row.pk = ids[row.path]
        deps, scopes = [], []
        for row in fresh:
            m = metas_of[row.path]
            deps += [FileDependency(file_id=row.pk, page_id=p) for p in m["pages"]]
            scopes += [
                FileScope(file_id=row.pk, path=p, depth=d, model=label, upto=upto) for p, d, label, upto in m["scopes"]
            ]
        FileDependency.objects.bulk_create(deps, batch_size=1000)
        FileScope.objects.bulk_create(scopes, batch_size=1000)
    for row in gone:
        if row.path not in metas_of:  # not taken over by another target of this batch
            writer.remove_file(root / row.path, root)
        stats.removed += 1
    return stats


def _can_fork():
    db = connection.settings_dict
    in_memory = db["ENGINE"].endswith("sqlite3") and (
        str(db.get("NAME", "")).startswith(":memory:") or "mode=memory" in str(db.get("NAME", ""))
    )
    return (
        hasattr(os, "fork")
        and not in_memory
        and not any(c.in_atomic_block for c in connections.all(initialized_only=True))
    )


def _child_work(site_id, targets, force):
    # A forked worker: Django is set up; the parent closed its connections before the
    # fork, so this process opens its own.
    return render_and_write(site_id, targets, force)


def publish_work(work, force=False, jobs=1, progress=None):
    """Render ``[(site, targets)]`` — with ``jobs`` > 1, in one pool of worker processes
    for all the sites, while this process keeps the manifest (``apply_results``).
    Returns {site id: Stats}."""
    chunks = []
    for site, targets in work:
        targets = list(dict.fromkeys(targets))
        chunks += [(site, targets[i : i + CHUNK]) for i in range(0, len(targets), CHUNK)]
    stats = {site.pk: Stats() for site, _targets in work}
    if jobs > 1 and len(chunks) > 1 and _can_fork():
        connections.close_all()  # each worker opens its own connection
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_child_work, site.pk, chunk, force): (site, chunk) for site, chunk in chunks}
            for future in as_completed(futures):
                site, chunk = futures.pop(future)
                stats[site.pk].add(apply_results(site, future.result()))
                if progress:
                    progress(len(chunk))
    else:
        for site, chunk in chunks:
            stats[site.pk].add(apply_results(site, render_and_write(site.pk, chunk, force)))
            if progress:
                progress(len(chunk))
    return stats


def publish_targets(site, targets, force=False, jobs=1, progress=None):
    """Render ``targets`` of ``site`` (``jobs`` worker processes where possible)."""
    return publish_work([(site, targets)], force=force, jobs=jobs, progress=progress)[site.pk]


def publish_sites(sites, jobs=1, progress=None, force=False):
    """Render every live page and site file of ``sites``, and remove the files of what
    is gone (a target no longer live renders to nothing). Returns {site id: Stats}."""
    work = []
    for site in sites:
        writer.clean_temp_files(site_dir(site))
        targets = site_targets(site)
        gone = set(PublishedFile.objects.filter(site=site).values_list("target", flat=True)) - set(targets)
        work.append((site, targets + sorted(gone)))
    if progress:
        progress(0, total=sum(len(targets) for _site, targets in work))
    return publish_work(work, force=force, jobs=jobs, progress=progress)


def publish_site(site, jobs=1, progress=None, force=False):
    return publish_sites([site], jobs=jobs, progress=progress, force=force)[site.pk]


# --- what a change touches ------------------------------------------------------------


def page_state(page, extra_positions=()):
    """What the publisher needs to know of a page to find the files it touches, kept in
    a job so that it survives the page's deletion."""
    cls = page.specific_class or type(page)
    from wagtail.models import Page

    labels = sorted({c._meta.label for c in cls.__mro__ if isinstance(c, type) and issubclass(c, Page)})
    return {
        "id": page.pk,
        "path": page.path,
        "depth": page.depth,
        "labels": labels,
        "key": order_key(page.first_published_at, page.pk),
        "positions": [list(p) for p in extra_positions],
    }


def _enters_or_leaves(state):
    """Whether the page enters or leaves the lists (see ``affected_scope_filter``): it
    moved, is gone or not live, or has no files yet. A live page republished where it
    was is an edit in place."""
    from wagtail.models import Page

    if state.get("positions"):
        return True
    if not Page.objects.filter(pk=state["id"], live=True, path=state["path"]).exists():
        return True
    return not PublishedFile.objects.filter(target=page_target(state["id"])).exists()


def affected_targets(state):
    """{site_id: {target}} of the files that showed the page or list the part of the tree
    it is (or was) in, and the page's own target."""
    from wagtail.models import Site

    membership = _enters_or_leaves(state)
    key = state.get("key")
    scope_q = affected_scope_filter(state["path"], state["depth"], state["labels"], key, membership)
    for path, depth in state.get("positions", []):
        scope_q |= affected_scope_filter(path, depth, state["labels"], key, membership)
    rows = PublishedFile.objects.filter(
        Q(pk__in=FileDependency.objects.filter(page_id=state["id"]).values("file_id"))
        | Q(pk__in=FileScope.objects.filter(scope_q).values("file_id"))
        | Q(page_id=state["id"])
    ).values_list("site_id", "target")
    found = {}
    for site_id, target in rows.distinct():
        found.setdefault(site_id, set()).add(target)
    # The page's own files, on the site whose tree holds it now.
    for site in Site.objects.select_related("root_page"):
        if state["path"].startswith(site.root_page.path):
            found.setdefault(site.pk, set()).add(page_target(state["id"]))
    return found


def _url_changed(page_id):
    """Whether a page with children now has another URL than its published files (a
    changed slug): its descendants' URLs changed too."""
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id, numchild__gt=0).first()
    if page is None:
        return False
    parts = page.get_url_parts()
    if parts is None:
        return False
    prefix = parts[2].lstrip("/")
    return PublishedFile.objects.filter(target=page_target(page_id)).exclude(path__startswith=prefix).exists()


def refresh_page(state, include_descendants=False):
    """Publish, unpublish, move or delete: re-render exactly what shows the page."""
    from wagtail.models import Page, Site

    found = affected_targets(state)
    if not include_descendants:
        include_descendants = _url_changed(state["id"])
    if include_descendants:
        for pk, path, depth in Page.objects.filter(
            path__startswith=state["path"], depth__gt=state["depth"]
        ).values_list("pk", "path", "depth"):
            found_child = {"id": pk, "path": path, "depth": depth, "labels": []}
            for site_id, targets in affected_targets(found_child).items():
                found.setdefault(site_id, set()).update(targets)
    stats = Stats()
    for site in Site.objects.filter(pk__in=found).select_related("root_page"):
        targets = found[site.pk]
        targets |= _archive_page_changes(site, targets) | _sitemap_part_changes(site, targets)
        stats.add(publish_targets(site, sorted(targets)))
    return stats


def _series_changes(expected, known):
    """A numbered series of targets (a column's archive pages, a sitemap's parts) whose
    length may have changed: the targets that appeared or went away and, if any did,
    the two newest of ``expected`` (their links or their bounds depend on the length)."""
    expected_set = set(expected)
    if known == expected_set:
        return set()
    return (known ^ expected_set) | set(expected[-2:])


def _sitemap_part_changes(site, targets):
    """When the sitemap index is re-rendered: its parts' changes (``sitemap.py``)."""
    if "sitemap.xml" not in targets:
        return set()
    expected = [sitemap.part_target(n) for n in sitemap.part_numbers(site)]
    known = set(
        PublishedFile.objects.filter(site=site, target__startswith="sitemap:").values_list("target", flat=True)
    )
    return _series_changes(expected, known)


def _archive_page_changes(site, targets):
    """The archive pages of the columns among ``targets`` whose number changed: new and
    vanished ones, and the two newest (whose "newer" link goes to the index page or to
    the next archive page; ``columns.listing``)."""
    column_ids = [pk for pk in map(target_page_id, targets) if pk is not None]
    expected = column_list_targets(column_ids)
    if not expected:
        return set()
    known = set(
        PublishedFile.objects.filter(site=site, page_id__in=expected, target__startswith="list:").values_list(
            "target", flat=True
        )
    )
    out = set()
    for column_id, lists in expected.items():
        out |= _series_changes(lists, {t for t in known if parse_list_target(t)[0] == column_id})
    return out


# --- verification -----------------------------------------------------------------------


@dataclass
class Verification:
    site: object
    changed: list = field(default_factory=list)
    added: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    repaired: Stats | None = None

    @property
    def ok(self):
        return not (self.changed or self.added or self.missing)


def verify(site, repair=False):
    """Compare the site's document root with its manifest; with ``repair``, render the
    changed and missing files again from the database and remove the added ones."""
    root = site_dir(site)
    manifest = {
        row.path: row
        for row in PublishedFile.objects.filter(site=site).only("path", "digest", "algorithm", "target", "size")
    }
    on_disk = set(writer.walk_files(root))
    result = Verification(site)
    for path in sorted(manifest):
        row = manifest[path]
        if path not in on_disk:
            result.missing.append(path)
        else:
            full = root / path
            if full.stat().st_size != row.size or writer.file_digest(full, row.algorithm) != row.digest:
                result.changed.append(path)
    result.added = sorted(on_disk - set(manifest))
    if repair and not result.ok:
        targets = sorted({manifest[p].target for p in result.missing + result.changed})
        for path in result.added:
            writer.remove_file(root / path, root)
        result.repaired = publish_targets(site, targets, force=True)
        writer.clean_temp_files(root)
    return result


# --- jobs -------------------------------------------------------------------------------


def auto_publishing():
    """Whether editors' actions publish at once: on, once anything has been published
    (``zhanqun publish all``), unless ``ZHANQUN_PUBLISH_AUTO`` is False."""
    return getattr(settings, "ZHANQUN_PUBLISH_AUTO", True) and PublishedFile.objects.exists()


def enqueue(kind, site_id=None, page_id=None, data=None):
    job = PublishJob.objects.create(kind=kind, site_id=site_id, page_id=page_id, data=data or {})
    transaction.on_commit(run_pending_jobs)
    return job


def run_job(job):
    from wagtail.models import Site

    PublishJob.objects.filter(pk=job.pk).update(
        status=PublishJob.Status.RUNNING, started=timezone.now(), attempts=job.attempts + 1
    )
    try:
        if job.kind == PublishJob.Kind.SITE:
            site = Site.objects.filter(pk=job.site_id).select_related("root_page").first()
            stats = publish_site(site) if site else Stats()
        else:
            stats = refresh_page(job.data, include_descendants=job.data.get("descendants", False))
        if stats.errors:
            raise RuntimeError("; ".join(f"{t}: {e}" for t, e in stats.errors))
    except Exception:  # noqa: BLE001  (recorded on the job; the next run retries)
        logger.exception("发布任务 %s 失败", job.pk)
        PublishJob.objects.filter(pk=job.pk).update(
            status=PublishJob.Status.FAILED, finished=timezone.now(), error=traceback.format_exc()
        )
        return False
    PublishJob.objects.filter(pk=job.pk).update(status=PublishJob.Status.DONE, finished=timezone.now(), error="")
    return True


def run_pending_jobs(retry_failed=False):
    """Run the jobs not yet done, oldest first — including ``running`` ones a killed
    process left behind: every job is idempotent. Returns (done, failed)."""
    statuses = [PublishJob.Status.PENDING, PublishJob.Status.RUNNING]
    if retry_failed:
        statuses.append(PublishJob.Status.FAILED)
    done = failed = 0
    for job in PublishJob.objects.filter(status__in=statuses).order_by("pk"):
        if run_job(job):
            done += 1
        else:
            failed += 1
    return done, failed
