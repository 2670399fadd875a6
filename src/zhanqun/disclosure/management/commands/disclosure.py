"""zhanqun disclosure — scheduled and reporting work of 政府信息公开 (docs/disclosure.md).

zhanqun disclosure assign [--dry-run]
    number the live disclosed items that have no index number yet (units that just
    entered their code; imported items).
zhanqun disclosure expire [--dry-run]
    close the requests whose applicant let the correction or payment period pass
    (其他处理). Idempotent; run daily.
zhanqun disclosure remind [--days N] [--date YYYY-MM-DD] [--dry-run]
    e-mail the people responsible for the annual reports due within N days (30) or
    overdue and not published — one digest each (docs/disclosure.md). Run daily.
zhanqun disclosure annual-report --year Y [--unit U] [--format json|xlsx|html] [--output FILE]
    the annual report of unit U (name, short name, id or 统一社会信用代码) or, without
    --unit, of the whole government. JSON keys: docs/disclosure.md. Exit 1 when its
    consistency check fails (the report is still written).
"""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from zhanqun.units.models import Unit


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        assign = sub.add_parser("assign", help="为缺少索引号的已公开信息赋号")
        assign.add_argument("--dry-run", action="store_true")
        expire = sub.add_parser("expire", help="终止逾期未补正或未缴费的申请")
        expire.add_argument("--dry-run", action="store_true")
        remind = sub.add_parser("remind", help="邮件提醒即将到期或已逾期的年度报告")
        remind.add_argument("--days", type=int, default=30, help="提前提醒的天数（默认30）")
        remind.add_argument("--date", type=datetime.date.fromisoformat, help="按该日期计算（默认今天）")
        remind.add_argument("--dry-run", action="store_true")
        report = sub.add_parser("annual-report", help="生成政府信息公开工作年度报告")
        report.add_argument("--year", type=int, required=True)
        report.add_argument("--unit")
        report.add_argument("--format", choices=["json", "xlsx", "html"], default="json")
        report.add_argument("--output")

    def handle(self, *args, action, **options):
        return getattr(self, "handle_" + action.replace("-", "_"))(**options)

    def handle_assign(self, dry_run=False, **options):
        from zhanqun.disclosure import catalog

        if dry_run:
            items = catalog.unnumbered_items()
            self.stdout.write(f"{len(items)} 条已公开信息缺少索引号")
            return
        assigned, problems = catalog.assign_missing()
        self.stdout.write(f"已赋号 {assigned} 条")
        for problem in sorted(set(problems)):
            self.stderr.write(problem)

    def handle_expire(self, dry_run=False, **options):
        from zhanqun.disclosure import requests

        lapsed = requests.lapsed_requests()
        for request in lapsed:
            if dry_run:
                self.stdout.write(f"{request.case.number} 将终止办理")
            elif requests.close_lapsed(request):
                self.stdout.write(f"{request.case.number} 已终止办理")
        if not lapsed:
            self.stdout.write("没有逾期未补正或未缴费的申请")

    def handle_remind(self, days=30, date=None, dry_run=False, **options):
        from zhanqun.disclosure import reminders

        if days < 0:
            raise CommandError("--days 不能为负数")
        due = reminders.due_reports(date, days)
        if not due:
            self.stdout.write(f"没有{days}天内到期或已逾期的未发布年度报告")
            return
        for d in due:
            when = f"已逾期{d.days_overdue}天" if d.overdue else f"还有{d.days_left}天"
            self.stdout.write(f"{d.title}：报送期限 {d.due:%Y-%m-%d}，{when}（{d.state}）")
        results = reminders.send_reminders(date, days, dry_run=dry_run)
        for user, mine, sent in results:
            who = f"{user.get_full_name() or user.get_username()} <{user.email}>"
            if dry_run:
                self.stdout.write(f"将提醒 {who}：{len(mine)} 份")
            elif sent:
                self.stdout.write(f"已提醒 {who}：{len(mine)} 份")
            else:
                self.stderr.write(f"未能发送给 {who}")
        if not results:
            self.stdout.write("没有负责这些报告、登记了电子邮箱的用户")

    def handle_annual_report(self, year, unit=None, format="json", output=None, **options):
        from zhanqun.disclosure import annual_report
        from zhanqun.disclosure.exports import workbook

        found = None
        if unit:
            query = Q(name=unit) | Q(short_name=unit) | Q(credit_code=unit)
            if unit.isdigit():
                query |= Q(pk=int(unit))
            found = Unit.objects.filter(query).first()
            if found is None:
                raise CommandError(f"没有找到单位：{unit}")
        data = annual_report.build(found, year)
        if format == "xlsx":
            if not output:
                raise CommandError("xlsx 须用 --output 指定文件")
            workbook(annual_report.to_sheets(data)).save(output)
        else:
            text = json.dumps(data, ensure_ascii=False, indent=2) if format == "json" else annual_report.to_html(data)
            if output:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            else:
                self.stdout.write(text)
        if not data["核对"]["通过"]:
            for problem in data["核对"]["问题"]:
                self.stderr.write(problem)
            sys.exit(1)
