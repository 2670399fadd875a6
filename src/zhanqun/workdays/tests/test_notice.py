"""Reading the State Council's holiday notice (workdays/notice.py) — plain tests, no database.

The fixtures in ``data/notices`` are the published texts of the notices for 2007, 2008,
2012, 2015, 2016, 2020, 2024, 2025 and 2026 (public official documents). Each result is
compared with the data of the ``chinesecalendar`` package, which was built from the same
notices by other people.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from chinese_calendar import constants

from zhanqun.workdays.notice import NoticeError, parse_notice

NOTICES = Path(__file__).resolve().parent / "data" / "notices"
YEARS = sorted(int(p.stem) for p in NOTICES.glob("*.txt"))

#: Days on which the package and the year's notice differ, and why. Anything else that
#: differs fails the test.
KNOWN_DIFFERENCES = {
    # The 2008 notice put 元旦 2008 on 2007-12-30..2008-01-01 with 2007-12-29 worked;
    # the package files those days under 2007.
    2007: {date(2007, 12, 29), date(2007, 12, 31)},
    # 纪念抗战胜利70周年: 3–4 September off, 6 September worked — a separate notice.
    2015: {date(2015, 9, 3), date(2015, 9, 4), date(2015, 9, 6)},
    # The spring festival was extended to 2 February for the epidemic (国办发明电〔2020〕1号).
    2020: {date(2020, 1, 31), date(2020, 2, 1)},
}


def read(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def is_workday(d: date, holidays, workdays) -> bool:
    return d in workdays or (d.weekday() < 5 and d not in holidays)


def test_at_least_five_years_of_notices_are_fixtures():
    assert len(YEARS) >= 5
    assert {2008, 2015, 2020, 2024, 2025, 2026} <= set(YEARS)


def test_2026_notice_equals_the_chinesecalendar_data_exactly():
    schedule = parse_notice(read(2026))
    assert schedule.year == 2026
    assert set(schedule.holidays) == {d for d in constants.holidays if d.year == 2026}
    assert set(schedule.workdays) == {d for d in constants.workdays if d.year == 2026}
    assert len(schedule.holidays) == 33
    assert sorted(schedule.workdays) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


@pytest.mark.parametrize("year", [2008, 2016, 2025])
def test_notice_equals_the_chinesecalendar_data_exactly(year):
    schedule = parse_notice(read(year))
    mine_h, mine_w = set(schedule.holidays), set(schedule.workdays)
    package_h = {d for d in constants.holidays if d.year == year or d in mine_h}
    package_w = {d for d in constants.workdays if d.year == year or d in mine_w}
    assert mine_h == package_h
    assert mine_w == package_w


@pytest.mark.parametrize("year", YEARS)
def test_every_day_of_the_year_is_a_working_day_exactly_when_the_package_says_so(year):
    schedule = parse_notice(read(year))
    mine_h, mine_w = set(schedule.holidays), set(schedule.workdays)
    package_h, package_w = set(constants.holidays), set(constants.workdays)
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    days = [d for d in days if d.year == year] + sorted(d for d in mine_h | mine_w if d.year < year)
    differ = {d for d in days if is_workday(d, mine_h, mine_w) != is_workday(d, package_h, package_w)}
    assert differ == KNOWN_DIFFERENCES.get(year, set())


def test_2008_new_year_starts_in_the_previous_december_and_the_saturday_before_is_worked():
    schedule = parse_notice(read(2008))
    new_year = schedule.items[0]
    assert new_year.name == "元旦"
    assert new_year.holidays == (date(2007, 12, 30), date(2007, 12, 31), date(2008, 1, 1))
    assert new_year.workdays == (date(2007, 12, 29),)
    # "2月2日（星期六）、2月3日（星期日）两个公休日调至2月11日（星期一）…" only explains
    assert schedule.items[1].holidays == tuple(date(2008, 2, d) for d in range(6, 13))
    assert schedule.items[1].workdays == (date(2008, 2, 2), date(2008, 2, 3))
    assert [i.name for i in schedule.items][3] == "五一国际劳动节"


def test_2007_day_only_dates_take_the_month_of_the_item():
    schedule = parse_notice(read(2007))
    assert schedule.number == "国办发明电〔2006〕49号"
    assert set(schedule.workdays) == {
        date(2006, 12, 30),
        date(2006, 12, 31),
        date(2007, 2, 17),
        date(2007, 2, 25),
        date(2007, 4, 28),
        date(2007, 4, 29),
        date(2007, 9, 29),
        date(2007, 9, 30),
    }


def test_lunar_remarks_bu_xiu_and_weekend_wording():
    s2026 = parse_notice(read(2026))
    spring = s2026.items[1]
    assert spring.name == "春节" and spring.holidays[0] == date(2026, 2, 15) and len(spring.holidays) == 9
    s2015 = parse_notice(read(2015))
    assert date(2015, 4, 6) in s2015.holidays  # 4月6日（星期一）补休
    assert date(2015, 6, 22) in s2015.holidays and date(2015, 6, 21) not in s2015.holidays
    s2024 = parse_notice(read(2024))
    assert date(2024, 1, 1) in s2024.holidays and date(2023, 12, 31) not in s2024.holidays  # 与周末连休
    assert date(2024, 2, 9) not in s2024.holidays  # 鼓励……在除夕（2月9日）休息: advice, not a holiday
    s2025 = parse_notice(read(2025))
    assert s2025.holidays[date(2025, 10, 6)] == "国庆节、中秋节"
    assert s2025.workdays[date(2025, 10, 11)] == "国庆节、中秋节调休"


def test_number_and_signature_date_are_read():
    schedule = parse_notice(read(2025))
    assert schedule.number == "国办发明电〔2024〕12号"
    assert schedule.published_on == date(2024, 11, 12)


def test_half_width_punctuation_and_items_on_two_lines():
    assert len(parse_notice(read(2016)).holidays) == 24  # "一、元旦:1月1日放假,与周末连休。"
    schedule = parse_notice(read(2012))  # "一、元旦：" then the dates on the next line
    assert schedule.workdays[date(2011, 12, 31)] == "元旦调休"
    assert len(schedule.items) == 6


def test_full_width_digits_are_read():
    text = read(2026).replace("10月10日（周六）", "１０月１０日（周六）")
    assert date(2026, 10, 10) in parse_notice(text).workdays


def test_year_from_the_argument_when_the_text_has_no_title():
    body = "\n".join(line for line in read(2026).splitlines() if "、" in line[:6])  # the seven items only
    schedule = parse_notice(body, year=2026)
    assert schedule.holidays == parse_notice(read(2026)).holidays
    with pytest.raises(NoticeError, match="无法确定年份"):
        parse_notice(body)
    with pytest.raises(NoticeError, match="2026 年的安排，与指定的年份 2027"):
        parse_notice(read(2026), year=2027)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("1月4日（周日）上班", "1月4日（周六）上班", "1月4日写的是星期六，但 2026-01-04 是星期日"),
        ("至6日（周一）放假，共3天。", "至6日（周一）放假，共4天。", "写的是共 4 天，但列出的放假日期是 3 天"),
        ("5月9日（周六）上班", "5月8日上班", "2026-05-08 是星期五，调休上班日应是星期六或星期日"),
        ("5月9日（周六）上班", "5月9日（周六）另行通知", "看不懂“…另行通知”"),
        ("至21日（周日）放假", "至21日（周日）放假6月27日（周六）上班", "哪天放假、哪天上班不清楚"),
        ("2月14日（周六）、2月28日（周六）上班", "2月30日上班", "“2月30日”不是有效日期"),
        ("9月20日（周日）、10月10日（周六）上班", "2027年1月9日上班", "2027-01-09 不属于 2026 年的安排"),
        ("5月9日（周六）上班", "1月4日（周日）上班", "2026-01-04 已在第"),
    ],
)
def test_unreadable_text_is_refused_naming_the_line(old, new, expected):
    original = read(2026)
    assert old in original
    text = original.replace(old, new, 1)
    with pytest.raises(NoticeError) as excinfo:
        parse_notice(text)
    message = str(excinfo.value)
    assert expected in message
    assert f"第 {line_of(text, new)} 行" in message


def test_a_text_without_holiday_items_is_refused():
    with pytest.raises(NoticeError, match="没有找到放假安排条目"):
        parse_notice("国务院办公厅关于2027年部分节假日安排的通知\n\n春节放假八天。")


def test_an_item_named_twice_is_refused():
    text = read(2026) + "\n八、国庆节：10月8日（周四）放假，共1天。\n"
    with pytest.raises(NoticeError, match="第 26 行：国庆节已在第 19 行出现"):
        parse_notice(text)


def test_json_shape():
    data = parse_notice(read(2025)).as_json()
    assert list(data) == ["year", "holidays", "workdays"]
    assert data["year"] == 2025
    assert data["holidays"][0] == "2025-01-01" and data["workdays"][0] == "2025-01-26"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("八、纪念日：9月3日（周四）至5日（周六）放假，共3天。", "“纪念日”不是能识别的节日名称"),
        ("另外，9月3日（周四）至5日（周六）放假。", "这一行像是放假安排，但不在“一、元旦：……”这样的条目中"),
        ("9月6日（周日）上班。", "这一行像是放假安排"),
    ],
)
def test_schedule_lines_outside_known_items_are_refused_not_skipped(extra, expected):
    text = read(2026).replace("国务院办公厅\n", extra + "\n国务院办公厅\n")
    with pytest.raises(NoticeError) as excinfo:
        parse_notice(text)
    assert f"第 {line_of(text, extra)} 行：{expected}" in str(excinfo.value)


def test_page_furniture_around_the_notice_is_ignored():
    furniture = (
        "发文机关: 国务院办公厅 成文日期: 2015年12月10日\n"
        "发文字号: 国办发明电〔2015〕18号 发布日期: 2015年12月10日\n"
        "新华社北京12月10日电 国务院办公厅关于2016年部分节假日安排的通知，全文如下：\n"
    )
    assert parse_notice(furniture + read(2016)).holidays == parse_notice(read(2016)).holidays


# ---------------------------------------------------------------------------
# a notice must cover every statutory holiday of its year
# ---------------------------------------------------------------------------
def first_lines(text: str, upto: str) -> str:
    """The text up to and including the line holding ``upto`` (a pasted fragment)."""
    lines = text.splitlines()
    return "\n".join(lines[: line_of(text, upto)])


def test_a_notice_cut_after_the_spring_festival_is_refused_naming_what_is_missing():
    truncated = first_lines(read(2026), "二、春节")
    assert "元旦" in truncated and "清明节：" not in truncated
    with pytest.raises(NoticeError) as excinfo:
        parse_notice(truncated)
    assert str(excinfo.value) == "通知中没有读到：清明节、劳动节、端午节、中秋节、国庆节。请粘贴通知全文。"


def test_only_the_title_and_the_new_year_and_spring_festival_lines_are_refused():
    text = read(2026)
    pasted = "\n".join(
        line for line in text.splitlines() if "部分节假日安排" in line or "元旦：" in line or "春节：" in line
    )
    with pytest.raises(NoticeError, match="通知中没有读到：清明节、劳动节、端午节、中秋节、国庆节。"):
        parse_notice(pasted)


@pytest.mark.parametrize(
    ("year", "cut", "missing"),
    [
        (2025, "国庆节、中秋节：", "中秋节、国庆节"),  # one combined item covers both
        (2012, "中秋节、国庆节：", "中秋节、国庆节"),
        (2015, "六、中秋节", "中秋节"),
        (2008, "端午节：", "端午节"),  # the first year with 清明、端午、中秋
        (2007, "“十一”：", "国庆节"),  # before 2008: 元旦、春节、劳动节、国庆节 only
        (2007, "“五一”：", "劳动节"),
    ],
)
def test_a_notice_with_one_holiday_item_removed_is_refused_naming_it(year, cut, missing):
    text = read(year)
    lines = text.splitlines()
    index = line_of(text, cut) - 1
    while not lines[index].strip().endswith("。"):  # 2012: the heading, then the dates on the next line
        del lines[index]
    del lines[index]
    with pytest.raises(NoticeError) as excinfo:
        parse_notice("\n".join(lines))
    assert f"通知中没有读到：{missing}。请粘贴通知全文。" in str(excinfo.value)
