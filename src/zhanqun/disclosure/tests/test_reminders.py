"""Due-date reminders of the annual reports (R-DISC-4): 31 January for units, 31 March for
the government; a panel on the admin home page and ``zhanqun disclosure remind``."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from zhanqun.content.tests.conftest import logged_in, staff
from zhanqun.disclosure import reminders
from zhanqun.disclosure.models import AnnualReport
from zhanqun.units.enums import Role

pytestmark = pytest.mark.django_db

JAN10 = datetime.date(2027, 1, 10)


def titles(due):
    return [d.title for d in due]


def test_unit_reports_are_due_from_1_january_and_the_governments_from_1_march(units):
    due = reminders.due_reports(JAN10)
    assert titles(due) == [
        f"{u.name}2026年政府信息公开工作年度报告" for u in (units.office, units.fgw, units.education)
    ]
    assert {d.due for d in due} == {datetime.date(2027, 1, 31)} and due[0].days_left == 21
    # 31 days before: not yet (only the previous cycle's, never published, are listed)
    assert {d.year for d in reminders.due_reports(datetime.date(2026, 12, 31))} == {2025}

    on_march_5 = reminders.due_reports(datetime.date(2027, 3, 5))
    government = on_march_5[-1]
    assert government.title == "本级政府2026年政府信息公开工作年度报告" and government.days_left == 26
    assert all(d.overdue and d.days_overdue == 33 for d in on_march_5[:-1])


def test_a_published_report_is_no_longer_due_and_an_older_unpublished_one_still_is(units):
    AnnualReport.objects.create(unit=units.fgw, year=2026, published_at=timezone.now())
    draft = AnnualReport.objects.create(unit=units.education, year=2026)
    AnnualReport.objects.create(unit=units.education, year=2025)  # begun, never published
    due = reminders.due_reports(JAN10)
    assert f"{units.fgw.name}2026年政府信息公开工作年度报告" not in titles(due)
    older = due[0]
    assert (older.title, older.due, older.overdue) == (
        f"{units.education.name}2025年政府信息公开工作年度报告",
        datetime.date(2026, 1, 31),
        True,
    )
    assert next(d for d in due if d.report == draft).state == "已编辑，未发布"
    assert reminders.due_reports(JAN10, days=10) == [older]


@pytest.fixture
def people(units):
    units.fgw.head = staff("fgw_head", units.fgw, Role.UNIT_HEAD)
    units.fgw.save()
    return {
        "operator": staff("operator", units.office, Role.SITE_OPERATOR),
        "fgw_editor": staff("fgw_editor", units.fgw, Role.UNIT_EDITOR),
        "fgw_head": units.fgw.head,
        "auditor": staff("auditor", units.office, Role.AUDITOR),
    }


def test_the_office_is_reminded_of_every_report_and_a_unit_of_its_own(units, people):
    due = reminders.due_reports(JAN10)
    assert len(reminders.reports_for(people["operator"], due)) == 3
    assert titles(reminders.reports_for(people["fgw_editor"], due)) == [
        f"{units.fgw.name}2026年政府信息公开工作年度报告"
    ]
    assert reminders.reports_for(people["auditor"], due) == []  # reads reports, writes none


def test_remind_emails_each_responsible_user_one_digest_and_exits_0(units, people):
    out = io.StringIO()
    call_command("disclosure", "remind", "--date", "2027-01-10", stdout=out, stderr=io.StringIO())
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"operator@yunze.gov.cn", "fgw_editor@yunze.gov.cn", "fgw_head@yunze.gov.cn"}
    office = by_address["operator@yunze.gov.cn"]
    assert "3份待发布" in office.subject
    assert f"{units.education.name}2026年政府信息公开工作年度报告：报送期限2027年1月31日，还有21天" in office.body
    html = office.alternatives[0][0]
    assert 'href="http://localhost:8000/admin/' in html
    editor = by_address["fgw_editor@yunze.gov.cn"]
    assert units.fgw.name in editor.body and units.education.name not in editor.body
    assert "已提醒" in out.getvalue()

    # --dry-run names them and sends nothing; a quiet day says so
    mail.outbox.clear()
    out = io.StringIO()
    call_command("disclosure", "remind", "--date", "2027-03-05", "--days", "30", "--dry-run", stdout=out)
    assert not mail.outbox and "将提醒" in out.getvalue() and "已逾期33天" in out.getvalue()
    out = io.StringIO()
    AnnualReport.objects.bulk_create(
        [
            AnnualReport(unit=u, year=2025, published_at=timezone.now())
            for u in (units.office, units.fgw, units.education)
        ]
        + [AnnualReport(unit=None, year=2025, published_at=timezone.now())]
    )
    call_command("disclosure", "remind", "--date", "2026-12-01", stdout=out)
    assert not mail.outbox and "没有30天内到期" in out.getvalue()


def test_the_admin_home_page_shows_the_due_reports_to_those_who_handle_them(units, people, monkeypatch):
    monkeypatch.setattr(reminders.timezone, "localdate", lambda *a: datetime.date(2027, 2, 3))
    page = logged_in(people["fgw_editor"]).get("/admin/").content.decode()
    assert "年度报告报送提醒" in page and "已逾期 3 天" in page
    assert f"{units.fgw.name}2026年政府信息公开工作年度报告" in page
    assert units.education.name + "2026年" not in page
    assert "年度报告报送提醒" not in logged_in(people["auditor"]).get("/admin/").content.decode()
