"""Benchmark publish latency: "publish" of one article to all affected files on disk.

In a scratch group seeded with ``--items`` bulk items (default 100,000; SQLite in a
temporary ZHANQUN_VAR_DIR, seeded database cached by bench/_common.py), the group is
published once (so that incremental publishing is on), then one existing article gets a
new revision — a changed title — published through Wagtail's API
``page.save_revision().publish()`` inside ``transaction.atomic()``, as an editor's
request would. The publisher's job runs when that transaction commits
(``signal_handlers`` -> ``services.enqueue`` -> ``transaction.on_commit(run_pending_jobs)``),
in-process; the clock stops once the job is ``done`` and the article's file on disk shows
the new title. Repeated ``--repeat`` times (default 50): median, p95. Then as many *new*
articles are added to the same column and published the same way (the clock stops when
the column's index page on disk lists the new one): median, p95 of those too.

    .venv/bin/python bench/publish_latency.py                   # 100,000 items, full first publish
    .venv/bin/python bench/publish_latency.py --items 10000
    .venv/bin/python bench/publish_latency.py --prepublish structure   # see below

``--prepublish full`` (default) runs ``zhanqun publish all --jobs 2`` first — at the
current rendering rate that takes a long time for 100,000 items. ``--prepublish
structure`` publishes only what an article's publish can touch besides its own file:
every non-item page (home pages, columns with all their list pages), the site files
(the sitemap index and its parts), and the measured article itself. Item pages record dependencies only on
themselves, their ancestors and the navigation (``--check-deps`` verifies it on the
manifest), so the set of files an article's publish re-renders is the same as after a
full publish; it is labelled in the output.

Per publish it also records how many targets and files were re-rendered and written,
and the time spent finding them (``affected_targets``) versus rendering and writing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--prepublish", choices=("full", "structure"), default="full")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes of the first full publish")
    parser.add_argument("--fresh", action="store_true", help="seed again instead of using the cached database")
    parser.add_argument("--keep", action="store_true", help="keep the scratch var dir")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the publishes to this file")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument(
        "--var-dir", type=Path,
        help="reuse a scratch var dir already published (kept by an earlier --keep run): no seeding, no first publish",
    )
    parser.add_argument("--output")
    options = parser.parse_args()
    C.use_source(options.source)

    load_before = os.getloadavg()
    if options.var_dir:
        var_dir, env, seed_seconds = options.var_dir, C.base_env(options.var_dir), None
        options.prepublish = "reused"
        options.keep = True
    else:
        var_dir, env, seed_seconds = C.scratch_env(options.items, fresh=options.fresh, prefix="zhanqun-latency-")
    sys.stderr.write(f"scratch var dir: {var_dir}\n")
    figures = {
        "benchmark": "publish_latency",
        "var_dir_reused": str(options.var_dir) if options.var_dir else None,
        "items": options.items,
        "repeat": options.repeat,
        "database": "sqlite",
        "prepublish": options.prepublish,
        "seed_seconds": seed_seconds,
        "source": C.source_info(),
    }
    try:
        if options.prepublish == "full":
            secs, res = C.zhanqun(["publish", "all", "--jobs", str(options.jobs)], env)
            figures["prepublish_seconds"] = round(secs, 1)
            figures["prepublish_summary"] = res.stdout.strip().splitlines()[-1]
        os.environ.update(env)
        import django

        django.setup()
        measure(options, figures, var_dir)
    finally:
        C.remove_scratch(var_dir, options.keep)
    figures["machine"] = C.machine(load_before)
    C.write_results("publish_latency", figures, options.output)


def pick_article():
    """The newest article of the largest news column: on the column's page 1 and the home page."""
    from django.db.models import Count
    from wagtail.models import Page

    from zhanqun.columns.models import ColumnPage
    from zhanqun.content.models import ArticlePage

    columns = (
        ColumnPage.objects.live()
        .filter(slug="zwdt")
        .annotate(n=Count("pk"))
        .order_by("-numchild")
    )
    column = columns.first()
    article = (
        ArticlePage.objects.live().public().child_of(column).order_by("-first_published_at", "-pk").first()
    )
    return column, Page.objects.get(pk=article.pk).specific


def structure_publish(article, figures):
    """Publish every non-item page, the site files and the article (see the docstring)."""
    from wagtail.models import Page, Site

    from zhanqun.content.models import ItemPage
    from zhanqun.core.db import refresh_planner_statistics
    from zhanqun.publishing import services, sitemap
    from zhanqun.publishing.render import SITE_FILES, page_target

    item_types = ItemPage.concrete_types()
    started = time.monotonic()
    refresh_planner_statistics()  # as `zhanqun publish all` does first
    n = 0
    for site in Site.objects.select_related("root_page"):
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .not_type(*item_types)
            .values_list("pk", flat=True)
        )
        lists = services.column_list_targets(list(pages))
        targets = [page_target(pk) for pk in pages] + [t for ts in lists.values() for t in ts] + list(SITE_FILES)
        targets += [sitemap.part_target(n) for n in sitemap.part_numbers(site)]
        if article.get_site().pk == site.pk:
            targets.append(page_target(article.pk))
        stats = services.publish_targets(site, targets, jobs=2)
        n += stats.files
    figures["prepublish_seconds"] = round(time.monotonic() - started, 1)
    figures["prepublish_summary"] = f"structure only: {n} files (non-item pages, site files, the article)"


def check_item_dependencies(article):
    """Whether any item file depends on pages/scopes an article's publish touches beyond
    itself and its ancestors (if so, a structure-only prepublish would under-count)."""
    from wagtail.models import Page

    from zhanqun.publishing.models import FileDependency, FileScope, PublishedFile

    leaves = Page.objects.filter(depth=article.depth, numchild=0).exclude(pk=article.pk).values("pk")
    item_files = PublishedFile.objects.filter(page_id__in=leaves)
    on_article = FileDependency.objects.filter(file__in=item_files, page_id=article.pk).count()
    column_path = article.path[: -4]
    on_column_scope = FileScope.objects.filter(file__in=item_files, path=column_path).count()
    return {"item_files_showing_the_article": on_article, "item_files_listing_its_column": on_column_scope}


class Instrument:
    """Time services.affected_targets and services.publish_targets, count what they do."""

    def __init__(self):
        from zhanqun.publishing import services

        self.services = services
        self.reset()
        orig_affected = services.affected_targets
        orig_publish = services.publish_targets

        def affected_targets(state):
            t = time.perf_counter()
            try:
                return orig_affected(state)
            finally:
                self.affected_seconds += time.perf_counter() - t

        def publish_targets(site, targets, **kw):
            t = time.perf_counter()
            stats = orig_publish(site, targets, **kw)
            self.render_seconds += time.perf_counter() - t
            self.targets += stats.targets
            self.files += stats.files
            self.written += stats.written
            return stats

        services.affected_targets = affected_targets
        services.publish_targets = publish_targets

    def reset(self):
        self.affected_seconds = self.render_seconds = 0.0
        self.targets = self.files = self.written = 0


def measure(options, figures, var_dir):
    from django.db import transaction
    from wagtail.models import Page

    from zhanqun.publishing import services
    from zhanqun.publishing.models import PublishedFile, PublishJob

    column, article = pick_article()
    if options.prepublish == "structure":
        structure_publish(article, figures)
    figures["article"] = {"id": article.pk, "column": column.title, "column_items": column.numchild}
    if not services.auto_publishing():
        raise SystemExit("incremental publishing is off (nothing published, or ZHANQUN_PUBLISH_AUTO=False)")
    figures["manifest_files"] = PublishedFile.objects.count()
    figures["dependency_check"] = check_item_dependencies(article)
    own = PublishedFile.objects.get(target=f"page:{article.pk}")
    own_path = services.site_dir(article.get_site()) / own.path
    inst = Instrument()
    latencies, per_publish = [], []
    profiler = None
    if options.profile:
        import cProfile

        profiler = cProfile.Profile()
    base_title = article.title
    for i in range(options.repeat):
        page = Page.objects.get(pk=article.pk).specific
        marker = f"基准{i:03d}"
        page.title = f"{base_title} {marker}"
        inst.reset()
        last_job = PublishJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        with transaction.atomic():
            page.save_revision().publish()
        # on_commit has run the job in this thread; check it is done and the file is there.
        jobs = list(PublishJob.objects.filter(pk__gt=last_job).values_list("status", flat=True))
        on_disk = marker.encode() in own_path.read_bytes()
        elapsed = time.perf_counter() - started
        if profiler:
            profiler.disable()
        if not jobs or any(s != PublishJob.Status.DONE for s in jobs) or not on_disk:
            raise SystemExit(f"publish {i}: jobs {jobs}, file updated: {on_disk}")
        latencies.append(elapsed)
        per_publish.append(
            {
                "seconds": round(elapsed, 4),
                "affected_seconds": round(inst.affected_seconds, 4),
                "render_write_seconds": round(inst.render_seconds, 4),
                "targets": inst.targets,
                "files": inst.files,
                "written": inst.written,
            }
        )
        sys.stderr.write(f"publish {i + 1}/{options.repeat}: {elapsed:.3f} s, {inst.files} files\n")
    figures["latency_seconds"] = C.summary(latencies)
    # A new article in the same column: it enters the lists (index page, feeds, home
    # page, sitemap; an archive page when one fills up).
    from zhanqun.content.models import ArticlePage

    new_latencies, new_per_publish = [], []
    column = Page.objects.get(pk=column.pk).specific
    for i in range(options.repeat):
        inst.reset()
        last_job = PublishJob.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        marker = f"新稿{i:03d}"
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        with transaction.atomic():
            new = ArticlePage(title=f"基准新稿 {marker}", responsible_unit_id=article.responsible_unit_id, summary="摘要")
            column.add_child(instance=new)
            new.save_revision().publish()
        jobs = list(PublishJob.objects.filter(pk__gt=last_job).values_list("status", flat=True))
        index_file = services.site_dir(article.get_site()) / PublishedFile.objects.get(target=f"page:{column.pk}", path__endswith="index.html").path
        on_disk = marker.encode() in index_file.read_bytes()
        elapsed = time.perf_counter() - started
        if profiler:
            profiler.disable()
        if not jobs or any(s != PublishJob.Status.DONE for s in jobs) or not on_disk:
            raise SystemExit(f"new article {i}: jobs {jobs}, column index updated: {on_disk}")
        new_latencies.append(elapsed)
        new_per_publish.append({"seconds": round(elapsed, 4), "targets": inst.targets, "files": inst.files, "written": inst.written})
        sys.stderr.write(f"new article {i + 1}/{options.repeat}: {elapsed:.3f} s, {inst.files} files\n")
    figures["new_article_latency_seconds"] = C.summary(new_latencies)
    figures["new_article_files_per_publish"] = C.summary([p["files"] for p in new_per_publish], 1)
    figures["new_article_written_per_publish"] = C.summary([p["written"] for p in new_per_publish], 1)
    figures["new_article_meets_target"] = figures["new_article_latency_seconds"]["p95"] <= 1.0
    figures["target_p95_seconds"] = 1.0
    figures["meets_target"] = figures["latency_seconds"]["p95"] <= 1.0
    figures["affected_seconds"] = C.summary([p["affected_seconds"] for p in per_publish])
    figures["render_write_seconds"] = C.summary([p["render_write_seconds"] for p in per_publish])
    figures["targets_per_publish"] = per_publish[-1]["targets"]
    figures["files_per_publish"] = per_publish[-1]["files"]
    figures["written_per_publish"] = C.summary([p["written"] for p in per_publish], 1)
    figures["first_publishes"] = per_publish[:3]
    if profiler:
        profiler.dump_stats(str(options.profile))
        figures["profile"] = str(options.profile)


if __name__ == "__main__":
    main()
