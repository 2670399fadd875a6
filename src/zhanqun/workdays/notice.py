"""Read the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

Pure Python, no Django: ``parse_notice(text, year=None)`` returns a
:class:`NoticeSchedule` with every holiday (放假) and make-up working day (调休上班)
of the notice, or raises :class:`NoticeError` listing every line it could not read.

What it reads (the wording changed over the years; fixtures of the 2007, 2008,
2012, 2015, 2016, 2020, 2024, 2025 and 2026 notices are in ``tests/data/notices``):

* one item per holiday, ``一、元旦：…`` (also ``1.``, ``——`` or no numbering), whose
  heading is made of holiday names (``国庆节、中秋节``, ``“五一”国际劳动节``);
* full-width or half-width punctuation and digits (the text is NFKC-normalised);
* dates ``2026年1月1日``, ``1月1日``, ``3日`` (month and year carried over from the
  previous date of the item), ranges with 至, —, -, ~ or 到;
* a bracket after a date: the weekday (星期四, 周四) is checked against the date, the
  rest (农历除夕, 农历腊月二十八, 清明节, 大年初六) is a remark and is ignored;
* ``…放假，共3天`` / ``放假1天`` (the day count is checked against the dates),
  ``放假，与周末连休`` (only the named day is a holiday; the weekend is a weekend),
  ``4月6日（星期一）补休`` (a holiday), ``2月14日（周六）上班`` (a make-up working day);
* 2007/2008-style explanations (``为法定节假日``, ``照常公休``, ``公休日调至…``) are
  read as explanations and add nothing;
* ``鼓励……休息`` sentences (2024: 除夕) are advice, not a holiday;
* a 元旦 that starts in the previous December (2008: ``2007年12月30日—2008年1月1日``;
  ``12月29日（星期六）上班`` in the 元旦 item means the previous December).

It refuses, naming the line, rather than guess: an item whose heading is not a
holiday it knows (``八、纪念日：9月3日……``), a line outside the items that reads like
a schedule (a date range, 上班, 补休), a clause with dates it cannot
classify, a weekday that does not match its date, a day count that does not match,
a make-up day on a Monday–Friday, a date listed twice, a date outside the year, an
impossible date, no year, no holiday item — and a text that lacks an item for one of
the year's statutory holidays (元旦、春节、清明节、劳动节、端午节、中秋节、国庆节; before
2008 only 元旦、春节、劳动节、国庆节): a pasted fragment must not be saved as the whole
year. A combined item (国庆节、中秋节) covers both holidays.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = ["NoticeError", "NoticeItem", "NoticeSchedule", "parse_notice", "statutory_holidays"]

WEEKDAYS = "一二三四五六日"
WEEKDAY_LABELS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]

#: Words a holiday item's heading is made of (after removing quotes).
HOLIDAY_WORDS = (
    "元旦",
    "春节",
    "清明节",
    "清明",
    "劳动节",
    "国际劳动节",
    "五一国际劳动节",
    "五一",
    "端午节",
    "端午",
    "中秋节",
    "中秋",
    "国庆节",
    "国庆",
    "十一",
    "中国人民抗日战争暨世界反法西斯战争胜利纪念日",
    "抗战胜利纪念日",
)

#: The statutory holiday (法定节假日) each holiday word names; 抗战胜利纪念日 (2015) is none.
STATUTORY_NAME = {
    "元旦": "元旦",
    "春节": "春节",
    "清明节": "清明节",
    "清明": "清明节",
    "劳动节": "劳动节",
    "国际劳动节": "劳动节",
    "五一国际劳动节": "劳动节",
    "五一": "劳动节",
    "端午节": "端午节",
    "端午": "端午节",
    "中秋节": "中秋节",
    "中秋": "中秋节",
    "国庆节": "国庆节",
    "国庆": "国庆节",
    "十一": "国庆节",
}


def statutory_holidays(year: int) -> tuple[str, ...]:
    """The holidays every notice for ``year`` has an item for.

    清明节、端午节 and 中秋节 became statutory holidays in 2008 (国务院令第513号);
    before that a notice covered 元旦、春节、劳动节 (“五一”) and 国庆节 (“十一”).
    """
    if year < 2008:
        return ("元旦", "春节", "劳动节", "国庆节")
    return ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


_ITEM = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.]|\d{1,2}\s*[、.]|\(\s*[一二三四五六七八九十\d]+\s*\)|[—-]{1,2})?"
    r"\s*(?P<name>[^:,。;()]{1,30}?)\s*:\s*(?P<body>.*)$"
)
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"(?:\s*\((?P<note>[^()]*)\))?"
)
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)\s*([一二三四五六日天])")
_TOKEN = re.compile(r"\u27e6(\d+)\u27e7")
_RANGE = re.compile(r"\u27e6(\d+)\u27e7\s*(?:至|到|—+|–|-|~|〜)\s*\u27e6(\d+)\u27e7")
_COUNT = re.compile(r"(?:共|放假)\s*(\d+)\s*天")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日")
_PREAMBLE_YEAR = re.compile(r"现将\s*(\d{4})\s*年")
_NUMBER = re.compile(r"国办发(?:明电)?\s*[〔\[(]\s*(\d{4})\s*[〕\])]\s*(\d+)\s*号")
_SIGNED = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.]|\d{1,2}\s*[、.])\s*(?P<name>[^:,。;]{1,30}?)\s*:")
_LOOKS_LIKE_SCHEDULE = re.compile(r"上班|补休|\d\s*日\s*(?:\([^()]*\))?\s*(?:至|到|—+|–|-|~|〜)\s*(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日")
_INFO_WORDS = ("调至", "法定节假日", "法定假日", "公休", "为周末")
_MAX_RANGE_DAYS = 15


@dataclass(frozen=True)
class NoticeItem:
    """One holiday item of the notice (一、元旦：…) and what it yields."""

    line: int
    name: str
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


@dataclass
class NoticeSchedule:
    """Everything read from one notice."""

    year: int
    items: list[NoticeItem] = field(default_factory=list)
    #: 国办发明电〔2025〕7号, when the text carries it.
    number: str = ""
    #: The date under the signature (国务院办公厅 / 2025年11月4日), when present.
    published_on: date | None = None

    @property
    def holidays(self) -> dict[date, str]:
        return {d: item.name for item in self.items for d in item.holidays}

    @property
    def workdays(self) -> dict[date, str]:
        return {d: f"{item.name}调休" for item in self.items for d in item.workdays}

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "holidays": [d.isoformat() for d in sorted(self.holidays)],
            "workdays": [d.isoformat() for d in sorted(self.workdays)],
        }


class NoticeError(ValueError):
    """The text could not be read fully; ``errors`` holds (line number or None, message)."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        self.errors = errors
        super().__init__("\n".join(self.messages()))

    def messages(self) -> list[str]:
        return [f"第 {line} 行：{msg}" if line else msg for line, msg in self.errors]


@dataclass
class _Date:
    value: date
    explicit_year: bool


def _normalise(line: str) -> str:
    text = unicodedata.normalize("NFKC", line)
    return text.replace("“", "").replace("”", "").replace('"', "").replace("\u3000", " ")


def _heading_name(raw: str) -> str | None:
    """The item's holiday name if every part of the heading is a holiday word."""
    name = re.sub(r"\s+", "", raw)
    parts = _heading_parts(name)
    if parts and all(p in HOLIDAY_WORDS for p in parts):
        return name
    return None


def _heading_parts(name: str) -> list[str]:
    return [p for p in re.split(r"[、和及与]", name) if p]


def _quote(line: str) -> str:
    text = line.strip()
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


class _Reader:
    def __init__(self, year: int):
        self.year = year
        self.errors: list[tuple[int | None, str]] = []

    def error(self, line: int, raw: str, message: str) -> None:
        self.errors.append((line, f"{message}（{_quote(raw)}）"))

    # -- one item ------------------------------------------------------------------------
    def read_item(self, line: int, raw: str, name: str, body: str) -> NoticeItem | None:
        errors_before = len(self.errors)
        new_year = "元旦" in name
        dates: list[_Date | None] = []
        month: int | None = None
        year: int | None = None

        def replace(match: re.Match) -> str:
            nonlocal month, year
            y, m, d = match.group("y"), match.group("m"), match.group("d")
            if m is not None:
                month = int(m)
            if month is None:
                self.error(line, raw, f"“{match.group(0)}”没有写月份，无法确定日期")
                dates.append(None)
                return f"\u27e6{len(dates) - 1}\u27e7"
            if y is not None:
                the_year = int(y)
            elif m is None and year is not None:
                the_year = year  # "3日" after "2008年1月1日": same month and year
            else:
                # a December in the 元旦 item is the previous December (2008: 12月29日上班)
                the_year = self.year - 1 if (new_year and month == 12) else self.year
            year = the_year
            try:
                value = date(the_year, month, int(d))
            except ValueError:
                self.error(line, raw, f"“{match.group(0)}”不是有效日期")
                dates.append(None)
                return f"\u27e6{len(dates) - 1}\u27e7"
            note = match.group("note") or ""
            wd = _WEEKDAY.search(note)
            if wd:
                written = WEEKDAYS.index("日" if wd.group(1) == "天" else wd.group(1))
                if written != value.weekday():
                    self.error(
                        line,
                        raw,
                        f"{value.month}月{value.day}日写的是{WEEKDAY_LABELS[written]}，"
                        f"但 {value.isoformat()} 是{WEEKDAY_LABELS[value.weekday()]}",
                    )
            dates.append(_Date(value, y is not None))
            return f"\u27e6{len(dates) - 1}\u27e7"

        text = _DATE.sub(replace, body)
        # remaining brackets: remarks without dates go, brackets around dates open up
        text = re.sub(r"\([^()\u27e6]*\)", "", text)
        text = text.replace("(", "").replace(")", "")

        holidays: list[date] = []
        workdays: list[date] = []
        for sentence in re.split(r"[。;]", text):
            if not _TOKEN.search(sentence) or "鼓励" in sentence:
                continue
            pending = ""
            for clause in re.split(r"[,:]", sentence):
                clause = pending + clause
                pending = ""
                tokens = [int(i) for i in _TOKEN.findall(clause)]
                if not tokens:
                    continue
                words = _TOKEN.sub("", clause).replace("放假公休", "放假")  # 2012: 放假公休
                is_info = any(w in words for w in _INFO_WORDS)
                is_work = "上班" in words
                is_off = "放假" in words or "补休" in words
                if is_info and not is_work and not is_off:
                    continue  # 为法定节假日, 照常公休, 公休日调至…: explanations only
                if is_work + is_off + is_info > 1:
                    self.error(line, raw, f"看不懂“{_TOKEN.sub('…', clause).strip()}”：哪天放假、哪天上班不清楚")
                    continue
                if not is_work and not is_off:
                    if re.fullmatch(r"[\s\u27e6\u27e70-9、和及]*", clause):
                        pending = clause  # "4月4日（清明节），为法定节假日": read with the next clause
                        continue
                    self.error(line, raw, f"看不懂“{_TOKEN.sub('…', clause).strip()}”中的日期是放假还是上班")
                    continue
                if any(dates[i] is None for i in tokens):
                    continue
                if is_work:
                    workdays.extend(dates[i].value for i in tokens)  # type: ignore[union-attr]
                    continue
                in_range: set[int] = set()
                for start_i, end_i in _RANGE.findall(clause):
                    a, b = dates[int(start_i)].value, dates[int(end_i)].value  # type: ignore[union-attr]
                    in_range |= {int(start_i), int(end_i)}
                    if b < a or (b - a).days >= _MAX_RANGE_DAYS:
                        self.error(line, raw, f"{a.isoformat()} 至 {b.isoformat()} 不是有效的放假区间")
                        continue
                    holidays.extend(a + timedelta(days=k) for k in range((b - a).days + 1))
                holidays.extend(dates[i].value for i in tokens if i not in in_range)  # type: ignore[union-attr]
            if pending:
                self.error(line, raw, f"看不懂“{_TOKEN.sub('…', pending).strip()}”中的日期是放假还是上班")

        counts = [int(n) for n in _COUNT.findall(text)]
        if counts and counts[0] != len(set(holidays)):
            self.error(
                line,
                raw,
                f"写的是共 {counts[0]} 天，但列出的放假日期是 {len(set(holidays))} 天",
            )
        if not holidays:
            self.error(line, raw, f"{name}没有读到任何放假日期")
        if len(self.errors) > errors_before:
            return None
        return NoticeItem(line, name, tuple(sorted(set(holidays))), tuple(sorted(set(workdays))))


def parse_notice(text: str, year: int | None = None) -> NoticeSchedule:
    """Read a notice's text; raise :class:`NoticeError` naming every line it cannot read."""
    raw_lines = text.splitlines()
    lines = [_normalise(line) for line in raw_lines]
    whole = "\n".join(lines)
    errors: list[tuple[int | None, str]] = []

    found = _TITLE_YEAR.search(whole) or _PREAMBLE_YEAR.search(whole)
    text_year = int(found.group(1)) if found else None
    if year is None:
        year = text_year
    elif text_year is not None and text_year != year:
        raise NoticeError([(None, f"通知写的是 {text_year} 年的安排，与指定的年份 {year} 不一致")])
    if year is None:
        raise NoticeError([(None, "无法确定年份：文中没有“关于××年部分节假日安排的通知”或“现将××年”，请指定年份")])
    if not 2000 <= year <= 2100:
        raise NoticeError([(None, f"年份 {year} 无效")])

    reader = _Reader(year)
    schedule = NoticeSchedule(year=year)
    number = _NUMBER.search(whole)
    if number:
        schedule.number = f"国办发明电〔{number.group(1)}〕{number.group(2)}号"

    # items, with their continuation lines joined (a body that does not end in 。)
    items: list[tuple[int, str, str, str]] = []
    open_item = False
    for index, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            open_item = False
            continue
        match = _ITEM.match(line)
        name = _heading_name(match.group("name")) if match else None
        if name is not None:
            items.append((index, raw_lines[index - 1], name, match.group("body")))  # type: ignore[union-attr]
            open_item = not stripped.endswith("。")
            continue
        if open_item and items:
            number_, raw, name_, body = items[-1]
            items[-1] = (number_, raw + stripped, name_, body + stripped)
            open_item = not stripped.endswith("。")
            continue
        if _DATE.search(line):
            numbered = _NUMBERED.match(line)
            if numbered:
                errors.append(
                    (index, f"“{numbered.group('name').strip()}”不是能识别的节日名称（{_quote(raw_lines[index - 1])}）")
                )
                continue
            if _LOOKS_LIKE_SCHEDULE.search(line):
                errors.append(
                    (
                        index,
                        "这一行像是放假安排，但不在“一、元旦：……”这样的条目中"
                        f"（{_quote(raw_lines[index - 1])}）",
                    )
                )
                continue
        signed = _SIGNED.match(line)
        if signed:
            try:
                schedule.published_on = date(*map(int, signed.groups()))
            except ValueError:
                errors.append((index, f"落款日期无效（{_quote(raw_lines[index - 1])}）"))

    if not items:
        raise NoticeError(errors + [(None, "没有找到放假安排条目（应为“一、元旦：1月1日放假……”这样的行）")])

    seen_names: dict[str, int] = {}
    seen_dates: dict[date, int] = {}
    for line, raw, name, body in items:
        if name in seen_names:
            reader.error(line, raw, f"{name}已在第 {seen_names[name]} 行出现")
            continue
        seen_names[name] = line
        item = reader.read_item(line, raw, name, body)
        if item is None:
            continue
        ok = True
        for day in item.holidays + item.workdays:
            allowed = day.year == year or ("元旦" in name and day.year == year - 1 and day.month == 12)
            if not allowed:
                reader.error(line, raw, f"{day.isoformat()} 不属于 {year} 年的安排")
                ok = False
            if day in seen_dates:
                reader.error(line, raw, f"{day.isoformat()} 已在第 {seen_dates[day]} 行出现")
                ok = False
        for day in item.workdays:
            if day.weekday() < 5:
                reader.error(
                    line,
                    raw,
                    f"{day.isoformat()} 是{WEEKDAY_LABELS[day.weekday()]}，调休上班日应是星期六或星期日",
                )
                ok = False
        both = set(item.holidays) & set(item.workdays)
        if both:
            reader.error(line, raw, f"{min(both).isoformat()} 同时写成了放假和上班")
            ok = False
        if ok:
            for day in item.holidays + item.workdays:
                seen_dates[day] = line
            schedule.items.append(item)

    errors += reader.errors
    # a fragment (only 元旦 and 春节 pasted) must not pass for the whole year's schedule
    covered = {STATUTORY_NAME.get(part) for _line, _raw, name, _body in items for part in _heading_parts(name)}
    missing = [holiday for holiday in statutory_holidays(year) if holiday not in covered]
    if missing:
        errors.append((None, f"通知中没有读到：{'、'.join(missing)}。请粘贴通知全文。"))
    if errors:
        raise NoticeError(sorted(errors, key=lambda e: e[0] or 0))
    return schedule
