"""统计报告 in the back office: the October report of the planted site group as a user
reads it (the admin page, the spreadsheet, the PDF), the ranking and the criticisms
list, the notice draft, and who may do what."""

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from zhanqun.audit.models import AuditRecord
from zhanqun.conftest import ADMIN_HOST
from zhanqun.content.models import NoticePage
from zhanqun.content.tests.conftest import logged_in, menu_labels, refused
from zhanqun.reports import services
from zhanqun.reports.models import Report, UnitCriticism
from zhanqun.units.factories import make_editor

from .conftest import OCTOBER

pytestmark = pytest.mark.django_db

PORTAL = "云泽市人民政府"
DEPARTMENT = "云泽市发展和改革委员会"


def table(soup, testid, within=None):
    """A table's body rows as lists of cell texts, keyed by the first cell."""
    scope = within or soup
    found = scope.find(attrs={"data-testid": testid})
    assert found is not None, f"no table {testid}"
    rows = {}
    for tr in found.select("tbody tr"):
        cells = [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return rows


def site_section(soup, name):
    for section in soup.select("section[data-testid^=site-]"):
        if section.find("h2").get_text(" ", strip=True).startswith(name):
            return section
    raise AssertionError(f"no section for {name}")


def generate_october(client):
    response = client.post(reverse("reports:generate"), {"kind": "monthly", "period": "2026-10"})
    report = Report.objects.get(kind="monthly", period_start=OCTOBER.start)
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    return report


def test_october_report__the_page_shows_the_planted_figures(planted, admin_host_client):
    report = generate_october(admin_host_client)
    page = admin_host_client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("h1").get_text(strip=True) == "2026年10月网站月普查报告"

    summary = table(soup, "summary")
    assert summary["发布信息"] == ["4"] and summary["其中超期发布"] == ["1"]
    assert summary["报送期限"] == ["2026-11-06"]

    portal = site_section(soup, PORTAL)
    columns = table(soup, "columns", within=portal)
    assert columns["政务动态"] == ["云泽市人民政府办公室", "3", "1", "2.21"]
    assert "3 条，超期发布 1 条" in portal.get_text()
    department = site_section(soup, DEPARTMENT)
    assert table(soup, "columns", within=department)["政务动态"][1:3] == ["1", "0"]

    findings = table(soup, "findings")
    assert findings["链接不可用"] == ["1", "2", "0"]  # opened, resolved (one from September), open at the end
    assert findings["栏目超期未更新"] == ["1", "0", "1"]

    cases = table(soup, "cases")
    # 受理, 按期办结, 超期办结, 超期未办结, 办理中
    assert cases["来信"] == ["2", "0", "0", "1", "1"]
    assert cases["网站找错"] == ["1", "0", "0", "1", "0"]
    assert cases["依申请公开"] == ["0", "0", "0", "0", "0"]

    sites = table(soup, "sites")
    assert sites[PORTAL][:6] == ["3", "1", "1", "2", "3", "2"]

    units = table(soup, "units")
    assert units["云泽市人民政府办公室"] == ["3", "1", "1", "2", "1", "1"]
    assert units["云泽市发展和改革委员会"] == ["1", "0", "1", "0", "2", "1"]

    # Charts are inline SVG drawn on the server; no script loads a chart library.
    assert len(soup.select(".reports-chart svg")) >= 4
    assert "政务动态" in soup.select_one(f"section[data-testid='site-{planted.portal.hostname}'] svg").get_text()
    assert not soup.select("script[src*='chart']")


def test_october_report__the_spreadsheet_has_the_same_figures_and_native_charts(planted, admin_host_client):
    report, _ = services.generate(OCTOBER)
    response = admin_host_client.get(reverse("reports:export", args=[report.pk, "xlsx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))

    rows = list(book["栏目发布"].iter_rows(values_only=True))
    assert rows[0] == ("站点", "栏目", "责任单位", "发布信息", "超期发布", "应发布数")
    news = next(r for r in rows if r[0] == PORTAL and r[1] == "政务动态")
    assert news[3:5] == (3, 1)

    cases = {r[0]: r[1:] for r in book["办件"].iter_rows(min_row=2, values_only=True)}
    assert cases["来信"] == (2, 0, 0, 1, 1)
    findings = {r[0]: r[1:] for r in book["监测发现"].iter_rows(min_row=2, values_only=True)}
    assert findings["链接不可用"] == (1, 2, 0)
    summary = {r[0]: r[1] for r in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert summary["发布信息"] == 4 and summary["其中超期发布"] == 1

    assert book["站点"]._charts and book["监测发现"]._charts and book["办件"]._charts and book["考评排名"]._charts

    # The download is in the audit log, once, with the report it exported.
    records = AuditRecord.objects.filter(action="export", object_id=str(report.pk))
    assert records.count() == 1 and records.get().detail["format"] == "xlsx"


def test_october_report__the_pdf_opens_and_names_every_site(planted, admin_host_client):
    report, _ = services.generate(OCTOBER)
    response = admin_host_client.get(reverse("reports:export", args=[report.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "2026年10月网站月普查报告" in text
    assert PORTAL in text and DEPARTMENT in text
    assert AuditRecord.objects.filter(action="export", object_id=str(report.pk), detail__format="pdf").exists()


def test_ranking__orders_units_as_planted_and_bars_a_criticised_unit(planted, admin_host_client):
    units = planted.units
    report, _ = services.generate(OCTOBER)
    ranking = report.data["assessment"]["ranking"]
    # The office: 1 late item, 1 overdue error report, 1 broken link; the 发改委: 1 overdue
    # letter, 1 stale column, and fewer items against its columns' update intervals.
    assert [r["name"] for r in ranking] == [units.office.name, units.fgw.name]
    office, fgw = ranking
    assert office["scores"]["timeliness"] == 80.0 and fgw["scores"]["timeliness"] == 90.0
    assert office["scores"]["accuracy"] == 90.0 and fgw["scores"]["accuracy"] == 100.0
    assert office["scores"]["quality"] == fgw["scores"]["quality"] == 95.0
    assert office["metrics"]["items"] == 3 and fgw["metrics"]["items"] == 1
    assert office["total"] > fgw["total"] and [office["rank"], fgw["rank"]] == [1, 2]
    assert units.education.name not in [r["name"] for r in ranking]  # answers for no column

    UnitCriticism.objects.create(
        unit=units.office,
        year=2026,
        date=dt.date(2026, 11, 10),
        reason="找错超期未整改",
        source="云政办通报〔2026〕5号",
    )
    UnitCriticism.objects.create(  # last year's criticism does not bar this year
        unit=units.fgw, year=2025, date=dt.date(2025, 6, 1), reason="栏目长期未更新", source="云政办通报〔2025〕2号"
    )
    soup = BeautifulSoup(admin_host_client.get(reverse("reports:detail", args=[report.pk])).content, "html.parser")
    rows = table(soup, "ranking")
    assert rows["1"][0] == units.office.name and rows["1"][-1] == "不得参加本年度评优评先"
    assert rows["2"][0] == units.fgw.name and rows["2"][-1] == "—"
    assert "云政办通报〔2026〕5号" in soup.find(attrs={"data-testid": "criticised"}).get_text()

    book = load_workbook(io.BytesIO(admin_host_client.get(reverse("reports:export", args=[report.pk, "xlsx"])).content))
    ranked = list(book["考评排名"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[-1]) for r in ranked] == [
        (1, units.office.name, "不得参加本年度评优评先"),
        (2, units.fgw.name, "—"),
    ]


def test_the_report_does_not_change_after_generation(planted, admin_host_client):
    from zhanqun.conftest import column

    from .conftest import add_item, at

    report, created = services.generate(OCTOBER)
    add_item(column(planted.portal, "zwdt"), "补录的十月动态", dt.date(2026, 10, 30), at(dt.date(2026, 10, 30)))
    again, created_again = services.generate(OCTOBER)
    assert created and not created_again and again.pk == report.pk
    soup = BeautifulSoup(admin_host_client.get(reverse("reports:detail", args=[report.pk])).content, "html.parser")
    assert table(soup, "summary")["发布信息"] == ["4"]


def test_generating_in_the_admin__bad_and_unfinished_periods_are_refused(planted, admin_host_client):
    response = admin_host_client.post(
        reverse("reports:generate"), {"kind": "monthly", "period": "2026-13"}, follow=True
    )
    assert "月份“13”无效" in response.content.decode()
    response = admin_host_client.post(
        reverse("reports:generate"), {"kind": "quarterly", "period": "2026-10"}, follow=True
    )
    assert "应写作“2026Q3”" in response.content.decode()
    response = admin_host_client.post(reverse("reports:generate"), {"kind": "annual", "period": "2099"}, follow=True)
    assert "2099年尚未结束" in response.content.decode()
    assert not Report.objects.exists()


def test_who_may_see_generate_export_and_publish(planted, dispatcher, office_reviewer):
    report, _ = services.generate(OCTOBER)
    detail = reverse("reports:detail", args=[report.pk])
    export = reverse("reports:export", args=[report.pk, "xlsx"])
    notice = reverse("reports:notice", args=[report.pk])

    editor = logged_in(make_editor(planted.units.fgw))
    assert "统计报告" not in menu_labels(editor)
    assert refused(editor.get(detail)) and refused(editor.get(export))

    operator = logged_in(dispatcher)
    assert "统计报告" in menu_labels(operator) and "通报批评名单" in menu_labels(operator)
    assert operator.get(detail).status_code == 200 and operator.get(export).status_code == 200
    assert "生成考评通报" not in operator.get(detail).content.decode()
    assert refused(operator.post(notice))
    assert refused(operator.get(reverse("unit_criticisms:add")))

    reviewer = logged_in(office_reviewer)
    assert "生成考评通报" in reviewer.get(detail).content.decode()
    assert reviewer.get(reverse("unit_criticisms:add")).status_code == 200


def test_the_notice_is_a_draft_in_the_portals_notices_column(planted, office_reviewer):
    from zhanqun.conftest import column

    report, _ = services.generate(OCTOBER)
    client = logged_in(office_reviewer)
    response = client.post(reverse("reports:notice", args=[report.pk]))
    notice = NoticePage.objects.get(title="关于2026年10月政府网站信息报送考评情况的通报")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[notice.pk])
    assert not notice.live and notice.has_unpublished_changes  # goes through review, not published
    assert notice.get_parent().pk == column(planted.portal, "tzgg").pk
    assert "第1名 云泽市人民政府办公室" in notice.body and "第2名 云泽市发展和改革委员会" in notice.body
    report.refresh_from_db()
    assert report.notice_page_id == notice.pk

    client.post(reverse("reports:notice", args=[report.pk]))  # again: the same draft
    assert NoticePage.objects.filter(title__contains="考评情况的通报").count() == 1
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "查看考评通报（草稿，须审核后发布）" in page


def test_the_criticisms_list_is_kept_by_the_office_reviewer(planted, office_reviewer):
    client = logged_in(office_reviewer)
    response = client.post(
        reverse("unit_criticisms:add"),
        {
            "unit": planted.units.fgw.pk,
            "year": 2026,
            "date": "2026-09-15",
            "reason": "依申请公开答复超期",
            "source": "云政办通报〔2026〕4号",
        },
    )
    assert response.status_code == 302
    criticism = UnitCriticism.objects.get()
    assert criticism.recorded_by == office_reviewer and criticism.unit == planted.units.fgw
    office_reviewer.last_name, office_reviewer.first_name = "王", "建华"
    office_reviewer.save()
    listing = client.get(reverse("unit_criticisms:index")).content.decode()
    assert "云政办通报〔2026〕4号" in listing
    assert "王建华" in listing  # 登记人 is named as a person, not by the username office_reviewer

    wrong_year = client.post(
        reverse("unit_criticisms:add"),
        {"unit": planted.units.office.pk, "year": 2026, "date": "2025-12-30", "reason": "x", "source": "y"},
    )
    assert "批评日期不在所填年度内" in wrong_year.content.decode()
    assert UnitCriticism.objects.count() == 1


def test_the_report_list_offers_generation_and_flags_a_report_generated_after_the_6th(planted, admin_host_client):
    from .conftest import at

    report, _ = services.generate(OCTOBER)
    Report.objects.filter(pk=report.pk).update(generated_at=at(dt.date(2026, 11, 3)))
    listing = admin_host_client.get(reverse("reports:index")).content.decode()
    assert "2026年10月网站月普查报告" in listing and "生成报告" in listing and "逾期生成" not in listing
    Report.objects.filter(pk=report.pk).update(generated_at=at(dt.date(2026, 11, 8)))
    assert "逾期生成" in admin_host_client.get(reverse("reports:index")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(planted):
    report, _ = services.generate(OCTOBER)
    response = Client(HTTP_HOST=ADMIN_HOST).get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_site_nobody_scored_in_the_period__shows_no_score_rather_than_full_marks(planted, admin_host_client):
    report = generate_october(admin_host_client)
    assert all(not site["scorecard"]["trend"] for site in report.data["sites"])  # no monitoring run in October
    soup = BeautifulSoup(admin_host_client.get(reverse("reports:detail", args=[report.pk])).content, "html.parser")

    score = site_section(soup, PORTAL).select_one("[data-testid=site-score]").get_text()
    assert "本期没有检查评分记录，不评分" in score
    assert "合格" not in score and "100" not in score
    assert table(soup, "sites")[PORTAL][6:] == ["—", "未评分（本期没有检查评分记录）"]
