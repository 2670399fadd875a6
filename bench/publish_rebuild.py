"""Benchmark a full rebuild: `zhanqun publish all --force --jobs 2`, side by side with Hugo.

In a scratch group seeded with ``--items`` bulk items (default 100,000; SQLite in a
temporary ZHANQUN_VAR_DIR, seeded database cached by bench/_common.py):

1. ``zhanqun publish all --force --jobs 2`` under ``/usr/bin/time -v`` (wall time, the
   largest single process's max RSS) while a sampler sums the RSS of the whole process
   tree (parent + forked workers) every 0.2 s from /proc: peak memory of the publisher.
2. Hugo (Debian's ``hugo``): a scratch site with one content file per item, in the same
   sections with the same item counts as the group's columns, titles and bodies of the
   same size, and a minimal inline theme comparable to the group's templates (header with
   the site name, navigation of the site's columns, breadcrumb, footer; list pages
   paginated by 20 like the columns), built with ``hugo --quiet`` under ``/usr/bin/time -v``.
3. ``--profile`` (default on): cProfile of the publisher in one process on a sample —
   ``--profile-items`` item pages and the list pages of one large column — so the report
   can say where the time goes (written to /tmp, top functions in the JSON).

    .venv/bin/python bench/publish_rebuild.py                 # 100,000 items
    .venv/bin/python bench/publish_rebuild.py --items 10000   # quick; figures extrapolated, labelled
    .venv/bin/python bench/publish_rebuild.py --skip-publisher --items 100000   # Hugo only

Figures: pages (files) written per second for both, wall seconds, peak memory; with
fewer than 100,000 items, a *linear* extrapolation to 100,000 items is added and labelled
(a lower bound if the cost per list page grows with the column's length).
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

# --- the publisher ---------------------------------------------------------------------


SUMMARY = re.compile(r"完成：(\d+) 个站点，(\d+) 个页面/文件来源，(\d+) 个文件（写入 (\d+)")


def run_publisher(env, jobs):
    cmd = [str(C.ZHANQUN), "publish", "all", "--force", "--jobs", str(jobs)]
    figures, out, err = C.timed(cmd, env=env, cwd=C.ROOT)
    m = SUMMARY.search(out)
    if not m:
        raise SystemExit("no summary line in the publisher's output:\n" + out[-2000:])
    sites, targets, files, written = map(int, m.groups())
    failures = out.count("失败") + err.count("发布失败")
    figures.update(
        command=f"zhanqun publish all --force --jobs {jobs}",
        sites=sites,
        targets=targets,
        files=files,
        written=written,
        failures=failures,
        files_per_second=round(files / figures["wall_seconds"], 1),
        targets_per_second=round(targets / figures["wall_seconds"], 1),
        summary=out.strip().splitlines()[-1],
    )
    return figures


def columns_of(env):
    """[(site_dir, column_slug, column_title, item_count)] of the group's columns with items."""
    code = (
        "import json\n"
        "from wagtail.models import Site\n"
        "from zhanqun.columns.models import ColumnPage\n"
        "from zhanqun.content.models import ItemPage\n"
        "from zhanqun.publishing.services import site_dirname\n"
        "out = []\n"
        "for site in Site.objects.select_related('root_page'):\n"
        "    for col in ColumnPage.objects.live().descendant_of(site.root_page):\n"
        "        n = col.get_children().live().type(*ItemPage.concrete_types()).count()\n"
        "        out.append([site_dirname(site), col.url_path[len(site.root_page.url_path):].strip('/'), col.title, n, site.site_name or site.hostname])\n"
        "print('JSON' + json.dumps(out, ensure_ascii=False))\n"
    )
    _secs, res = C.zhanqun(["shell", "-c", code], env)
    line = [x for x in res.stdout.splitlines() if x.startswith("JSON")][-1]
    return json.loads(line[4:])


PROFILE_CODE = r"""
import cProfile, io, json, pstats, sys, time
from wagtail.models import Site
from zhanqun.columns.models import ColumnPage
from zhanqun.content.models import ItemPage
from zhanqun.publishing import services
from zhanqun.publishing.render import page_target

n_items, out_path = int(sys.argv[1]), sys.argv[2]
site = max(Site.objects.select_related('root_page'),
           key=lambda s: s.root_page.get_descendants().count())
items = list(site.root_page.get_descendants().live().type(*ItemPage.concrete_types()).values_list('pk', flat=True)[:n_items])
column = max(ColumnPage.objects.live().descendant_of(site.root_page), key=lambda c: c.numchild)
result = {"site": site.hostname, "items": len(items), "column": column.title, "column_items": column.numchild}

def run(label, targets):
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    stats = services.publish_targets(site, targets, force=True, jobs=1)
    prof.disable()
    secs = time.perf_counter() - t
    prof.dump_stats(out_path + '.' + label + '.prof')
    s = io.StringIO()
    p = pstats.Stats(prof, stream=s).sort_stats('cumulative')
    p.print_stats(35)
    t2 = io.StringIO()
    pstats.Stats(prof, stream=t2).sort_stats('tottime').print_stats(25)
    result[label] = {"targets": stats.targets, "files": stats.files, "seconds": round(secs, 2),
                     "ms_per_file": round(1000 * secs / max(stats.files, 1), 1),
                     "profile": out_path + '.' + label + '.prof',
                     "top_cumulative": [l for l in s.getvalue().splitlines() if l.strip()][:60],
                     "top_tottime": [l for l in t2.getvalue().splitlines() if l.strip()][:45]}

run("items", [page_target(pk) for pk in items])
run("column", [page_target(column.pk)])
print('JSON' + json.dumps(result, ensure_ascii=False))
"""


def profile_publisher(env, n_items, out_path):
    _secs, res = C.zhanqun(["shell", "-c", PROFILE_CODE.replace("sys.argv[1]", repr(str(n_items))).replace("sys.argv[2]", repr(out_path))], env)
    line = [x for x in res.stdout.splitlines() if x.startswith("JSON")][-1]
    return json.loads(line[4:])


# --- Hugo --------------------------------------------------------------------------------

HUGO_CONFIG = """baseURL = "http://example.gov.cn/"
languageCode = "zh-CN"
title = "站群对照"
paginate = 20
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = false
[markup.goldmark.renderer]
unsafe = true
"""

BASEOF = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}_{{ with .FirstSection }}{{ .Params.sitename }}{{ end }}</title>
<meta name="SiteName" content="{{ with .FirstSection }}{{ .Params.sitename }}{{ end }}">
<link rel="stylesheet" href="/static/zhanqun/site.css">
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
<div class="container header-inner">
{{ with .FirstSection }}<a class="site-name" href="{{ .RelPermalink }}"><span class="emblem" aria-hidden="true">★</span>
<span class="site-full-name">{{ .Params.sitename }}</span></a>{{ end }}
</div>
<nav class="site-nav" aria-label="栏目导航">
<ul class="container">
{{ with .FirstSection }}<li><a href="{{ .RelPermalink }}">首页</a></li>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ end }}
</ul>
</nav>
</header>
<main id="main" class="container">
<nav class="breadcrumb" aria-label="当前位置"><span>当前位置：</span>
{{ range .Ancestors.Reverse }}{{ if not .IsHome }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> &gt; {{ end }}{{ end }}
<span aria-current="page">{{ .Title }}</span></nav>
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="container">
<p class="footer-links"><a href="/sitemap/">网站地图</a> <span aria-hidden="true">|</span>
<a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action" rel="noopener" target="_blank">我为政府网站找错</a></p>
{{ with .FirstSection }}<dl class="identity">
<div><dt>主办单位：</dt><dd>{{ .Params.sitename }}办公室</dd></div>
<div><dt>网站标识码：</dt><dd>6209810001</dd></div>
<div><dt>ICP备案号：</dt><dd>云ICP备00000000号</dd></div>
</dl>{{ end }}
</div>
</footer>
</body>
</html>
"""

SINGLE = """{{ define "main" }}
<article class="item">
<h1 class="item-title">{{ .Title }}</h1>
<p class="item-meta"><span>发布时间：{{ .Date.Format "2006-01-02 15:04" }}</span>
<span>信息来源：{{ .Params.source }}</span><span>作者：{{ .Params.author }}</span></p>
<div class="rich-text">{{ .Content }}</div>
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1 class="column-title">{{ .Title }}</h1>
{{ with .Sections }}<ul class="subcolumns">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ $pager := .Paginate (.RegularPagesRecursive.ByDate.Reverse) }}
<ul class="item-list">
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><span class="date">{{ .Date.Format "2006-01-02" }}</span></li>
{{ end }}
</ul>
<nav class="pagination" aria-label="分页">
{{ if $pager.HasPrev }}<a href="{{ $pager.First.URL }}">首页</a> <a href="{{ $pager.Prev.URL }}">上一页</a>{{ end }}
<span>第 {{ $pager.PageNumber }} / {{ $pager.TotalPages }} 页</span>
{{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">下一页</a> <a href="{{ $pager.Last.URL }}">尾页</a>{{ end }}
</nav>
{{ end }}
"""

INDEX = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Params.sitename }}</a></li>{{ end }}</ul></body></html>
"""

WORDS = "会议指出要坚持问题导向聚焦重点领域和薄弱环节建立工作台账实行清单化管理销号式推进全市已累计完成相关任务年度目标各项指标稳中有进政策宣传解读力度政务新媒体及时回应社会关切"


def make_hugo_site(dest, columns, seed=2026):
    rng = random.Random(seed)
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (dest / "layouts" / "_default" / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (dest / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (dest / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (dest / "layouts" / "index.html").write_text(INDEX, encoding="utf-8")
    content = dest / "content"
    sites = {}
    n = 0
    for site_dir, slug, title, count, site_name in columns:
        sdir = content / site_dir
        if site_dir not in sites:
            sdir.mkdir(parents=True, exist_ok=True)
            (sdir / "_index.md").write_text(f'---\ntitle: "首页"\nsitename: "{site_name}"\n---\n', encoding="utf-8")
            sites[site_dir] = True
        cdir = sdir / slug
        cdir.mkdir(parents=True, exist_ok=True)
        (cdir / "_index.md").write_text(f'---\ntitle: "{title}"\n---\n', encoding="utf-8")
        for i in range(count):
            day = 1 + (i % 28)
            month = 1 + (i // 28) % 12
            year = 2023 + (i // 336) % 4
            t = "".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24)))
            paras = "\n\n".join("".join(rng.choice(WORDS) for _ in range(rng.randint(40, 70))) + "。" for _ in range(5))
            (cdir / f"t{i:06d}.md").write_text(
                f'---\ntitle: "{t}"\ndate: {year}-{month:02d}-{day:02d}T{9 + i % 8:02d}:{i % 60:02d}:00+08:00\n'
                f'source: "市政府办"\nauthor: "综合科"\n---\n{paras}\n',
                encoding="utf-8",
            )
            n += 1
    return n


def run_hugo(columns, workdir):
    site = workdir / "hugo-site"
    started = time.monotonic()
    n = make_hugo_site(site, columns)
    gen_seconds = time.monotonic() - started
    figures, _out, _err = C.timed(["hugo", "--quiet", "--source", str(site), "--destination", str(site / "public")], cwd=site)
    html = sum(1 for _ in (site / "public").rglob("*.html"))
    all_files = sum(1 for p in (site / "public").rglob("*") if p.is_file())
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()  # noqa: S607
    figures.update(
        command=f"hugo --quiet --source {site} --destination {site}/public",
        version=version,
        content_files=n,
        content_generation_seconds=round(gen_seconds, 1),
        html_files=html,
        files=all_files,
        files_per_second=round(all_files / figures["wall_seconds"], 1),
        html_per_second=round(html / figures["wall_seconds"], 1),
    )
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--profile-items", type=int, default=300)
    parser.add_argument("--skip-publisher", action="store_true")
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument("--output")
    options = parser.parse_args()
    if not options.skip_hugo and shutil.which("hugo") is None:
        raise SystemExit("hugo is not installed: run `make bench-tools` (or pass --skip-hugo).")
    C.use_source(options.source)

    load_before = os.getloadavg()
    var_dir, env, seed_seconds = C.scratch_env(options.items, fresh=options.fresh, prefix="zhanqun-rebuild-")
    sys.stderr.write(f"scratch var dir: {var_dir}\n")
    figures = {
        "benchmark": "publish_rebuild",
        "items": options.items,
        "database": "sqlite",
        "source": C.source_info(),
        "seed_seconds": seed_seconds,
    }
    try:
        columns = columns_of(env)
        figures["columns"] = len(columns)
        if not options.skip_publisher:
            sys.stderr.write("publisher: full rebuild …\n")
            pub = run_publisher(env, options.jobs)
            figures["publisher"] = pub
            sys.stderr.write(json.dumps(pub, ensure_ascii=False) + "\n")  # kept in the log whatever follows
            figures["peak_memory_target_mib"] = 1024
            figures["publisher_meets_memory_target"] = pub["tree_peak_rss_mib"] <= 1024
        if not options.skip_hugo:
            sys.stderr.write("hugo …\n")
            figures["hugo"] = run_hugo(columns, var_dir)
            shutil.rmtree(var_dir / "hugo-site", ignore_errors=True)
        if "publisher" in figures and "hugo" in figures:
            figures["hugo_vs_publisher_files_per_second"] = round(
                figures["hugo"]["files_per_second"] / figures["publisher"]["files_per_second"], 1
            )
        if "publisher" in figures:
            pub = figures["publisher"]
            scale = 100_000 / options.items
            est = pub["wall_seconds"] * scale
            figures["target_seconds_100k"] = 300
            if options.items != 100_000:
                figures["extrapolated_100k"] = {
                    "note": f"LINEAR extrapolation from {options.items} items (x{scale:g}); not measured. "
                    "A lower bound if list-page cost grows with column length.",
                    "wall_seconds": round(est, 0),
                    "minutes": round(est / 60, 1),
                }
            figures["meets_5_minute_target"] = est <= 300
        if options.profile and not options.skip_publisher:
            sys.stderr.write("profile …\n")
            try:
                figures["profile"] = profile_publisher(env, options.profile_items, f"/tmp/zhanqun-rebuild-{options.items}")
            except SystemExit as e:  # keep the figures measured so far
                figures["profile"] = {"error": str(e)}
    finally:
        C.remove_scratch(var_dir, options.keep)
    figures["machine"] = C.machine(load_before)
    C.write_results("publish_rebuild", figures, options.output)


if __name__ == "__main__":
    main()
