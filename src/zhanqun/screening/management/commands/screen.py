"""`zhanqun screen PATH... [--json]` — a thin wrapper over :mod:`zhanqun.screening.cli`."""

import sys

from django.core.management.base import BaseCommand

from zhanqun.screening import cli


class Command(BaseCommand):
    requires_system_checks = []  # pure screening; no database or models involved
    help = "保密审查与内容检查：检查文件（txt/html/pdf/docx/xlsx）中的密级标志、个人信息、内部公文等。"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        code = cli.run(options, self.stdout.write, self.stderr.write)
        if code:
            sys.exit(code)
