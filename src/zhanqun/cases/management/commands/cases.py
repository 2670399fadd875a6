"""`zhanqun cases …` — the case engine from the console.

Subcommands::

    zhanqun cases overdue            # a table of overdue cases
    zhanqun cases overdue --json     # the same as JSON (keys below)
    zhanqun cases provisional        # clocks whose deadline is provisional (期限暂定)
    zhanqun cases provisional --recompute [--dry-run]
                                     # count them again on the calendar as it is now

``provisional`` lists the clocks counted with weekends only for a year whose holidays are
not loaded. Loading a year counts them again by itself (the ``year_loaded`` signal);
``--recompute`` does the same by hand (idempotent, one transaction; ``--dry-run`` shows
what would change and rolls back), e.g. if that failed and was logged.

``overdue`` lists every case with a running clock past its due time, most overdue first,
and always exits 0 (an empty list is not an error). JSON: a list of objects with the keys

    number            case number, e.g. "XX-2026-000123"
    kind              kind code, e.g. "letter"
    kind_label        kind name, e.g. "市长信箱来信"
    subject           the case's title
    state             state code
    state_label       state name
    unit              handling unit's name, or null when unassigned
    clock             code of the overdue clock, e.g. "reply"
    clock_label       its name, e.g. "答复期限"
    due_at            its due time, ISO 8601 in Beijing time
    workdays_overdue  whole working days past the due date (0 on the due day)

Keys are stable; new keys may be added, none removed or renamed.
"""

import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zhanqun.cases.clocks import uncovered_years, workdays_overdue
from zhanqun.cases.kinds import UnknownKind
from zhanqun.cases.models import Clock
from zhanqun.workdays.services import get_calendar


def overdue_rows(now=None):
    """One row per overdue running clock (a case with two overdue clocks has two rows)."""
    now = now or timezone.now()
    calendar = get_calendar()
    clocks = (
        Clock.objects.filter(stopped_at__isnull=True, paused_at__isnull=True, due_at__lt=now)
        .select_related("case", "case__unit")
        .order_by("due_at", "case__number", "code")
    )
    rows = []
    for clock in clocks:
        case = clock.case
        try:
            kind = case.kind_spec
            kind_label, state_label = kind.label, kind.state_label(case.state)
        except UnknownKind:
            kind_label, state_label = case.kind, case.state
        rows.append(
            {
                "number": case.number,
                "kind": case.kind,
                "kind_label": kind_label,
                "subject": case.subject,
                "state": case.state,
                "state_label": state_label,
                "unit": case.unit.name if case.unit else None,
                "clock": clock.code,
                "clock_label": clock.label,
                "due_at": timezone.localtime(clock.due_at).isoformat(),
                "workdays_overdue": workdays_overdue(clock.due_at, now, calendar),
            }
        )
    return rows


class Command(BaseCommand):
    help = __doc__

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        overdue = sub.add_parser("overdue", help="列出超期案件 / list overdue cases")
        overdue.add_argument("--json", action="store_true", help="JSON output (keys: see `zhanqun cases --help`)")
        provisional = sub.add_parser("provisional", help="列出期限暂定的办理时限 / list provisional deadlines")
        provisional.add_argument("--recompute", action="store_true", help="按当前工作日历重新计算 / count them again")
        provisional.add_argument("--dry-run", action="store_true", help="只显示结果，不保存 / show, do not save")

    def handle(self, *args, **options):
        if options["subcommand"] == "overdue":
            self.overdue(as_json=options["json"])
        elif options["subcommand"] == "provisional":
            self.provisional(recompute=options["recompute"], dry_run=options["dry_run"])

    def provisional(self, recompute=False, dry_run=False):
        if recompute:
            from zhanqun.cases.lifecycle import recompute_provisional_clocks

            with transaction.atomic():
                events = recompute_provisional_clocks()
                for event in events:
                    self.stdout.write(f"{event.case.number}\t{event.summary}")
                self.stdout.write(f"{'将' if dry_run else '已'}重新计算 {len(events)} 件。")
                if dry_run:
                    transaction.set_rollback(True)
        clocks = Clock.objects.filter(provisional=True, stopped_at__isnull=True).select_related("case")
        calendar = get_calendar()
        rows = [
            f"{c.case.number}\t{c.label}\t{timezone.localtime(c.due_at):%Y-%m-%d %H:%M}\t"
            f"{'、'.join(f'{y}年' for y in uncovered_years(c.started_at, c.due_at, calendar))}节假日安排未录入"
            for c in clocks.order_by("due_at", "pk")
        ]
        for row in rows:
            self.stdout.write(row)
        self.stdout.write(f"期限暂定的办理时限：{len(rows)} 项。")

    def overdue(self, as_json=False):
        rows = overdue_rows()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("没有超期案件。")
            return
        for row in rows:
            self.stdout.write(
                f"{row['number']}\t{row['kind_label']}\t{row['unit'] or '（未交办）'}\t{row['clock_label']}\t"
                f"{row['due_at'][:16].replace('T', ' ')}\t超期 {row['workdays_overdue']} 个工作日\t{row['subject']}"
            )
        self.stdout.write(f"共 {len(rows)} 项。")
