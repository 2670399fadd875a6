"""zhanqun publish all|verify|run — the static publisher from the console.

zhanqun publish all [--site S] [--jobs N] [--force]   全量发布（进度条与汇总）
zhanqun publish verify [--site S] [--repair]          对照清单校验文档根目录；有差异时退出码为 1
zhanqun publish run [--retry-failed]                  执行未完成的发布任务（中断后续跑）
zhanqun publish manifest [--site S]                   以 CSV 导出发布清单（路径、大小、摘要、页面与版本）
"""

import csv
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from zhanqun.publishing import services


class Progress:
    """A one-line progress bar on stderr (a plain line per 10% when not a terminal)."""

    def __init__(self, stream, label):
        self.stream, self.label = stream, label
        self.total = self.done = 0
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_decile = -1

    def __call__(self, n, total=None):
        if total is not None:
            self.total += total
        self.done += n
        if not self.total:
            return
        share = min(self.done / self.total, 1.0)
        if self.tty:
            bar = "█" * int(share * 30) + "·" * (30 - int(share * 30))
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            self.stream.flush()
        elif int(share * 10) != self.last_decile:
            self.last_decile = int(share * 10)
            self.stream.write(f"{self.label} {self.done}/{self.total}\n")

    def close(self):
        if self.tty and self.total:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "静态发布：全量发布、校验与修复、续跑未完成的任务。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p_all = sub.add_parser("all", help="全量发布站点")
        p_all.add_argument("--site", help="只发布该站点（域名、主机名或编号）")
        p_all.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数（默认：CPU 核数）")
        p_all.add_argument("--force", action="store_true", help="内容未变的文件也重写")
        p_verify = sub.add_parser("verify", help="对照发布清单校验文档根目录")
        p_verify.add_argument("--site", help="只校验该站点")
        p_verify.add_argument(
            "--repair", action="store_true", help="从数据库重新生成被改动或缺失的文件，删除多出的文件"
        )
        p_manifest = sub.add_parser("manifest", help="以 CSV 导出发布清单")
        p_manifest.add_argument("--site", help="只导出该站点")
        p_run = sub.add_parser("run", help="执行未完成的发布任务")
        p_run.add_argument("--retry-failed", action="store_true", help="也重试失败的任务")

    def sites(self, spec):
        from zhanqun.sitegroup.services import SiteNotFound, find_sites

        try:
            return find_sites(spec)
        except SiteNotFound as exc:
            raise CommandError(str(exc)) from None

    def handle(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_all(self, site=None, jobs=1, force=False, **_):
        from zhanqun.core.db import refresh_planner_statistics

        sites = self.sites(site)
        refresh_planner_statistics()  # list queries of a grown database stay fast
        started = time.monotonic()
        total = services.Stats()
        root = services.publish_root()
        self.stdout.write(f"文档根目录：{root}")
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        bar = Progress(stream, "全量发布" if len(sites) > 1 else (sites[0].site_name or sites[0].hostname))
        per_site = services.publish_sites(sites, jobs=jobs, progress=bar, force=force)
        bar.close()
        for s in sites:
            stats = per_site[s.pk]
            total.add(stats)
            self.stdout.write(
                f"{s.site_name or s.hostname}：{stats.files} 个文件，写入 {stats.written}，未变 {stats.unchanged}，删除 {stats.removed}"
                + (f"，失败 {len(stats.errors)}" if stats.errors else "")
            )
        elapsed = time.monotonic() - started
        rate = total.targets / elapsed if elapsed else 0
        self.stdout.write(
            f"完成：{len(sites)} 个站点，{total.targets} 个页面/文件来源，{total.files} 个文件"
            f"（写入 {total.written}，未变 {total.unchanged}，删除 {total.removed}），"
            f"用时 {elapsed:.1f} 秒，每秒 {rate:.0f} 个页面，{jobs} 个进程。"
        )
        for target, error in total.errors:
            self.stderr.write(f"失败：{target}\n{error}")
        if total.errors:
            sys.exit(1)

    def do_verify(self, site=None, repair=False, **_):
        bad = False
        for s in self.sites(site):
            result = services.verify(s, repair=repair)
            name = s.site_name or s.hostname
            if result.ok:
                self.stdout.write(f"{name}：与清单一致。")
                continue
            bad = True
            self.stdout.write(
                f"{name}：被改动 {len(result.changed)}，多出 {len(result.added)}，缺失 {len(result.missing)}"
            )
            for label, paths in (("被改动", result.changed), ("多出", result.added), ("缺失", result.missing)):
                for path in paths:
                    self.stdout.write(f"  {label}：{path}")
            if result.repaired is not None:
                self.stdout.write(
                    f"  已修复：重新生成 {result.repaired.written} 个文件，删除多出的 {len(result.added)} 个文件。"
                )
        if bad:
            sys.exit(1)

    def do_manifest(self, site=None, **_):
        """The manifest as CSV on stdout: one row per published file (R-SEC-4), for an
        offline copy or another tool's comparison."""
        from zhanqun.publishing.models import PublishedFile

        out = csv.writer(self.stdout)
        out.writerow(["site", "path", "size", "algorithm", "digest", "page_id", "revision_id", "rendered_at"])
        for s in self.sites(site):
            name = services.site_dirname(s)
            rows = PublishedFile.objects.filter(site=s).order_by("path")
            for row in rows.values_list("path", "size", "algorithm", "digest", "page_id", "revision_id", "rendered_at"):
                path, size, algorithm, digest, page_id, revision_id, rendered_at = row
                out.writerow([name, path, size, algorithm, digest, page_id or "", revision_id or "", rendered_at.isoformat()])

    def do_run(self, retry_failed=False, **_):
        done, failed = services.run_pending_jobs(retry_failed=retry_failed)
        self.stdout.write(f"发布任务：完成 {done} 个，失败 {failed} 个。")
        if failed:
            sys.exit(1)
