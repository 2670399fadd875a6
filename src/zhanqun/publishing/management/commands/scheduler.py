"""zhanqun scheduler [--once] [--interval 60] [--dry-run] — scheduled publishing.

Runs due go-live / expiry times (Wagtail's publish_scheduled) and the pending
publishing jobs, every --interval seconds; on start, says what it missed and catches up.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from zhanqun.publishing import scheduler


class Command(BaseCommand):
    help = "定时发布：按计划上线、下线页面并执行发布任务（常驻进程；--once 只运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="补做到期任务后退出")
        parser.add_argument("--interval", type=float, default=60, help="两次检查的间隔秒数（默认 60）")
        parser.add_argument("--dry-run", action="store_true", help="只列出到期的任务，不做任何改动")

    def handle(self, *args, once=False, interval=60, dry_run=False, **options):
        if dry_run:
            items = scheduler.due()
            self.stdout.write(f"到期任务 {len(items)} 项（试运行，未做改动）：")
            for line in scheduler.describe(items):
                self.stdout.write(f"  {line}")
            return
        if interval <= 0:
            raise CommandError("--interval 必须大于 0。")
        try:
            with scheduler.Lock():
                self.run(once, interval)
        except scheduler.AlreadyRunning as e:
            raise CommandError(f"已有定时发布进程在运行（锁文件 {e}）。") from e

    def run(self, once, interval):
        stop = threading.Event()
        if not once:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        scheduler.log_start()
        first = True
        while True:
            if not first:
                # Between rounds of a long-running process, as Django does between
                # requests: drop a connection that is too old or broken.
                close_old_connections()
            first = False
            try:
                result = scheduler.tick()
            except Exception:  # noqa: BLE001  (logged; the next tick tries again)
                scheduler.logger.exception("定时发布失败 / scheduler tick failed")
                if once:
                    raise
            else:
                if result.due or result.jobs_done or result.jobs_failed:
                    self.stdout.write(
                        f"定时任务 {len(result.due)} 项；发布任务完成 {result.jobs_done} 个，失败 {result.jobs_failed} 个。"
                    )
            if once or stop.wait(interval):
                break
