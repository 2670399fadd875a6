"""zhanqun analytics — 访问统计 from the public servers' access logs.

    zhanqun analytics ingest PATH… [--host-from-file-name] [--json]
    zhanqun analytics resolve [--site S]
    zhanqun analytics close-days

``ingest`` is idempotent: a file (or its rotated, renamed or gzipped copy) is read from
where the last run stopped. Run it from cron after each log rotation or every few minutes.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from zhanqun.analytics import ingest as ingest_module
from zhanqun.analytics.logparse import REASON_LABELS


class Command(BaseCommand):
    help = "访问统计：导入 nginx 访问日志（按站点、栏目、页面统计每日浏览量），重新归属页面，关闭过期日期。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        p = sub.add_parser("ingest", help="导入访问日志（可重复运行，不会重复计数）")
        p.add_argument("paths", nargs="+", metavar="PATH", help="访问日志文件（可为 .gz）")
        p.add_argument(
            "--host-from-file-name",
            action="store_true",
            help="每个站点一个日志文件、日志中没有主机名时：由文件名开头的域名确定站点",
        )
        p.add_argument("--json", action="store_true", help="以 JSON 输出导入结果")
        r = sub.add_parser("resolve", help="按发布清单重新确定各路径对应的页面和栏目")
        r.add_argument("--site", help="站点（域名、主机名或编号）")
        sub.add_parser("close-days", help="关闭开放期已过的日期：删除随机盐和访客化名")

    def handle(self, *args, what, **options):
        getattr(self, f"handle_{what.replace('-', '_')}")(**options)

    def handle_ingest(self, paths, host_from_file_name, json=False, **_):
        try:
            report = ingest_module.ingest(paths, host_from_file_name=host_from_file_name)
        except ingest_module.IngestError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_json(report.as_dict()))
            return
        for f in report.files:
            self.stdout.write(
                f"{f.name}：读取 {f.lines} 行，计入浏览 {f.counted} 次" + (f"（{f.note}）" if f.note else "")
            )
            for reason, n in sorted(f.skipped.items()):
                self.stdout.write(f"  未计入 {REASON_LABELS[reason]}：{n} 行")
            for n, text in f.malformed_examples:
                self.stdout.write(f"  第 {n} 行格式不正确：{text}")
        self.stdout.write(f"合计：读取 {report.lines} 行，计入浏览 {report.counted} 次。")

    def handle_resolve(self, site=None, **_):
        sites = [None]
        if site:
            from zhanqun.sitegroup.services import SiteNotFound, find_sites

            try:
                sites = find_sites(site)
            except SiteNotFound as exc:
                raise CommandError(str(exc)) from None
        changed = sum(ingest_module.resolve_pages(s) for s in sites)
        self.stdout.write(f"重新归属了 {changed} 条页面每日访问记录。")

    def handle_close_days(self, **_):
        n = ingest_module.close_days()
        self.stdout.write(f"已删除 {n} 个日期的随机盐。")


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
