"""`zhanqun backup …` — backups of the whole installation (docs/backup.md, R-SEC-5).

Subcommands::

    zhanqun backup create [--output FILE]    # one archive: database, media, private files,
                                             # document roots, signed SM3 manifest
    zhanqun backup verify FILE [--json]      # signature and every member; exit 1 on any problem
    zhanqun backup restore FILE [--yes]      # onto an empty installation only; then checks the
                                             # published files and the audit chain

``create`` writes under a temporary name and renames when complete: an error leaves no
archive (exit 1 with the reason). Default output: ``$ZHANQUN_BACKUP_DIR/zhanqun-<time>.tar.gz``.
``restore`` refuses an archive that does not verify, and an installation with users, pages
or files; after restoring it reports what ``zhanqun publish verify`` and ``zhanqun audit
verify`` say (exit 1 if either finds a problem: the data is restored, the report says what
to repair).
"""

import json
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from zhanqun.core import backup


def _size(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


class Command(BaseCommand):
    help = __doc__

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="写一份完整备份")
        create.add_argument("--output", "-o", help="备份文件（.tar.gz、.tgz 或 .tar）；默认写入 ZHANQUN_BACKUP_DIR")
        verify = sub.add_parser("verify", help="校验备份的签名与每个成员的 SM3")
        verify.add_argument("file")
        verify.add_argument("--json", action="store_true")
        restore = sub.add_parser("restore", help="恢复到空的安装")
        restore.add_argument("file")
        restore.add_argument("--yes", action="store_true", help="不再询问确认")

    def handle(self, *args, subcommand, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            return getattr(self, "handle_" + subcommand)(**options)
        except ImproperlyConfigured as exc:  # no ZHANQUN_BACKUP_KEY: nothing is written or trusted
            raise CommandError(str(exc)) from exc

    def _progress(self, message):
        if self.verbosity >= 2:
            self.stderr.write(message)

    def handle_create(self, output=None, **options):
        try:
            result = backup.create(output, progress=self._progress)
        except backup.BackupError as exc:
            raise CommandError(f"备份失败，未写出备份文件：{exc}") from exc
        for name in result.skipped:
            self.stderr.write(f"已跳过（不是普通文件，如符号链接）：{name}")
        _record(
            "backup.create",
            "创建备份",
            file=str(result.path),
            sm3=result.archive_sm3,
            members=result.members,
            bytes=result.archive_bytes,
        )
        self.stdout.write(
            f"已写出备份 {result.path}：{result.members} 个成员，内容 {_size(result.content_bytes)}，"
            f"归档 {_size(result.archive_bytes)}；数据库快照 {result.database_seconds:.1f} 秒，"
            f"共 {result.seconds:.1f} 秒。\n归档 SM3：{result.archive_sm3}"
        )

    def handle_verify(self, file, json=False, **options):
        result = backup.verify(file)
        if json:
            manifest = result.manifest or {}
            self.stdout.write(
                _json(
                    {
                        "ok": result.ok,
                        "problems": result.problems,
                        "signed": result.signed,
                        "members": result.members,
                        "bytes": result.content_bytes,
                        "created_at": manifest.get("created_at"),
                        "database": manifest.get("database"),
                        "version": manifest.get("version"),
                        "git_commit": manifest.get("git_commit"),
                    }
                )
            )
        elif result.ok:
            manifest = result.manifest
            self.stdout.write(
                f"备份完整：{result.members} 个成员（{_size(result.content_bytes)}）校验通过，清单签名正确；"
                f"创建于 {manifest.get('created_at')}，数据库 {manifest['database'].get('engine')}，"
                f"版本 {manifest.get('version')}（{manifest.get('git_commit') or '无提交号'}）。"
            )
        else:
            self.stderr.write(f"备份校验未通过（{len(result.problems)} 处）：")
            for problem in result.problems:
                self.stderr.write(f"  - {problem}")
        if not result.ok:
            sys.exit(1)

    def handle_restore(self, file, yes=False, **options):
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("恢复会写入数据库和文件目录：请加 --yes 确认。")
            answer = input(f"将把 {file} 恢复到本安装（须为空的安装）。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消。")
        try:
            result = backup.restore(file, progress=self._progress)
        except backup.BackupError as exc:
            raise CommandError(f"未恢复：{exc}") from exc
        manifest = result.manifest
        self.stdout.write(
            f"已恢复 {file}（创建于 {manifest.get('created_at')}）：数据库和 {result.files} 个文件，"
            f"用时 {result.seconds:.1f} 秒（其中校验 {result.verify_seconds:.1f} 秒）。"
        )
        if result.migrated:
            self.stdout.write(f"已应用 {len(result.migrated)} 个新迁移。")
        if result.publish_problems:
            self.stderr.write(
                f"发布文件与清单不符（{len(result.publish_problems)} 处），运行 zhanqun publish verify --repair 修复："
            )
            for problem in result.publish_problems[:50]:
                self.stderr.write(f"  - {problem}")
        else:
            self.stdout.write(f"发布文件校验通过（{result.sites_checked} 个站点）。")
        if result.audit_ok:
            self.stdout.write(f"审计链完整：{result.audit_count} 条记录校验通过。")
            _record("backup.restore", "恢复备份", file=str(file), created_at=manifest.get("created_at"))
        else:
            self.stderr.write(f"审计链校验未通过：{result.audit_reason}（ZHANQUN_AUDIT_KEY 是否与备份时相同？）")
        if not result.ok:
            sys.exit(1)


def _record(action, label, **detail):
    """Backups are back-office actions too (R-SEC-3): recorded after the fact."""
    from zhanqun import audit

    audit.record(None, action, label=label, **detail)


def _json(data):
    return json.dumps(data, ensure_ascii=False, default=str)
