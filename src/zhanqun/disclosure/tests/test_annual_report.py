"""The annual report in the national format (国办公开办函〔2021〕30号): counted from the
requests and the catalog, checked, exported, published."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from zhanqun.cases import services as cases
from zhanqun.cases.factories import beijing
from zhanqun.cases.lifecycle import close_case
from zhanqun.conftest import column
from zhanqun.content.factories import PolicyDocumentPageFactory
from zhanqun.content.tests.conftest import logged_in, staff
from zhanqun.disclosure import annual_report, requests
from zhanqun.disclosure.enums import ApplicantType, Outcome, ReviewKind, ReviewResult
from zhanqun.disclosure.models import AnnualReport, LegalChallenge
from zhanqun.units.enums import Role

from .conftest import publish
from .test_requests import APPLICATION

pytestmark = pytest.mark.django_db

PARTIAL = "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
NOT_HELD = "三、本年度办理结果/（四）无法提供/1．本机关不掌握相关政府信息"


def rows(data):
    return {row["名称"]: row["数值"] for row in data[annual_report.SECTION_3]["行"]}


@pytest.fixture
def people(units):
    return {"handler": staff("fgw_handler", units.fgw, Role.UNIT_EDITOR),
            "head": staff("fgw_head", units.fgw, Role.UNIT_HEAD)}


def answered(units, people, at, outcome, reason="", applicant=ApplicantType.NATURAL_PERSON, **extra):
    request = requests.submit_request(
        unit=units.fgw, received_at=at,
        data={**APPLICATION, "applicant_type": applicant, "organisation": "云泽律师事务所", **extra},
    )
    requests.decide(request, people["handler"], outcome=outcome, reason=reason, note="依据条例办理。", at=at)
    cases.approve_reply(request.case, people["head"], at=at)
    cases.send_reply(request.case, people["handler"], at=at)
    return request


def test_rows_and_columns_are_the_national_formats():
    names = annual_report.rows_3()
    assert len(names) == 25 and names[0] == "一、本年新收政府信息公开申请数量" and names[-1] == "四、结转下年度继续办理"
    assert "三、本年度办理结果/（三）不予公开/3．危及“三安全一稳定”" in names
    assert "三、本年度办理结果/（五）不予处理/5．要求行政机关确认或重新出具已获取信息" in names
    assert annual_report.COLUMNS_3 == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(annual_report.COLUMNS_4) == 15


def test_requests_are_counted_in_their_cells_with_carry_over_and_the_check_passes(units, people):
    answered(units, people, beijing(2026, 10, 20, 9), Outcome.PARTIAL)
    answered(units, people, beijing(2026, 11, 2, 9), Outcome.UNAVAILABLE, "not_held", ApplicantType.LEGAL_SERVICE)
    # received late in 2025, answered in 2026: carried over into 2026
    old = requests.submit_request(unit=units.fgw, data=APPLICATION, received_at=beijing(2025, 12, 29, 9))
    requests.decide(old, people["handler"], outcome=Outcome.DISCLOSED, at=beijing(2026, 1, 6, 9))
    cases.approve_reply(old.case, people["head"], at=beijing(2026, 1, 6, 10))
    cases.send_reply(old.case, people["handler"], at=beijing(2026, 1, 7, 9))
    # still open at the end of 2026
    requests.submit_request(unit=units.fgw, data=APPLICATION, received_at=beijing(2026, 12, 30, 9))
    data = annual_report.build(units.fgw, 2026)
    table = rows(data)
    assert table["一、本年新收政府信息公开申请数量"]["总计"] == 3
    assert table["二、上年结转政府信息公开申请数量"]["自然人"] == 1
    assert table[PARTIAL]["自然人"] == 1
    assert table[NOT_HELD]["法律服务机构"] == 1 and table[NOT_HELD]["总计"] == 1
    assert table["三、本年度办理结果/（一）予以公开"]["自然人"] == 1
    assert table["三、本年度办理结果/（七）总计"]["总计"] == 3
    assert table["四、结转下年度继续办理"]["总计"] == 1
    assert data["核对"] == {"通过": True, "问题": []}
    assert data["报送期限"] == "2027-01-31"
    assert annual_report.build(None, 2026)["报送期限"] == "2027-03-31"
    data_2025 = annual_report.build(units.fgw, 2025)
    assert rows(data_2025)["四、结转下年度继续办理"]["总计"] == 1


def test_section_2_counts_rules_and_normative_documents_and_section_4_the_challenges(coded, people):
    docs = column(coded.portal, "zfwj")
    publish(PolicyDocumentPageFactory(parent=docs, live=False, document_number="云泽市人民政府令第3号"))
    publish(PolicyDocumentPageFactory(parent=docs, live=False, document_number="云政规〔2026〕1号"))
    request = answered(coded.units, people, beijing(2026, 10, 20, 9), Outcome.WITHHELD, "state_secret")
    LegalChallenge.objects.create(request=request, kind=ReviewKind.RECONSIDERATION, filed_on="2026-11-10",
                                  result=ReviewResult.UPHELD, decided_on="2026-12-01")
    LegalChallenge.objects.create(request=request, kind=ReviewKind.LITIGATION_AFTER, filed_on="2026-12-10")
    from django.utils import timezone

    year = timezone.localdate().year
    data = annual_report.build(None, year)
    two = data[annual_report.SECTION_2]["第二十条第（一）项"]
    assert two["规章"]["本年制发件数"] == 1 and two["行政规范性文件"]["现行有效件数"] == 1
    if year == 2026:
        four = data[annual_report.SECTION_4]["数值"]
        assert four["行政复议/结果维持"] == 1 and four["行政复议/总计"] == 1
        assert four["行政诉讼/复议后起诉/尚未审结"] == 1


def test_a_report_that_does_not_add_up_is_refused_publication(units, people, site_group):
    request = requests.submit_request(unit=units.fgw, data=APPLICATION, received_at=beijing(2026, 10, 20, 9))
    close_case(request.case, None, "撤回", at=beijing(2026, 10, 21, 9))  # finished without an outcome
    report = AnnualReport.objects.create(unit=units.fgw, year=2026, overview="本年度……")
    data = annual_report.build(units.fgw, 2026)
    assert not data["核对"]["通过"] and "≠" in data["核对"]["问题"][0]
    with pytest.raises(annual_report.ReportInconsistent):
        annual_report.publish(report)


def test_the_office_publishes_the_report_into_the_annual_report_column(site_group, people):
    units = site_group.units
    answered(units, people, beijing(2026, 10, 20, 9), Outcome.PARTIAL)
    report = AnnualReport.objects.create(unit=units.fgw, year=2026, overview="2026年，本委认真贯彻条例。",
                                         problems="依申请公开答复规范性有待提高。")
    operator = staff("operator", units.office, Role.SITE_OPERATOR)
    client = logged_in(operator)
    url = reverse("disclosure:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "数据核对通过" in page and "部分公开" in page
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))["三、依申请公开"]
    values = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert values[PARTIAL][1] == 1
    client.post(url)
    report.refresh_from_db()
    assert report.page is not None and report.page.live
    assert report.page.get_parent().specific.kind == "annual_report"
    assert "2026年，本委认真贯彻条例。" in report.page.specific.body


def test_the_command_writes_the_json_form(units, people, capsys):
    answered(units, people, beijing(2026, 10, 20, 9), Outcome.PARTIAL)
    call_command("disclosure", "annual-report", "--unit", units.fgw.name, "--year", "2026")
    data = json.loads(capsys.readouterr().out)
    assert data["单位"] == units.fgw.name and data["年度"] == 2026
    assert rows(data)[PARTIAL]["总计"] == 1
    assert set(data) >= {"一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "核对"}


def test_the_published_report_links_its_xlsx_and_pdf_which_the_public_app_serves(
    site_group, people, department_client, settings, tmp_path
):
    import re

    from pypdf import PdfReader
    from wagtail.documents import get_document_model

    # Files on disk, as in production: Wagtail serves a document from its local path.
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}

    units = site_group.units
    answered(units, people, beijing(2026, 10, 20, 9), Outcome.PARTIAL)
    report = AnnualReport.objects.create(unit=units.fgw, year=2026, overview="2026年，本委认真贯彻条例。")
    body = annual_report.publish(report).specific.body
    assert body.count('class="table-scroll"') == 3
    links = dict(re.findall(r'<a href="(/documents/[^"]+)" download>([^<]+)</a>', body))
    assert sorted(links.values()) == ["Excel 表格（xlsx）", "PDF 文件"]
    served = {label: department_client.get(href) for href, label in links.items()}
    assert all(response.status_code == 200 for response in served.values())
    sheet = load_workbook(io.BytesIO(b"".join(served["Excel 表格（xlsx）"].streaming_content)))["三、依申请公开"]
    assert {row[0]: row for row in sheet.iter_rows(values_only=True)}[PARTIAL][1] == 1
    pdf = PdfReader(io.BytesIO(b"".join(served["PDF 文件"].streaming_content)))
    assert "云泽市发展和改革委员会2026年政府信息公开工作年度报告" in pdf.pages[0].extract_text()

    # Published again (a corrected figure): the same two documents, their files replaced.
    documents = get_document_model().objects.count()
    body = annual_report.publish(report).specific.body
    assert dict(re.findall(r'<a href="(/documents/[^"]+)" download>([^<]+)</a>', body)).keys() == links.keys()
    assert get_document_model().objects.count() == documents
