"""`zhanqun reports …` — the monthly, quarterly and annual reports (R-SUP-3).

Subcommands::

    zhanqun reports generate --kind monthly --period 2026-10
    zhanqun reports generate --kind quarterly --period 2026Q3
    zhanqun reports generate --kind annual --period 2026
    zhanqun reports generate --due [--since 2026-01] [--dry-run]

``--due`` generates, for each kind, the latest period that has ended (its report is due
by the 6th of the following month) when its report does not exist yet — and with
``--since`` every ended period from that month on. It is idempotent: a second run
creates nothing. Schedule it daily (cron, or the platform's scheduler). A report is
never recomputed once generated. A bad kind or period, or a period that has not ended,
exits 1 with a message.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhanqun.reports import periods, services


class Command(BaseCommand):
    help = __doc__

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        gen = sub.add_parser("generate", help="生成报告 / generate reports")
        gen.add_argument("--kind", help="monthly（月普查）| quarterly（季通报）| annual（年报告）")
        gen.add_argument("--period", help="2026-10 | 2026Q3 | 2026")
        gen.add_argument("--due", action="store_true", help="生成所有已到期且尚未生成的报告")
        gen.add_argument("--since", help="与 --due 同用：补生成自该月（YYYY-MM）起所有已结束期间的报告")
        gen.add_argument("--dry-run", action="store_true", help="只列出将生成的报告")

    def handle(self, *args, **options):
        if options["due"]:
            if options["kind"] or options["period"]:
                raise CommandError("--due 不能与 --kind/--period 同时使用。")
            return self.due(options["since"], options["dry_run"])
        if not options["kind"] or not options["period"]:
            raise CommandError("请用 --kind 和 --period 指定报告，或用 --due 生成所有到期报告。")
        try:
            period = periods.parse(options["kind"], options["period"])
        except periods.BadPeriod as error:
            raise CommandError(str(error)) from None
        if not period.has_ended(timezone.localdate()):
            raise CommandError(f"{period.label}尚未结束（{period.end} 结束），期满后才能生成报告。")
        if options["dry_run"]:
            self.stdout.write(f"将生成：{period.title}")
            return
        report, created = services.generate(period)
        if created:
            self.stdout.write(f"已生成：{report.title}（编号 {report.pk}，报送期限 {report.due_date}）")
        else:
            self.stdout.write(f"已存在，未重新生成：{report.title}（编号 {report.pk}）")

    def due(self, since, dry_run):
        since_date = None
        if since:
            try:
                since_date = periods.parse("monthly", since).start
            except periods.BadPeriod as error:
                raise CommandError(f"--since：{error}") from None
        today = timezone.localdate()
        if dry_run:
            from zhanqun.reports.models import Report

            for period in services.due_periods(today, since_date):
                exists = Report.objects.filter(kind=period.kind.value, period_start=period.start).exists()
                self.stdout.write(f"{'已存在' if exists else '将生成'}：{period.title}")
            return
        created = 0
        for period, report, made in services.generate_due(today=today, since=since_date):
            late = "（已过报送期限）" if made and today > period.due else ""
            self.stdout.write(f"{'已生成' if made else '已存在'}：{report.title}{late}")
            created += made
        self.stdout.write(f"共生成 {created} 份报告。")
