"""`zhanqun workdays …` (the `workdays` management command).

Import files written here for 2027 hold TEST DATA, not the official schedule.
"""

from __future__ import annotations

import json
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import captured_stdin
from django.utils import timezone

from zhanqun.workdays.management.commands.workdays import load_schedule_file
from zhanqun.workdays.models import CalendarDay, HolidayYear
from zhanqun.workdays.services import clear_calendar_cache, get_calendar

DATA_README = Path(__file__).resolve().parent.parent / "data" / "README.md"

TEST_2027 = {
    "year": 2027,
    "notice": "测试数据，非官方",
    "published_on": "2026-12-01",
    "holidays": [["2027-01-01", "元旦（测试）"], ["2027-01-02", "元旦（测试）"], "2027-01-03"],
    "workdays": [["2027-01-09", "测试调休"]],
}


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_json(tmp_path, data, name="2027.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------
# contracts
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_contract_add_2026_09_28_plus_5_prints_2026_10_10():
    out, _err = run("add", "2026-09-28", "5")
    assert out == "2026-10-10\n"


@pytest.mark.django_db
def test_contract_between_2026_09_28_and_2026_10_10_prints_5():
    out, _err = run("between", "2026-09-28", "2026-10-10")
    assert out == "5\n"


@pytest.mark.django_db
def test_is_workday_prints_yes_or_no():
    assert run("is-workday", "2026-10-10")[0] == "yes\n"  # make-up Saturday
    assert run("is-workday", "2026-10-01")[0] == "no\n"  # National Day
    assert run("is-workday", "2026-11-21")[0] == "no\n"  # ordinary Saturday


@pytest.mark.django_db
def test_add_hours_rolls_past_the_weekend():
    assert run("add-hours", "2026-11-20T18:00", "24")[0] == "2026-11-23T18:00:00\n"
    assert run("add-hours", "2026-11-20T18:00+08:00", "24")[0] == "2026-11-23T18:00:00+08:00\n"


# ---------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ("add", "2026-12-28", "5"),
        ("between", "2026-12-01", "2027-01-05"),
        ("is-workday", "2027-01-04"),
        ("export", "2027"),
    ],
)
def test_a_year_without_data_is_a_command_error_naming_the_year(args):
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    message = str(excinfo.value)
    assert "2027" in message
    assert "zhanqun workdays import" in message
    assert "设置 → 工作日历" in message


@pytest.mark.django_db
def test_invalid_arguments_are_command_errors():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("add", "2026-13-01", "5")
    with pytest.raises(CommandError, match="negative"):
        run("add", "2026-09-28", "-1")
    with pytest.raises(CommandError):
        run("add", "2026-09-28", "five")
    with pytest.raises(CommandError):
        run("no-such-subcommand")


# ---------------------------------------------------------------------------
# years / export
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_years_lists_package_years_and_db_years_with_their_source(tmp_path):
    out, err = run("years")
    lines = out.splitlines()
    assert "2004\tchinesecalendar" in lines
    assert "2026\tchinesecalendar" in lines
    assert not any(line.startswith("2027") for line in lines)
    next_year = timezone.localdate().year + 1
    if next_year > 2026:
        assert str(next_year) in err  # reminder to add next year's schedule

    run("import", write_json(tmp_path, TEST_2027))
    out, _err = run("years")
    line_2027 = next(line for line in out.splitlines() if line.startswith("2027"))
    assert line_2027.split("\t")[1] == "manual"
    assert "测试数据，非官方" in line_2027
    assert "4" in line_2027  # four dates


@pytest.mark.django_db
def test_export_prints_a_year_in_the_import_format(tmp_path):
    out, _err = run("export", "2026")
    data = json.loads(out)
    assert data["year"] == 2026
    assert ["2026-10-10", "国庆节调休"] in data["workdays"]
    assert ["2026-10-01", "国庆节"] in data["holidays"]


@pytest.mark.django_db
def test_export_then_import_of_2026_keeps_every_day(tmp_path):
    before = get_calendar()
    path = tmp_path / "2026.json"
    path.write_text(run("export", "2026")[0], encoding="utf-8")
    _out, err = run("import", str(path))
    assert "chinesecalendar" in err  # warned that the package already covers 2026
    assert HolidayYear.objects.get(year=2026).source == "manual"
    after = get_calendar()
    assert after is not before
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert after.is_workday(day) == before.is_workday(day), day
        day = day.fromordinal(day.toordinal() + 1)


# ---------------------------------------------------------------------------
# import
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_import_json_makes_2027_covered(tmp_path):
    out, _err = run("import", write_json(tmp_path, TEST_2027))
    assert "2027" in out and "放假 3 天" in out and "调休上班 1 天" in out
    year = HolidayYear.objects.get(year=2027)
    assert year.source == "manual"
    assert year.notice == "测试数据，非官方"
    assert year.published_on == date(2026, 12, 1)
    assert year.days.count() == 4
    # Thu 31 Dec 2026 → 1–3 Jan off → Mon 4 Jan.
    assert run("add", "2026-12-31", "1")[0] == "2027-01-04\n"
    assert run("is-workday", "2027-01-09")[0] == "yes\n"


@pytest.mark.django_db
def test_import_csv_with_options(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "# test data, not official\n"
        "date,kind,name\n"
        "2027-01-01,放假,元旦（测试）\n"
        "2027-01-02,holiday,元旦（测试）\n"
        "2027-01-09,调休上班,测试调休\n",
        encoding="utf-8",
    )
    run("import", str(path), "--notice", "测试文号")
    year = HolidayYear.objects.get(year=2027)
    assert year.notice == "测试文号"
    assert sorted(year.days.values_list("date", "kind")) == [
        (date(2027, 1, 1), "holiday"),
        (date(2027, 1, 2), "holiday"),
        (date(2027, 1, 9), "workday"),
    ]


@pytest.mark.django_db
def test_import_of_a_bad_file_writes_nothing_and_lists_every_error(tmp_path):
    bad = dict(TEST_2027)
    bad["holidays"] = [
        ["2027-01-01", "元旦（测试）"],  # fine
        ["2027-02-30", "不存在的日期"],  # no such date
        ["2028-01-01", "别的年份"],  # wrong year
    ]
    bad["workdays"] = [["2027-01-04", "周一调休"]]  # Monday: not a make-up day
    with pytest.raises(CommandError) as excinfo:
        run("import", write_json(tmp_path, bad))
    message = str(excinfo.value)
    assert "nothing was written" in message and "未写入任何数据" in message
    assert "2027-02-30" in message
    assert "2028-01-01" in message
    assert "2027-01-04" in message and "周六或周日" in message
    assert HolidayYear.objects.count() == 0
    assert CalendarDay.objects.count() == 0
    with pytest.raises(CommandError, match="2027"):
        run("is-workday", "2027-01-01")  # still not covered


@pytest.mark.django_db
def test_import_is_all_or_nothing_when_writing_fails_midway(tmp_path, monkeypatch):
    from django.db import IntegrityError

    saved = []
    original_save = CalendarDay.save

    def flaky_save(self, *args, **kwargs):
        if len(saved) == 2:
            raise IntegrityError("simulated failure on the third row")
        saved.append(self.date)
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(CalendarDay, "save", flaky_save)
    with pytest.raises(CommandError, match="nothing was written"):
        run("import", write_json(tmp_path, TEST_2027))
    assert len(saved) == 2  # two rows had been written before the failure …
    assert HolidayYear.objects.count() == 0  # … and were rolled back
    assert CalendarDay.objects.count() == 0


@pytest.mark.django_db
def test_import_refuses_to_overwrite_an_existing_year_without_replace(tmp_path):
    run("import", write_json(tmp_path, TEST_2027))
    changed = dict(
        TEST_2027, notice="第二版（测试）", holidays=[["2027-01-01", "元旦"]], workdays=[]
    )
    path = write_json(tmp_path, changed, name="2027-v2.json")

    with pytest.raises(CommandError) as excinfo:
        run("import", path)
    assert "--replace" in str(excinfo.value)
    assert HolidayYear.objects.get(year=2027).notice == "测试数据，非官方"
    assert CalendarDay.objects.count() == 4

    run("import", path, "--replace")
    year = HolidayYear.objects.get(year=2027)
    assert year.notice == "第二版（测试）"
    assert list(year.days.values_list("date", flat=True)) == [date(2027, 1, 1)]
    assert run("is-workday", "2027-01-09")[0] == "no\n"  # old make-up day is gone


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "invalid JSON"),
        (json.dumps({"holidays": [["2027-01-01", "x"]], "year": "twenty"}), "year"),
        (json.dumps({"year": 2027, "holidays": []}), "no holidays"),
        (json.dumps({"year": 2027, "holidays": [[1, 2]]}), "unrecognised entry"),
        (json.dumps({"year": 2027, "holidays": ["2027-01-01", "2027-01-01"]}), "duplicate"),
        (
            json.dumps({"year": 2027, "holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}),
            "duplicate",
        ),
        (json.dumps({"year": 2027, "holidays": ["2027-01-01"], "extra": 1}), "unknown keys"),
        (json.dumps([["2027-01-01", "元旦"]]), "top level must be an object"),
    ],
)
def test_import_validation_messages(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        run("import", str(path))
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("2027-01-01,放假,元旦\n", "header"),
        ("date,kind,name\n2027-01-01,休息日,元旦\n", "invalid kind"),
        ("date,kind,name\n2027-01-01,放假,元旦\n2028-01-01,放假,元旦\n", "year"),
    ],
)
def test_import_csv_validation_messages(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=expected):
        run("import", str(path))
    assert not HolidayYear.objects.exists()


def test_the_documented_example_file_is_valid(tmp_path):
    """The JSON and CSV examples in data/README.md load without errors."""
    text = DATA_README.read_text(encoding="utf-8")
    json_block = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    csv_block = re.search(r"```csv\n(.*?)```", text, re.S).group(1)
    (tmp_path / "example.json").write_text(json_block, encoding="utf-8")
    (tmp_path / "example.csv").write_text(csv_block, encoding="utf-8")
    from_json = load_schedule_file(tmp_path / "example.json")
    from_csv = load_schedule_file(tmp_path / "example.csv")
    assert from_json.days == from_csv.days
    assert from_json.holiday_count > 0 and from_json.workday_count > 0
    assert "示例" in from_json.notice  # labelled as an example, not official data


# ---------------------------------------------------------------------------
# import-notice: the State Council notice's own text
# ---------------------------------------------------------------------------
NOTICES = Path(__file__).resolve().parent / "data" / "notices"


def notice_2027_for_tests() -> str:
    """A whole notice with made-up 2027 dates: TEST DATA, not the 2027 schedule."""
    return (NOTICES.parent / "notice_2027_test_data.txt").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_import_notice_json_prints_every_holiday_and_workday_with_iso_dates():
    out, _err = run("import-notice", str(NOTICES / "2026.txt"), "--json")
    data = json.loads(out)
    assert data["year"] == 2026
    assert len(data["holidays"]) == 33 and data["holidays"][:3] == ["2026-01-01", "2026-01-02", "2026-01-03"]
    assert data["workdays"] == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    assert not HolidayYear.objects.exists()  # --json saves nothing


@pytest.mark.django_db
def test_import_notice_dry_run_lists_the_items_in_chinese_and_saves_nothing():
    out, _err = run("import-notice", str(NOTICES / "2008.txt"), "--dry-run")
    assert "元旦：放假 2007年12月30日、2007年12月31日、1月1日（3 天）；调休上班 2007年12月29日（星期六）" in out
    assert "合计：放假 29 天，调休上班 6 天" in out
    assert "未保存" in out
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
def test_import_notice_saves_the_year_and_its_deadlines_follow(tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text(notice_2027_for_tests(), encoding="gb18030")  # GBK files are read too
    with pytest.raises(CommandError, match="2027"):
        run("add", "2026-12-31", "1")
    out, _err = run("import-notice", str(path))
    assert "已保存 2027 年：放假 32 天，调休上班 5 天" in out
    year = HolidayYear.objects.get(year=2027)
    assert year.source == HolidayYear.Source.MANUAL
    assert year.days.get(date=date(2027, 2, 20)).kind == CalendarDay.Kind.WORKDAY
    out, _err = run("add", "2026-12-31", "1")
    assert out == "2027-01-04\n"  # 1–3 January off
    with pytest.raises(CommandError, match="--replace"):
        run("import-notice", str(path))
    run("import-notice", str(path), "--replace")
    assert HolidayYear.objects.get(year=2027).days.count() == 37


@pytest.mark.django_db
def test_import_notice_sends_year_loaded_once():
    from zhanqun.workdays.signals import year_loaded

    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["year"], kwargs["origin"], get_calendar().covers(2027)))

    year_loaded.connect(receiver)
    try:
        with captured_stdin() as stdin:  # FILE "-" reads the standard input
            stdin.write(notice_2027_for_tests())
            stdin.seek(0)
            out, _err = run("import-notice", "-")
    finally:
        year_loaded.disconnect(receiver)
    assert "已保存 2027 年" in out
    assert received == [(2027, "notice", True)]


@pytest.mark.django_db
def test_import_notice_refuses_unreadable_text_naming_the_line_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(notice_2027_for_tests().replace("2月20日（周六）上班", "2月20日（周日）上班"), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run("import-notice", str(path))
    message = str(excinfo.value)
    assert "第 3 行：2月20日写的是星期日，但 2027-02-20 是星期六" in message
    assert "未写入任何数据" in message
    assert not HolidayYear.objects.exists()


@pytest.mark.django_db
def test_import_notice_refuses_a_notice_cut_after_the_spring_festival_and_writes_nothing(tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text("\n".join(notice_2027_for_tests().splitlines()[:3]), encoding="utf-8")  # title, 元旦, 春节
    for options in ((), ("--dry-run",), ("--json",)):
        with pytest.raises(CommandError) as excinfo:
            run("import-notice", str(path), *options)
        assert "通知中没有读到：清明节、劳动节、端午节、中秋节、国庆节。请粘贴通知全文。" in str(excinfo.value)
        assert "未写入任何数据" in str(excinfo.value)
    assert not HolidayYear.objects.exists()


def test_import_notice_of_a_cut_notice_exits_non_zero_on_the_command_line(tmp_path, capsys):
    from zhanqun.workdays.management.commands.workdays import Command

    path = tmp_path / "2027.txt"
    path.write_text("\n".join(notice_2027_for_tests().splitlines()[:3]), encoding="utf-8")
    with pytest.raises(SystemExit) as excinfo:
        Command().run_from_argv(["zhanqun", "workdays", "import-notice", str(path), "--dry-run"])
    assert excinfo.value.code != 0
    assert "通知中没有读到：清明节" in capsys.readouterr().err


@pytest.mark.django_db
def test_years_warns_from_november_that_next_year_is_missing_and_how_to_load_it(monkeypatch):
    from zhanqun.workdays import services

    monkeypatch.setattr(services, "today", lambda: date(2026, 11, 2))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 2))
    _out, err = run("years")
    assert "警告：2027 年的放假安排尚未录入" in err
    assert "import-notice" in err
    run("import-notice", str(NOTICES / "2026.txt"), "--year", "2026", "--dry-run")  # a valid call, no change
    HolidayYear.objects.create(year=2027, notice="测试数据，非官方")
    _out, err = run("years")
    assert "2027 年的放假安排尚未录入" not in err


@pytest.mark.django_db
def test_import_notice_writes_a_december_start_into_the_previous_year():
    out, _err = run("import-notice", str(NOTICES / "2008.txt"))
    assert "已保存 2008 年：放假 29 天，调休上班 6 天" in out
    assert HolidayYear.objects.get(year=2008).source == HolidayYear.Source.MANUAL
    previous = HolidayYear.objects.get(year=2007)
    assert previous.source == HolidayYear.Source.CHINESECALENDAR  # corrections of the package's 2007
    assert sorted((d.date, d.kind) for d in previous.days.all()) == [
        (date(2007, 12, 29), CalendarDay.Kind.WORKDAY),
        (date(2007, 12, 30), CalendarDay.Kind.HOLIDAY),
        (date(2007, 12, 31), CalendarDay.Kind.HOLIDAY),
    ]
    calendar = get_calendar()
    assert calendar.is_workday(date(2007, 12, 29)) and not calendar.is_workday(date(2007, 12, 31))
    assert calendar.is_workday(date(2007, 12, 28))  # the rest of 2007 is the package's
    assert not calendar.is_workday(date(2007, 10, 5))


@pytest.mark.django_db
def test_import_notice_refuses_a_december_start_when_the_previous_year_is_unknown(tmp_path):
    path = tmp_path / "2004.txt"
    path.write_text(
        "国务院办公厅关于2004年部分节假日安排的通知（测试数据）\n"
        "一、元旦：2003年12月31日至2004年1月1日放假，共2天。\n"
        "二、春节：1月22日至28日放假，共7天。\n"
        "三、劳动节：5月1日至7日放假，共7天。\n"
        "四、国庆节：10月1日至7日放假，共7天。\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="2003 年的放假安排尚未录入"):
        run("import-notice", str(path))
    assert not HolidayYear.objects.exists()
