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

from . import writer
from .models import FileDependency, FileScope, PublishedFile, PublishJob
from .recorder import affected_scope_filter
from .render import SITE_FILES, page_target, render_target

logger = logging.getLogger(__name__)

CHUNK = 40  # targets per unit of parallel work


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
    from wagtail.models import Page

    ids = Page.objects.live().public().descendant_of(site.root_page, inclusive=True).values_list("pk", flat=True)
    return [page_target(pk) for pk in ids.order_by("path")] + list(SITE_FILES)


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


def render_and_write(site_id, targets, force=False):
    """Render ``targets`` of a site and write the files whose bytes changed (or all, with
    ``force``). Reads the database, writes only files: safe in a worker process."""
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").get(pk=site_id)
    root = site_dir(site)
    known = {}
    for path, dig in PublishedFile.objects.filter(site=site, target__in=targets).values_list("path", "digest"):
        known[path] = dig
    results = []
    for target in targets:
        try:
            files = render_target(site, target)
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
                writer.atomic_write(dest, f.content)
            metas.append(
                {
                    "path": f.path,
                    "size": len(f.content),
                    "digest": dig,
                    "page_id": f.page_id,
                    "revision_id": f.revision_id,
                    "pages": sorted(f.pages),
                    "scopes": sorted(f.scopes, key=lambda s: (s[0], s[1] or 0, s[2])),
                    "written": written,
                }
            )
        results.append((target, metas, None))
    return results


def apply_results(site, results):
    """Bring the manifest in line with what ``render_and_write`` produced; remove the
    files a target no longer yields."""
    stats = Stats()
    root = site_dir(site)
    with transaction.atomic():
        for target, metas, error in results:
            stats.targets += 1
            if metas is None:
                stats.errors.append((target, error))
                continue
            existing = {f.path: f for f in PublishedFile.objects.filter(site=site, target=target)}
            for m in metas:
                stats.files += 1
                row = existing.pop(m["path"], None)
                if row is not None and not m["written"] and row.digest == m["digest"]:
                    stats.unchanged += 1
                    continue
                stats.written += 1
                if row is None:
                    # The path may belong to another target (a page moved onto it).
                    PublishedFile.objects.filter(site=site, path=m["path"]).delete()
                    row = PublishedFile(site=site, path=m["path"])
                row.target = target
                row.page_id = m["page_id"]
                row.revision_id = m["revision_id"]
                row.size = m["size"]
                row.algorithm = writer.ALGORITHM
                row.digest = m["digest"]
                row.save()
                row.dependencies.all().delete()
                row.scopes.all().delete()
                FileDependency.objects.bulk_create([FileDependency(file=row, page_id=p) for p in m["pages"]])
                FileScope.objects.bulk_create(
                    [FileScope(file=row, path=p, depth=d, model=label) for p, d, label in m["scopes"]]
                )
            for path, row in existing.items():
                writer.remove_file(root / path, root)
                row.delete()
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


def publish_targets(site, targets, force=False, jobs=1, progress=None):
    """Render ``targets`` of ``site`` (``jobs`` worker processes where possible)."""
    targets = list(dict.fromkeys(targets))
    chunks = [targets[i : i + CHUNK] for i in range(0, len(targets), CHUNK)]
    stats = Stats()
    if jobs > 1 and len(chunks) > 1 and _can_fork():
        connections.close_all()  # each worker opens its own connection
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_child_work, site.pk, chunk, force): chunk for chunk in chunks}
            for future in as_completed(futures):
                stats.add(apply_results(site, future.result()))
                if progress:
                    progress(len(futures[future]))
    else:
        for chunk in chunks:
            stats.add(apply_results(site, render_and_write(site.pk, chunk, force)))
            if progress:
                progress(len(chunk))
    return stats


def publish_site(site, jobs=1, progress=None, force=False):
    """Render every live page and site file of ``site``; remove files of what is gone."""
    root = site_dir(site)
    writer.clean_temp_files(root)
    targets = site_targets(site)
    gone = set(PublishedFile.objects.filter(site=site).values_list("target", flat=True)) - set(targets)
    if progress:
        progress(0, total=len(targets) + len(gone))
    stats = publish_targets(site, targets, force=force, jobs=jobs, progress=progress)
    # Targets that are no longer live render to nothing: their files are removed.
    stats.add(publish_targets(site, sorted(gone), progress=progress))
    return stats


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
        "positions": [list(p) for p in extra_positions],
    }


def affected_targets(state):
    """{site_id: {target}} of the files that showed the page or list the part of the tree
    it is (or was) in, and the page's own target."""
    from wagtail.models import Site

    scope_q = affected_scope_filter(state["path"], state["depth"], state["labels"])
    for path, depth in state.get("positions", []):
        scope_q |= affected_scope_filter(path, depth, state["labels"])
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
        stats.add(publish_targets(site, sorted(found[site.pk])))
    return stats


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
