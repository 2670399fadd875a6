"""`zhanqun audit …` — the audit log from the console (docs/audit.md, R-SEC-3).

Subcommands::

    zhanqun audit verify                    # walk the chain; exit 0 intact, 1 broken
    zhanqun audit verify --json             # the same as one JSON object
    zhanqun audit purge --before 2025-01-01 [--archive-dir DIR] [--dry-run]
    zhanqun audit verify-archive FILE       # exit 0 intact, 1 tampered or unreadable

``verify`` streams the chain from the purge anchor and stops at the first broken record,
naming it (sequence number, id, reason). JSON keys: ok, count, seq, record_id, reason,
head_seq, head_hash, anchor_seq, seconds.

``purge`` refuses a date younger than ZHANQUN_AUDIT_RETENTION_DAYS (at least 180 days)
and a chain that does not verify; it writes the records it removes to a signed archive
first, then deletes them and records the purge. Idempotent: nothing older, nothing done.
"""

import json
import sys
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zhanqun.audit import services


class Command(BaseCommand):
    help = __doc__

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="walk the chain, report the first broken record")
        verify.add_argument("--json", action="store_true")
        purge = sub.add_parser("purge", help="archive and delete records older than a date")
        purge.add_argument("--before", required=True, type=date.fromisoformat, help="YYYY-MM-DD (local date)")
        purge.add_argument("--archive-dir", default=None)
        purge.add_argument("--dry-run", action="store_true")
        archive = sub.add_parser("verify-archive", help="check a purge archive")
        archive.add_argument("file")

    def handle(self, *args, subcommand, **options):
        return getattr(self, "handle_" + subcommand.replace("-", "_"))(**options)

    def handle_verify(self, json=False, **options):
        started = time.perf_counter()
        result = services.verify_chain()
        seconds = time.perf_counter() - started
        if json:
            self.stdout.write(_json({**result.__dict__, "seconds": round(seconds, 3)}))
        elif result.ok:
            rate = result.count / seconds if seconds else 0
            self.stdout.write(f"审计链完整：{result.count} 条记录校验通过（{seconds:.1f} 秒，{rate:,.0f} 条/秒）。")
        else:
            self.stderr.write(f"审计链被破坏：第 {result.seq} 条记录（id {result.record_id}）：{result.reason}")
        if not result.ok:
            sys.exit(1)

    def handle_purge(self, before, archive_dir=None, dry_run=False, **options):
        try:
            result = services.purge(before, directory=archive_dir, dry_run=dry_run)
        except services.PurgeRefused as exc:
            raise CommandError(str(exc)) from exc
        if not result.count:
            self.stdout.write(f"没有 {before:%Y-%m-%d} 之前的审计记录需要清理。")
        elif result.dry_run:
            self.stdout.write(
                f"将归档并删除第 {result.first_seq}–{result.last_seq} 条，共 {result.count} 条（试运行，未改动）。"
            )
        else:
            self.stdout.write(
                f"已归档到 {result.archive}，并删除第 {result.first_seq}–{result.last_seq} 条，共 {result.count} 条；"
                f"清理本身记为第 {result.record.seq} 条。"
            )

    def handle_verify_archive(self, file, **options):
        result = services.verify_archive(file)
        if result.ok:
            header = result.header
            self.stdout.write(
                f"归档完整：{result.count} 条记录（第 {header['first_seq']}–{header['last_seq']} 条），签名正确。"
            )
            return
        where = f"（第 {result.line} 行）" if result.line else ""
        self.stderr.write(f"归档校验未通过{where}：{result.reason}")
        sys.exit(1)


def _json(data):
    return json.dumps(data, ensure_ascii=False, default=str)
