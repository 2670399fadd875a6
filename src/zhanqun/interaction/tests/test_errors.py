"""Error reports (我为政府网站找错, R-INT-4): the site's form with its evidence, the
clocks (1 office hour, 1 working day, 3 or 2 working days), the national platform's
import."""

import datetime
import io
import json
from io import StringIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from PIL import Image

from zhanqun.cases import services as cases
from zhanqun.cases.enums import ClockStatus
from zhanqun.cases.factories import beijing
from zhanqun.cases.models import Case
from zhanqun.conftest import PORTAL_HOST, solve_captcha
from zhanqun.interaction.factories import error_report
from zhanqun.interaction.importers import ImportFailed, import_errors
from zhanqun.interaction.models import ErrorReport, InteractionSettings, private_storage

from .conftest import hidden

pytestmark = pytest.mark.django_db

SEP30_17 = beijing(2026, 9, 30, 17, 0)


def png(size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def post_error(client, **overrides):
    form = client.get("/hudong/zhaocuo/").content.decode()
    data = {
        "page_url": "https://www.yunze.gov.cn/zwdt/",
        "error_type": "broken_link",
        "description": "政务动态第二页“下一页”链接打不开。",
        "name": "李四",
        "phone": "",
        "email": "lisi@example.com",
        "submission_key": hidden(form, "submission_key"),
        **solve_captcha(form),
    }
    data.update(overrides)
    return client.post("/hudong/zhaocuo/", data)


def test_an_error_report_from_the_site_keeps_its_page_and_screenshot_and_gives_a_receipt(
    site_group, django_capture_on_commit_callbacks
):
    client = Client(HTTP_HOST=PORTAL_HOST)
    with django_capture_on_commit_callbacks(execute=True):  # the screenshot is written on commit
        response = post_error(client, screenshot=SimpleUploadedFile("屏幕截图.png", png(), content_type="image/png"))
    assert response.status_code == 302
    case = Case.objects.get(kind="error_report")
    receipt = client.get("/hudong/yitijiao/").content.decode()
    assert case.number.startswith("ZC-") and case.number in receipt
    report = case.error_report
    assert report.page_url == "https://www.yunze.gov.cn/zwdt/"
    assert report.screenshot.name.startswith("interaction/screenshots/") and "屏幕截图" not in report.screenshot.name
    assert report.screenshot.read()[:8] == b"\x89PNG\r\n\x1a\n"
    assert case.subject.startswith("链接错误：")


def stored_screenshots():
    storage = private_storage()

    def walk(path):
        folders, files = storage.listdir(path) if storage.exists(path) else ([], [])
        return [f"{path}/{f}" for f in files] + [x for d in folders for x in walk(f"{path}/{d}")]

    return walk("interaction/screenshots")


def test_a_screenshot_is_not_left_in_storage_when_the_report_s_transaction_rolls_back(
    site_group, django_capture_on_commit_callbacks
):
    before = stored_screenshots()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        with transaction.atomic():
            error_report(site_group.portal, screenshot=SimpleUploadedFile("a.png", png(), content_type="image/png"))
            raise RuntimeError("the submission failed after the report was written")
    assert callbacks == []
    assert stored_screenshots() == before
    assert not ErrorReport.objects.exists()


def test_a_screenshot_that_cannot_be_written_leaves_the_report_without_it(
    site_group, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch.object(type(private_storage()), "save", side_effect=OSError("disk full")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = error_report(site_group.portal, screenshot=SimpleUploadedFile("a.png", png(), content_type="image/png"))
    report = ErrorReport.objects.get(case=case)
    assert not report.screenshot
    assert "could not be stored" in caplog.text


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png"), "不是有效的图片"),
        (SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "只能是 PNG"),
        (SimpleUploadedFile("x.jpg", png(), content_type="image/jpeg"), "与扩展名不符"),
    ],
)
def test_a_screenshot_that_is_not_a_picture_is_refused_with_a_clear_message(site_group, upload, message):
    response = post_error(Client(HTTP_HOST=PORTAL_HOST), screenshot=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_a_screenshot_over_the_size_limit_is_refused(site_group, settings):
    settings.ZHANQUN_INTERACTION_MAX_SCREENSHOT = 1024 * 1024
    big = SimpleUploadedFile("big.png", png((2000, 2000)) + b"\0" * (1024 * 1024), content_type="image/png")
    response = post_error(Client(HTTP_HOST=PORTAL_HOST), screenshot=big)
    assert "截图不能超过 1 MB" in response.content.decode()


def test_error_clocks__triage_in_an_office_hour_fix_in_a_working_day_reply_in_three(site_group, dispatcher, units):
    """Received Wednesday 9/30 at 17:00 before National Day: triage due 10/8 9:30; reply
    due on the make-up Saturday 10/10 (10/8, 10/9, 10/10)."""
    case = error_report(site_group.portal, received_at=SEP30_17)
    clocks = {c.code: c for c in case.clocks.all()}
    assert clocks["triage"].due_at == beijing(2026, 10, 8, 9, 30)
    assert clocks["reply"].due_date == datetime.date(2026, 10, 10)
    assert "fix" not in clocks  # starts when forwarded

    cases.assign(case, dispatcher, units.fgw, at=beijing(2026, 10, 8, 9, 20))
    fix = case.clocks.get(code="fix")
    assert fix.due_date == datetime.date(2026, 10, 9)
    assert case.clocks.get(code="triage").status() == ClockStatus.MET


def test_the_reply_clock_is_two_working_days_under_the_site_setting(site_group):
    InteractionSettings.objects.update_or_create(site=site_group.portal, defaults={"error_reply_days": 2})
    case = error_report(site_group.portal, received_at=SEP30_17)
    assert case.clocks.get(code="reply").due_date == datetime.date(2026, 10, 9)


def test_the_unit_reports_the_fix_the_operator_checks_it_and_the_reply_goes_out(
    site_group, dispatcher, operator2, handler, units
):
    case = error_report(site_group.portal, received_at=SEP30_17, submitter={"email": "lisi@example.com"})
    cases.assign(case, dispatcher, units.fgw, at=beijing(2026, 10, 8, 9, 10))
    cases.draft_reply(case, handler, "已修复分页链接，感谢您的监督。", at=beijing(2026, 10, 8, 15, 0))
    assert case.clocks.get(code="fix").status() == ClockStatus.MET
    with pytest.raises(cases.CasePermissionDenied):
        cases.approve_reply(case, handler)
    cases.approve_reply(case, operator2, at=beijing(2026, 10, 8, 16, 0))
    cases.send_reply(case, dispatcher, at=beijing(2026, 10, 8, 16, 30))
    case.refresh_from_db()
    assert case.state == "replied" and case.clocks.get(code="reply").status() == ClockStatus.MET


# --- the national platform's exports --------------------------------------------------

CSV_HEADER = "id,site_code,page_url,error_type,description,reported_at,forwarded_at,reporter_name,reporter_phone,reporter_email,screenshot_url\n"


def csv_rows(*rows):
    return CSV_HEADER + "".join(rows)


def row(id_="GJ2026093000001", code="6209810001", url="https://www.yunze.gov.cn/zwdt/", kind="错别字", when="2026-09-30 16:40:00"):
    return f'{id_},{code},{url},{kind},"“云泽市”误写为“云择市”",{when},{when},王五,13912345678,,https://zfwzzc.example/1.png\n'


def test_import_writes_each_report_once_and_a_second_import_skips_them(site_group, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(csv_rows(row(), row(id_="GJ2026093000002", kind="typo")), encoding="utf-8-sig")
    out = StringIO()
    call_command("interaction", "import-errors", str(path), stdout=out)
    assert "新导入 2 条" in out.getvalue()
    report = ErrorReport.objects.get(national_id="GJ2026093000001")
    assert report.source == "national" and report.error_type == "typo"
    assert report.case.received_at == beijing(2026, 9, 30, 16, 40)
    assert report.case.submitter_phone == "13912345678"  # encrypted at rest, read back

    out = StringIO()
    call_command("interaction", "import-errors", str(path), stdout=out)
    assert "新导入 0 条，已导入过而跳过 2 条" in out.getvalue()
    assert ErrorReport.objects.count() == 2


def test_import_with_bad_rows_names_them_and_imports_nothing(site_group, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        csv_rows(row(), row(id_="B2", code="9999999999"), row(id_="B3", url="javascript:alert(1)"), row(id_="B4", when="昨天")),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("interaction", "import-errors", str(path))
    message = str(excinfo.value)
    assert "第 3 行" in message and "9999999999" in message
    assert "第 4 行" in message and "page_url" in message
    assert "第 5 行" in message and "reported_at" in message
    assert "第 2 行" not in message
    assert not ErrorReport.objects.exists() and not Case.objects.exists()


def test_import_of_json_with_dry_run_writes_nothing(site_group, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps({"reports": [{"id": "J1", "site_code": "6209810001", "page_url": "https://www.yunze.gov.cn/",
                                  "error_type": "信息不更新", "description": "通知公告栏目半年未更新。",
                                  "reported_at": "2026-10-09T10:00:00+08:00"}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("interaction", "import-errors", str(path), "--dry-run", stdout=out)
    assert "试运行" in out.getvalue() and "新导入 1 条" in out.getvalue()
    assert not ErrorReport.objects.exists()
    call_command("interaction", "import-errors", str(path), stdout=StringIO())
    assert ErrorReport.objects.get().error_type == "not_updated"


def test_duplicate_ids_in_one_file_are_an_error(site_group):
    with pytest.raises(ImportFailed, match="重复"):
        import_errors(csv_rows(row(), row()), "csv")


def test_imported_reports_appear_on_the_overdue_list_when_late(site_group):
    import_errors(csv_rows(row()), "csv")
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=beijing(2026, 10, 8, 10, 0)):
        call_command("cases", "overdue", "--json", stdout=out)
    assert [r["clock"] for r in json.loads(out.getvalue())] == ["triage"]
