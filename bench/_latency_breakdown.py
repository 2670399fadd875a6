"""Where one article's publish spends its time (helper, not run by `make bench`).

On a published scratch var dir (e.g. one kept with ``publish_latency.py --keep``), for
the article ``publish_latency.py`` picks: the targets its publish re-renders
(``services.affected_targets``), the render time of each, how many files each yields and
how many of those files actually show the article (``FileDependency``) — i.e. what a
file-level refresh would have to render. Optional cProfile of three full publishes.

    ZHANQUN_VAR_DIR=/tmp/zhanqun-latency-xxxx ZHANQUN_PUBLISH_ROOT=/tmp/zhanqun-latency-xxxx/public \
    DJANGO_SETTINGS_MODULE=zhanqun.settings.dev PYTHONPATH=/tmp/zhanqun-bench-src-<sha>/src \
    .venv/bin/python bench/_latency_breakdown.py [--profile /tmp/x.prof]
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--unpublished", action="store_true",
        help="nothing is published: time the targets a publish re-renders after a full publish "
        "(the article, its ancestors up to the home page, the site files) without the manifest",
    )
    options = parser.parse_args()
    import django

    django.setup()
    from publish_latency import pick_article
    from wagtail.models import Site

    from zhanqun.publishing import services
    from zhanqun.publishing.models import FileDependency, PublishedFile
    from zhanqun.publishing.render import render_target

    column, article = pick_article()
    state = services.page_state(article)
    t = time.perf_counter()
    if options.unpublished:
        from zhanqun.publishing.render import SITE_FILES, page_target

        site = article.get_site()
        anc = article.get_ancestors().filter(depth__gte=site.root_page.depth)
        found = {site.pk: {page_target(article.pk), *(page_target(a.pk) for a in anc), *SITE_FILES}}
    else:
        found = services.affected_targets(state)
    out = {"article": article.pk, "column_items": column.numchild,
           "affected_targets_seconds": round(time.perf_counter() - t, 4), "targets": []}
    showing = set(
        PublishedFile.objects.filter(
            pk__in=FileDependency.objects.filter(page_id=article.pk).values("file_id")
        ).values_list("path", flat=True)
    )
    for site_id, targets in found.items():
        site = Site.objects.select_related("root_page").get(pk=site_id)
        for target in sorted(targets):
            t = time.perf_counter()
            files = render_target(site, target)
            secs = time.perf_counter() - t
            out["targets"].append({
                "target": target,
                "files": len(files),
                "seconds": round(secs, 3),
                "ms_per_file": round(1000 * secs / max(len(files), 1), 1),
                "files_showing_the_article": sum(1 for f in files if f.path in showing),
                "bytes": sum(len(f.content) for f in files),
            })
    out["total_render_seconds"] = round(sum(x["seconds"] for x in out["targets"]), 3)
    out["files_total"] = sum(x["files"] for x in out["targets"])
    out["files_showing_the_article"] = sum(x["files_showing_the_article"] for x in out["targets"])
    if options.profile:
        import cProfile
        import io
        import pstats

        from django.db import transaction
        from wagtail.models import Page

        prof = cProfile.Profile()
        for i in range(options.repeat):
            page = Page.objects.get(pk=article.pk).specific
            page.title = page.title.split(" 基准")[0] + f" 基准p{i}"
            prof.enable()
            with transaction.atomic():
                page.save_revision().publish()
            prof.disable()
        prof.dump_stats(options.profile)
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(40)
        out["profile_top_cumulative"] = [line for line in s.getvalue().splitlines() if line.strip()][:70]
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(25)
        out["profile_top_tottime"] = [line for line in s.getvalue().splitlines() if line.strip()][:45]
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
