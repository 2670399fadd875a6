"""网站监测。

zhanqun monitor run [--site S] [--check C ...] [--due] [--json]   运行监测（可用性、更新情况、网站标识、防篡改、链接），更新监测发现
zhanqun monitor watch [--interval SECONDS] [--once]              常驻：按监测计划运行到期的监测（错过的补做一次）
zhanqun monitor findings [--site S] [--all] [--json]             列出待处理的监测发现

Exit code of ``run``: 0 when every monitor ran (whatever it found), 1 when one failed
to run. Each run is idempotent: a problem seen again stays one finding.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from zhanqun.monitoring import services
from zhanqun.monitoring.enums import CheckCode, FindingStatus
from zhanqun.monitoring.models import Finding

from ._sites import sites_or_error


class Command(BaseCommand):
    help = "网站监测：运行监测、列出监测发现"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p_run = sub.add_parser("run", help="运行监测")
        p_run.add_argument("--site", help="只监测该站点（域名、主机名或编号）")
        p_run.add_argument(
            "--check", action="append", choices=[c.value for c in CheckCode.runnable()], help="只运行该项监测（可重复）"
        )
        p_run.add_argument("--due", action="store_true", help="只运行按监测计划已到期的项目")
        p_run.add_argument("--json", action="store_true", help="以 JSON 输出各次运行的结果")
        p_watch = sub.add_parser("watch", help="常驻运行到期的监测")
        p_watch.add_argument("--interval", type=int, default=60, help="两次检查计划之间的秒数（默认 60）")
        p_watch.add_argument("--once", action="store_true", help="只检查一次计划")
        p_find = sub.add_parser("findings", help="列出监测发现")
        p_find.add_argument("--site", help="只列该站点")
        p_find.add_argument("--all", action="store_true", help="也列出已消除的")
        p_find.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def do_run(self, site=None, check=None, due=False, json=False, **_):  # noqa: A002 - the option's name
        if due:
            runs = services.run_due(sites_or_error(site), log=self.stdout.write)
        else:
            runs = services.run_checks(sites_or_error(site), check)
        self.report(runs, json)

    def do_watch(self, interval=60, once=False, **_):
        while True:
            runs = services.run_due(sites_or_error(None), log=self.stdout.write)
            if runs:
                try:
                    self.report(runs, False)
                except CommandError as exc:  # keep watching; the failure is on its run
                    self.stderr.write(str(exc))
            if once:
                return
            time.sleep(interval)

    def report(self, runs, json):  # noqa: A002
        rows = [
            {
                "site": run.site.hostname,
                "check": run.monitor,
                "opened": run.opened,
                "still_open": run.still_open,
                "resolved": run.resolved,
                "error": run.error.strip().splitlines()[-1] if run.error else "",
            }
            for run in runs
        ]
        if json:
            self.stdout.write(_dumps(rows))
        else:
            for row in rows:
                label = CheckCode(row["check"]).label
                if row["error"]:
                    self.stdout.write(f"{row['site']} {label}：运行失败：{row['error']}")
                else:
                    self.stdout.write(
                        f"{row['site']} {label}：新发现 {row['opened']}，仍存在 {row['still_open']}，已消除 {row['resolved']}"
                    )
        if any(row["error"] for row in rows):
            raise CommandError("有监测项目运行失败（见上）。")

    def do_findings(self, site=None, all=False, json=False, **_):  # noqa: A002
        findings = Finding.objects.filter(site__in=sites_or_error(site)).select_related("site", "unit")
        if not all:
            findings = findings.filter(status=FindingStatus.OPEN)
        rows = [
            {
                "id": f.pk,
                "site": f.site.hostname,
                "check": f.monitor,
                "problem": f.problem,
                "status": f.status,
                "message": f.message,
                "url": f.url,
                "unit": f.unit.name if f.unit_id else None,
                "first_seen_at": f.first_seen_at.isoformat(),
                "last_seen_at": f.last_seen_at.isoformat(),
            }
            for f in findings.order_by("site__hostname", "monitor", "first_seen_at")
        ]
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            self.stdout.write(f"[{row['site']}] {row['message']}  {row['url']}")
        self.stdout.write(f"共 {len(rows)} 条。")


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, indent=2)
