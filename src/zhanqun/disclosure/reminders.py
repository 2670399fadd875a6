"""Due-date reminders of the annual reports (年度报告, R-DISC-4; 条例 Art. 49, 50).

Every unit publishes its report on the previous year by 31 January, the government the
report of the whole by 31 March (``annual_report.due_date``). A report is *due* when
its date is at most ``days`` (30) days away or past and it is not published; the
reports of the previous year are considered for the government and every unit (a row
need not exist yet), and any earlier report begun and never published.

Who is reminded (``reports_for``): the office's report writers (holders of
``disclosure.change_annualreport``: 站点管理员, 政府办公室审核员) of every due report; a
unit's people who handle its disclosure (holders of ``disclosure.change_guide``:
信息员, 单位负责人, and the unit's registered head) of their unit's report. The admin
home page shows them a panel (``wagtail_hooks``); ``zhanqun disclosure remind`` e-mails
each one digest.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from zhanqun.cases.permissions import user_unit_id
from zhanqun.units.models import Unit

from .annual_report import due_date
from .models import AnnualReport

logger = logging.getLogger(__name__)

REMIND_DAYS = 30
WRITE_REPORTS = "disclosure.change_annualreport"
HANDLE_UNIT = "disclosure.change_guide"


@dataclass
class DueReport:
    unit: Unit | None  # None: the government's report of the whole
    year: int
    due: datetime.date
    report: AnnualReport | None  # None: not begun
    today: datetime.date

    @property
    def title(self):
        return f"{self.unit.name if self.unit else '本级政府'}{self.year}年政府信息公开工作年度报告"

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def state(self) -> str:
        return "已编辑，未发布" if self.report else "尚未编制"

    @property
    def admin_url(self) -> str:
        if self.report:
            return reverse("disclosure:report", args=[self.report.pk])
        return reverse("disclosure_reports:add")


def due_reports(today=None, days=REMIND_DAYS) -> list[DueReport]:
    """The unpublished reports due within ``days`` days of ``today`` or overdue, the
    most urgent first."""
    today = today or timezone.localdate()
    year = today.year - 1
    reports = {(r.unit_id, r.year): r for r in AnnualReport.objects.filter(year__lte=year).select_related("unit")}
    wanted = [(None, year)] + [(unit, year) for unit in Unit.objects.order_by("sort_order", "name")]
    wanted += [(r.unit, r.year) for r in reports.values() if r.year < year and r.published_at is None]
    found = []
    for unit, report_year in wanted:
        report = reports.get((unit.pk if unit else None, report_year))
        if report is not None and report.published_at is not None:
            continue
        due = due_date(unit, report_year)
        if (due - today).days > days:
            continue
        found.append(DueReport(unit=unit, year=report_year, due=due, report=report, today=today))
    found.sort(key=lambda d: (d.due, d.unit is not None, d.unit.sort_order if d.unit else 0, d.title))
    return found


def _units_of(user) -> set[int]:
    units = set(Unit.objects.filter(head=user).values_list("pk", flat=True))
    unit_id = user_unit_id(user)
    if unit_id:
        units.add(unit_id)
    return units


def handles_disclosure(user) -> bool:
    return bool(user is not None and user.is_active and (user.has_perm(WRITE_REPORTS) or user.has_perm(HANDLE_UNIT)))


def reports_for(user, due: list[DueReport]) -> list[DueReport]:
    """The due reports ``user`` answers for: every one for the office's report writers,
    their own unit's for the people who handle a unit's disclosure, else none."""
    if not handles_disclosure(user):
        return []
    if user.has_perm(WRITE_REPORTS):
        return list(due)
    units = _units_of(user)
    return [d for d in due if d.unit is not None and d.unit.pk in units]


def recipients():
    """Active users with an e-mail address whom a reminder may concern: holders of the
    permissions through their role groups, and the units' registered heads."""
    User = get_user_model()
    by_role = Q(
        groups__permissions__content_type__app_label="disclosure",
        groups__permissions__codename__in=[WRITE_REPORTS.split(".")[1], HANDLE_UNIT.split(".")[1]],
    )
    heads = Q(pk__in=Unit.objects.filter(head__isnull=False).values("head"))
    return User.objects.filter(by_role | heads, is_active=True).exclude(email="").distinct().order_by("pk")


def send_reminders(today=None, days=REMIND_DAYS, dry_run=False) -> list[tuple[object, list[DueReport], bool]]:
    """E-mail each responsible user one digest of the reports they answer for. Returns
    (user, reports, sent) per user concerned; a failed delivery is logged, not raised."""
    today = today or timezone.localdate()
    due = due_reports(today, days)
    results = []
    if not due:
        return results
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    for user in recipients():
        mine = reports_for(user, due)
        if not mine:
            continue
        if dry_run:
            results.append((user, mine, False))
            continue
        context = {
            "user": user,
            "reports": mine,
            "today": today,
            "base_url": base,
            "name": user.get_full_name() or user.get_username(),
        }
        overdue = sum(1 for d in mine if d.overdue)
        subject = f"政府信息公开工作年度报告报送提醒：{len(mine)}份待发布" + (f"，{overdue}份已逾期" if overdue else "")
        try:
            send_mail(
                subject,
                render_to_string("disclosure/email/report_reminder.txt", context),
                None,
                [user.email],
                html_message=render_to_string("disclosure/email/report_reminder.html", context),
            )
            results.append((user, mine, True))
        except Exception:  # noqa: BLE001 - one failed delivery must not stop the others
            logger.exception("could not e-mail the annual report reminder to user %s", user.pk)
            results.append((user, mine, False))
    return results
