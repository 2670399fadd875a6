"""`zhanqun interaction …` — 互动交流 from the console.

Subcommands::

    zhanqun interaction import-errors FILE [--format csv|json] [--dry-run]

``import-errors`` imports error reports exported by the national platform
(全国政府网站找错平台) in the format of docs/interaction.md. Every row is checked first:
any bad row is reported with its row number and nothing is imported (exit 1). Reports
already imported (the platform's ``id``) are skipped, so importing a file twice is
harmless. ``--format`` defaults to the file's extension; ``--dry-run`` checks and counts
without writing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhanqun.interaction.importers import ImportFailed, import_errors


class Command(BaseCommand):
    help = __doc__

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import-errors", help="import the national platform's error reports (CSV or JSON)")
        imp.add_argument("file")
        imp.add_argument("--format", choices=["csv", "json"], help="default: from the file's extension")
        imp.add_argument("--dry-run", action="store_true", help="check and count only; write nothing")

    def handle(self, *args, **options):
        if options["subcommand"] == "import-errors":
            self.import_errors(options["file"], options["format"], options["dry_run"])

    def import_errors(self, file, fmt, dry_run):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        fmt = fmt or path.suffix.lstrip(".").lower()
        if fmt not in ("csv", "json"):
            raise CommandError("无法从扩展名判断格式，请用 --format csv 或 --format json。")
        try:
            content = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError("文件应为 UTF-8 编码。") from exc
        try:
            result = import_errors(content, fmt, dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError("未导入任何问题，请修正以下错误后重新导入：\n" + "\n".join(exc.problems)) from exc
        prefix = "（试运行，未写入）" if dry_run else ""
        self.stdout.write(
            f"{prefix}共 {result.rows} 条：新导入 {len(result.created)} 条，已导入过而跳过 {len(result.skipped)} 条。"
        )
        for number in result.created:
            self.stdout.write(f"  + {number}")
        for national_id in result.skipped:
            self.stdout.write(f"  = {national_id}（已导入）")
