import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhanqun.demo.loader import is_loaded, load_demo


class Command(BaseCommand):
    help = "载入演示站群（仅在数据库为空时）；--items N 再批量生成 N 条信息用于性能测试。"

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=0, help="额外批量生成的信息条数（基准测试用，如 100000）。")
        parser.add_argument("--scale", type=float, default=1.0, help="演示内容规模系数（默认 1.0）。")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，保证可重复。")
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="在 DEBUG 关闭的环境中也载入演示账号（演示账号密码公开，切勿用于生产环境）。",
        )

    def handle(self, *args, items, scale, seed, allow_demo_accounts, **options):
        if items < 0 or scale <= 0:
            raise CommandError("--items 不能为负数，--scale 必须大于 0。")
        if not settings.DEBUG and not allow_demo_accounts and not is_loaded():
            raise CommandError(
                "当前不是开发/演示环境（DEBUG 关闭）：演示数据包含公开密码的账号，拒绝载入。"
                "确需载入请加 --allow-demo-accounts。 / Refusing to load demo accounts with a "
                "published password outside the dev settings; pass --allow-demo-accounts to override."
            )
        started = time.monotonic()
        if is_loaded():
            self.stdout.write("演示站群已存在，跳过载入。")
            self.sync_demo_port()
        else:
            def progress(label):
                self.stdout.write(f"  {time.monotonic() - started:5.1f} 秒  载入{label}…")

            self.stdout.write("载入演示站群：")
            # The apps' informational log lines (a provisional deadline, a text message …)
            # would bury the progress display; -v 2 shows them.
            app_log = logging.getLogger("zhanqun")
            level = app_log.level
            if options["verbosity"] < 2:
                app_log.setLevel(logging.WARNING)
            try:
                builder = load_demo(scale=scale, seed=seed, progress=progress)
            finally:
                app_log.setLevel(level)
            self.stdout.write(self.style.SUCCESS(
                f"已载入演示站群：{len(builder.sites)} 个网站，{len(builder.units)} 个单位，"
                f"{len(builder.users)} 个演示账号（{time.monotonic() - started:.1f} 秒）。"
            ))
        if items:
            from zhanqun.demo.bulk import bulk_add_items

            started = time.monotonic()
            written = bulk_add_items(items, seed=seed, progress=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"已批量生成 {written} 条信息（{time.monotonic() - started:.1f} 秒）。"))
        from zhanqun.core.db import refresh_planner_statistics

        refresh_planner_statistics()

    def sync_demo_port(self):
        """`make demo PORT=8001` on a demo seeded on another port: the sites (and so every
        link to them, in the back office and across sites) take the port the demo is
        served on now. Demo hosts only (dev settings); a real group keeps its sites."""
        if not getattr(settings, "ZHANQUN_DEMO_HOST_SUFFIX", ""):
            return
        from wagtail.models import Site

        port = settings.ZHANQUN_PUBLIC_PORT
        moved = 0
        for site in Site.objects.exclude(port=port):
            site.port = port
            site.save(update_fields=["port"])
            moved += 1
        if moved:
            self.stdout.write(f"已将 {moved} 个网站的端口改为 {port}（本次演示的端口）。")
