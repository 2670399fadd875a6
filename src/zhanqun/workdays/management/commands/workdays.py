"""`zhanqun workdays …` — query the working-day calendar and import holiday years.

Subcommands::

    zhanqun workdays add 2026-09-28 5            # → 2026-10-10
    zhanqun workdays between 2026-09-28 2026-10-10   # → 5
    zhanqun workdays is-workday 2026-10-10       # → yes
    zhanqun workdays add-hours 2026-11-20T18:00 24   # → 2026-11-23T18:00:00
    zhanqun workdays years                       # covered years and their source
    zhanqun workdays import FILE [--replace]     # load a year (JSON or CSV)
    zhanqun workdays export 2026                 # print a year in the import format
    zhanqun workdays import-notice FILE [--year Y] [--dry-run] [--json] [--replace]
                                                 # read the State Council notice's text

The file format is documented in ``src/zhanqun/workdays/data/README.md``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import chinese_calendar
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhanqun.workdays.calendar import YearNotCovered, chinesecalendar_years
from zhanqun.workdays.models import WEEKDAY_NAMES, CalendarDay, HolidayYear
from zhanqun.workdays.notice import NoticeError, NoticeSchedule, parse_notice
from zhanqun.workdays.services import YearExists, coverage, get_calendar, load_year, missing_next_year

HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY.value, CalendarDay.Kind.WORKDAY.value

#: Accepted spellings of the CSV ``kind`` column.
KIND_ALIASES = {
    "holiday": HOLIDAY,
    "放假": HOLIDAY,
    "休": HOLIDAY,
    "workday": WORKDAY,
    "调休上班": WORKDAY,
    "调休": WORKDAY,
    "上班": WORKDAY,
    "班": WORKDAY,
}


# ---------------------------------------------------------------------------
# argument parsing helpers
# ---------------------------------------------------------------------------
def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError) as exc:
        raise CommandError(
            _("无效日期 %(value)r，应为 YYYY-MM-DD / invalid date %(value)r, expected YYYY-MM-DD")
            % {"value": value}
        ) from exc


def parse_datetime(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError) as exc:
        raise CommandError(
            _(
                "无效时间 %(value)r，应为 YYYY-MM-DDTHH:MM[:SS][+08:00] / invalid datetime "
                "%(value)r, expected YYYY-MM-DDTHH:MM[:SS][+08:00]"
            )
            % {"value": value}
        ) from exc


# ---------------------------------------------------------------------------
# import file format
# ---------------------------------------------------------------------------
@dataclass
class Schedule:
    """One year's schedule read from an import file (validated)."""

    year: int
    notice: str = ""
    published_on: date | None = None
    note: str = ""
    #: (date, kind, name), sorted by date.
    days: list[tuple[date, str, str]] = field(default_factory=list)

    @property
    def holiday_count(self) -> int:
        return sum(1 for _d, kind, _n in self.days if kind == HOLIDAY)

    @property
    def workday_count(self) -> int:
        return sum(1 for _d, kind, _n in self.days if kind == WORKDAY)


class ScheduleFileError(Exception):
    """The import file is invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: list):
        self.errors = errors
        super().__init__("\n".join(errors))


def _entry(raw, where: str, errors: list) -> tuple[str, str] | None:
    """Normalise a JSON day entry: "2027-01-01", ["2027-01-01", "元旦"] or {"date", "name"}."""
    if isinstance(raw, str):
        return raw, ""
    if isinstance(raw, list) and 1 <= len(raw) <= 2 and all(isinstance(x, str) for x in raw):
        return raw[0], (raw[1] if len(raw) == 2 else "")
    if isinstance(raw, dict) and isinstance(raw.get("date"), str):
        return raw["date"], str(raw.get("name") or "")
    errors.append(
        _(
            '%(where)s: 无法识别的条目 %(raw)s，应为 "YYYY-MM-DD" 或 ["YYYY-MM-DD", "名称"] '
            '/ unrecognised entry, expected "YYYY-MM-DD" or ["YYYY-MM-DD", "name"]'
        )
        % {"where": where, "raw": repr(raw)}
    )
    return None


def _read_json(text: str, errors: list) -> tuple[dict, list[tuple[str, str, str, str]]]:
    """Return (metadata, [(where, date text, kind, name)]) from the JSON format."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        errors.append(_("JSON 格式错误 / invalid JSON: %(e)s") % {"e": exc})
        return {}, []
    if not isinstance(data, dict):
        errors.append(str(_("JSON 顶层应为对象 {…} / the JSON top level must be an object")))
        return {}, []
    unknown = set(data) - {"year", "notice", "published_on", "note", "holidays", "workdays"}
    if unknown:
        errors.append(
            _(
                "未知字段 / unknown keys: %(keys)s"
                " (允许 / allowed: year, notice, published_on, note, holidays, workdays)"
            )
            % {"keys": ", ".join(sorted(unknown))}
        )
    rows = []
    for key, kind in (("holidays", HOLIDAY), ("workdays", WORKDAY)):
        entries = data.get(key, [])
        if not isinstance(entries, list):
            errors.append(_('"%(key)s" 应为列表 / "%(key)s" must be a list') % {"key": key})
            continue
        for i, raw in enumerate(entries, start=1):
            where = f"{key}[{i}]"
            parsed = _entry(raw, where, errors)
            if parsed:
                rows.append((where, parsed[0], kind, parsed[1]))
    meta = {k: data.get(k) for k in ("year", "notice", "published_on", "note")}
    return meta, rows


def _read_csv(text: str, errors: list) -> tuple[dict, list[tuple[str, str, str, str]]]:
    """Return (metadata, rows) from the CSV format: header ``date,kind,name``."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "date" not in header or "kind" not in header:
        errors.append(
            str(
                _(
                    "CSV 第一行应为表头 date,kind,name / the first CSV line must be the header "
                    "date,kind,name"
                )
            )
        )
        return {}, []
    rows = []
    for line_no, record in enumerate(reader, start=2):
        record = {(k or "").strip(): (v or "").strip() for k, v in record.items() if k}
        where = _("第 %(n)s 行 / line %(n)s") % {"n": line_no}
        kind = KIND_ALIASES.get(record.get("kind", "").lower())
        if kind is None:
            errors.append(
                _(
                    "%(where)s: 类型 %(kind)s 无效，应为 holiday/放假 或 workday/调休上班"
                    " / invalid kind, expected holiday or workday"
                )
                % {"where": where, "kind": repr(record.get("kind", ""))}
            )
            continue
        rows.append((where, record.get("date", ""), kind, record.get("name", "")))
    return {}, rows


def load_schedule_file(path: Path | str, overrides: dict | None = None) -> Schedule:
    """Read and validate an import file; raise :class:`ScheduleFileError` listing all errors.

    JSON is used for ``*.json`` files, CSV for ``*.csv``; ``overrides`` (from
    command-line options) fill in year / notice / published_on / note.
    """
    path = Path(path)
    errors: list = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleFileError(
            [_("无法读取文件 / cannot read file %(path)s: %(e)s") % {"path": path, "e": exc}]
        ) from exc

    if path.suffix.lower() == ".csv":
        meta, rows = _read_csv(text, errors)
    elif path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        meta, rows = _read_json(text, errors)
    else:
        raise ScheduleFileError(
            [
                _(
                    "无法识别的文件类型 %(name)s，请使用 .json 或 .csv"
                    " / unknown file type, use .json or .csv"
                )
                % {"name": repr(path.name)}
            ]
        )
    for key, value in (overrides or {}).items():
        if value not in (None, ""):
            meta[key] = value

    # dates
    parsed: list[tuple[str, date, str, str]] = []
    for where, text_date, kind, name in rows:
        try:
            day = date.fromisoformat(str(text_date).strip())
        except ValueError:
            errors.append(
                _(
                    "%(where)s: 无效日期 %(value)s，应为 YYYY-MM-DD"
                    " / invalid date, expected YYYY-MM-DD"
                )
                % {"where": where, "value": repr(text_date)}
            )
            continue
        if len(name) > 50:
            errors.append(
                _("%(where)s: 名称过长（最多 50 字）/ name longer than 50 characters")
                % {"where": where}
            )
        parsed.append((where, day, kind, name))

    # year
    year = meta.get("year")
    if year in (None, "") and parsed:
        years = {day.year for _w, day, _k, _n in parsed}
        if len(years) == 1:
            year = years.pop()
    try:
        year = int(year)
        if isinstance(meta.get("year"), bool) or not 2000 <= year <= 2100:
            raise ValueError(year)
    except (TypeError, ValueError):
        errors.append(
            _(
                "年份 %(year)s 无效或缺失（应为 2000–2100 的整数）"
                " / missing or invalid year (an integer 2000–2100)"
            )
            % {"year": repr(meta.get("year"))}
        )
        raise ScheduleFileError(errors) from None

    published_on = meta.get("published_on") or None
    if published_on is not None and not isinstance(published_on, date):
        try:
            published_on = date.fromisoformat(str(published_on))
        except ValueError:
            errors.append(
                _("published_on %(value)s 不是 YYYY-MM-DD 日期 / is not a YYYY-MM-DD date")
                % {"value": repr(published_on)}
            )
            published_on = None

    seen: dict[date, str] = {}
    days: list[tuple[date, str, str]] = []
    for where, day, kind, name in parsed:
        if day.year != year:
            errors.append(
                _("%(where)s: %(day)s 不属于 %(year)s 年 / %(day)s is not in year %(year)s")
                % {"where": where, "day": day, "year": year}
            )
        if kind == WORKDAY and day.weekday() < 5:
            errors.append(
                _(
                    "%(where)s: %(day)s 是%(weekday)s，调休上班日必须是周六或周日"
                    " / %(day)s is a weekday; a make-up workday must be a Saturday or Sunday"
                )
                % {"where": where, "day": day, "weekday": WEEKDAY_NAMES[day.weekday()]}
            )
        if day in seen:
            errors.append(
                _(
                    "%(where)s: %(day)s 重复（已在 %(first)s 出现）"
                    " / duplicate date, already listed at %(first)s"
                )
                % {"where": where, "day": day, "first": seen[day]}
            )
            continue
        seen[day] = where
        days.append((day, kind, name))

    if not any(kind == HOLIDAY for _d, kind, _n in days) and not errors:
        errors.append(
            _("文件中没有 %(year)s 年的任何放假日 / the file lists no holidays for %(year)s")
            % {"year": year}
        )
    if errors:
        raise ScheduleFileError(errors)
    return Schedule(
        year=year,
        notice=str(meta.get("notice") or ""),
        published_on=published_on,
        note=str(meta.get("note") or ""),
        days=sorted(days),
    )


def format_schedule_json(data: dict) -> str:
    """JSON in the import format, one day per line (diff-friendly, easy to review)."""

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for key in ("year", "notice", "published_on", "note"):
        lines.append(f"  {dump(key)}: {dump(data.get(key))},")
    for key in ("holidays", "workdays"):
        entries = data.get(key) or []
        body = ",\n".join(f"    {dump(entry)}" for entry in entries)
        closing = "," if key == "holidays" else ""
        lines.append(
            f"  {dump(key)}: [\n{body}\n  ]{closing}" if entries else f"  {dump(key)}: []{closing}"
        )
    lines.append("}")
    return "\n".join(lines)


def save_schedule(
    schedule: Schedule, replace: bool = False, *, user=None, origin: str = "import"
) -> HolidayYear:
    """Write a schedule as a manual year, all or nothing, through ``services.load_year``."""
    holidays = {day: name for day, kind, name in schedule.days if kind == HOLIDAY}
    workdays = {day: name for day, kind, name in schedule.days if kind == WORKDAY}
    try:
        return load_year(
            schedule.year,
            holidays,
            workdays,
            notice=schedule.notice,
            published_on=schedule.published_on,
            note=schedule.note,
            replace=replace,
            user=user,
            origin=origin,
        )
    except YearExists as exc:
        existing = exc.holiday_year
        raise CommandError(
            _(
                "%(year)s 年已有数据库中的安排（%(source)s，%(count)s 个日期），未做任何修改。"
                "如确需覆盖，请加 --replace。 / Year %(year)s already exists in the database "
                "(%(count)s dates); nothing was changed. Pass --replace to overwrite it."
            )
            % {
                "year": schedule.year,
                "source": existing.get_source_display(),
                "count": existing.days.count(),
            }
        ) from exc


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------
class Command(BaseCommand):
    help = str(
        _(
            "工作日历：按法定节假日和调休计算工作日 / Chinese working-day calendar. "
            "子命令 / subcommands: add, between, is-workday, add-hours, years, import, "
            "import-notice, export."
        )
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")

        p = sub.add_parser(
            "add", help=str(_("DATE 之后第 N 个工作日（当天不计）/ the Nth working day after DATE"))
        )
        p.add_argument("date", help="YYYY-MM-DD")
        p.add_argument("n", type=int, help=str(_("工作日数 / number of working days (>= 0)")))

        p = sub.add_parser(
            "between",
            help=str(_("两日期之间的工作日数（不含起日，含止日）/ working days in (START, END]")),
        )
        p.add_argument("start", help="YYYY-MM-DD")
        p.add_argument("end", help="YYYY-MM-DD")

        p = sub.add_parser("is-workday", help=str(_("是否工作日，输出 yes/no / print yes or no")))
        p.add_argument("date", help="YYYY-MM-DD")

        p = sub.add_parser(
            "add-hours",
            help=str(_("只在工作日计时的 N 小时之后 / add hours that elapse on working days only")),
        )
        p.add_argument("datetime", help="YYYY-MM-DDTHH:MM (北京时间 / Beijing time if naive)")
        p.add_argument("hours", type=float)

        sub.add_parser("years", help=str(_("已覆盖的年份及来源 / covered years and their source")))

        p = sub.add_parser(
            "import",
            help=str(_("从 JSON/CSV 文件导入一年的安排 / import a year from a JSON or CSV file")),
        )
        p.add_argument("file", help="*.json / *.csv (见 / see workdays/data/README.md)")
        p.add_argument(
            "--replace",
            action="store_true",
            help=str(_("覆盖数据库中已有的该年安排 / overwrite the year if it exists")),
        )
        p.add_argument("--year", type=int, help=str(_("年份（CSV 用）/ year (for CSV)")))
        p.add_argument("--notice", help=str(_("公告文号 / notice number")))
        p.add_argument("--published-on", help=str(_("发布日期 / publication date")))
        p.add_argument("--note", help=str(_("备注 / note")))

        p = sub.add_parser(
            "import-notice",
            help=str(
                _(
                    "读取国务院办公厅《关于××年部分节假日安排的通知》原文并保存该年"
                    " / read the State Council holiday notice's text and save the year"
                )
            ),
        )
        p.add_argument("file", help=str(_("通知原文（纯文本，UTF-8 或 GBK）；- 表示标准输入 / text file, - for stdin")))
        p.add_argument("--year", type=int, help=str(_("年份（文中没有标题时必填）/ year, if the text has no title")))
        p.add_argument(
            "--dry-run",
            action="store_true",
            help=str(_("只列出读到的日期，不保存 / list what was read, save nothing")),
        )
        p.add_argument(
            "--json",
            action="store_true",
            help=str(
                _('输出 {"year", "holidays", "workdays"}（ISO 日期），不保存 / print JSON, save nothing')
            ),
        )
        p.add_argument(
            "--replace",
            action="store_true",
            help=str(_("覆盖数据库中已有的该年安排 / overwrite the year if it exists")),
        )

        p = sub.add_parser(
            "export",
            help=str(_("以导入格式输出某年安排 / print a year in the import format (JSON)")),
        )
        p.add_argument("year", type=int)

    def handle(self, *args, **options):
        handler = {
            "add": self.handle_add,
            "between": self.handle_between,
            "is-workday": self.handle_is_workday,
            "add-hours": self.handle_add_hours,
            "years": self.handle_years,
            "import": self.handle_import,
            "import-notice": self.handle_import_notice,
            "export": self.handle_export,
        }[options["subcommand"]]
        try:
            handler(options)
        except YearNotCovered as exc:
            raise CommandError(str(exc)) from exc

    # -- queries -----------------------------------------------------------
    def handle_add(self, options):
        start, n = parse_date(options["date"]), options["n"]
        if n < 0:
            raise CommandError(_("工作日数不能为负数 / N must not be negative: %(n)s") % {"n": n})
        self.stdout.write(get_calendar().add_workdays(start, n).isoformat())

    def handle_between(self, options):
        start, end = parse_date(options["start"]), parse_date(options["end"])
        self.stdout.write(str(get_calendar().workdays_between(start, end)))

    def handle_is_workday(self, options):
        day = parse_date(options["date"])
        self.stdout.write("yes" if get_calendar().is_workday(day) else "no")

    def handle_add_hours(self, options):
        start, hours = parse_datetime(options["datetime"]), options["hours"]
        if hours < 0:
            raise CommandError(
                _("小时数不能为负数 / hours must not be negative: %(h)s") % {"h": hours}
            )
        self.stdout.write(get_calendar().add_hours(start, hours).isoformat())

    def handle_years(self, options):
        rows = coverage()
        for row in rows:
            parts = [str(row.year), row.source]
            if row.db_days:
                parts.append(str(_("%(n)s 个日期 / %(n)s dates") % {"n": row.db_days}))
            if row.notice:
                parts.append(row.notice)
            self.stdout.write("\t".join(parts))
        covered = {row.year for row in rows}
        next_year = timezone.localdate().year + 1
        if next_year not in covered:
            urgent = missing_next_year() == next_year  # from 1 November
            self.stderr.write(
                _(
                    "%(level)s：%(year)s 年的放假安排尚未录入，跨入 %(year)s 年的期限只能暂定。国务院办公厅"
                    "发布《关于%(year)s年部分节假日安排的通知》后，用 zhanqun workdays import-notice 通知.txt"
                    " 导入，或在“设置 → 工作日历 → 从通知导入”中粘贴原文。"
                    " / %(year)s is not covered yet; load it from the State Council notice."
                )
                % {"year": next_year, "level": _("警告") if urgent else _("提示")}
            )

    def handle_export(self, options):
        year = options["year"]
        calendar = get_calendar()
        calendar.require_year(year)
        db_year = HolidayYear.objects.filter(year=year).first()
        data = {
            "year": year,
            "notice": db_year.notice if db_year else "",
            "published_on": (
                db_year.published_on.isoformat() if db_year and db_year.published_on else None
            ),
            "note": db_year.note if db_year else f"chinesecalendar {chinese_calendar.__version__}",
            "holidays": [
                [d.isoformat(), calendar.name_of(d)]
                for d in sorted(calendar.holidays)
                if d.year == year
            ],
            "workdays": [
                [d.isoformat(), calendar.name_of(d)]
                for d in sorted(calendar.makeup_workdays)
                if d.year == year
            ],
        }
        self.stdout.write(format_schedule_json(data))

    # -- import --------------------------------------------------------------
    def handle_import(self, options):
        overrides = {
            "year": options.get("year"),
            "notice": options.get("notice"),
            "published_on": options.get("published_on"),
            "note": options.get("note"),
        }
        try:
            schedule = load_schedule_file(options["file"], overrides)
        except ScheduleFileError as exc:
            raise CommandError(
                _(
                    "导入文件 %(file)s 有 %(n)s 处错误，未写入任何数据 / %(n)s error(s) in "
                    "%(file)s, nothing was written:\n%(errors)s"
                )
                % {
                    "file": options["file"],
                    "n": len(exc.errors),
                    "errors": "\n".join(f"  - {e}" for e in exc.errors),
                }
            ) from exc

        if schedule.year in chinesecalendar_years():
            self.stderr.write(
                _(
                    "注意：chinesecalendar 包已包含 %(year)s 年的数据；导入后该年以本文件为准。"
                    " / Note: the chinesecalendar package covers %(year)s; the imported "
                    "schedule replaces the package data for that year."
                )
                % {"year": schedule.year}
            )
        try:
            save_schedule(schedule, replace=options.get("replace", False))
        except ValidationError as exc:
            raise CommandError(
                _("数据校验失败，未写入任何数据 / validation failed, nothing was written: %(e)s")
                % {"e": "; ".join(exc.messages)}
            ) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("数据库写入失败，未写入任何数据 / database error, nothing was written: %(e)s")
                % {"e": exc}
            ) from exc
        self.stdout.write(
            _(
                "已导入 %(year)s 年：放假 %(h)s 天，调休上班 %(w)s 天。"
                " / Imported %(year)s: %(h)s holiday(s), %(w)s make-up workday(s)."
            )
            % {"year": schedule.year, "h": schedule.holiday_count, "w": schedule.workday_count}
        )

    # -- import-notice ---------------------------------------------------------------
    def _read_text(self, name: str) -> str:
        if name == "-":
            stream = sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        else:
            try:
                data = Path(name).read_bytes()
            except OSError as exc:
                raise CommandError(
                    _("无法读取文件 / cannot read file %(path)s: %(e)s") % {"path": name, "e": exc}
                ) from exc
        if isinstance(data, str):
            return data
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise CommandError(_("文件既不是 UTF-8 也不是 GBK 编码 / the file is neither UTF-8 nor GBK"))

    def handle_import_notice(self, options):
        text = self._read_text(options["file"])
        try:
            schedule = parse_notice(text, options.get("year"))
        except NoticeError as exc:
            raise CommandError(
                _("通知有 %(n)s 处没有读懂，未写入任何数据：\n%(errors)s")
                % {"n": len(exc.errors), "errors": "\n".join(f"  - {m}" for m in exc.messages())}
            ) from exc
        if options.get("json"):
            self.stdout.write(json.dumps(schedule.as_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_notice(schedule))
        if options.get("dry_run"):
            self.stdout.write(str(_("（试运行，未保存）/ dry run, nothing saved")))
            return
        if schedule.year in chinesecalendar_years():
            self.stderr.write(
                _(
                    "注意：chinesecalendar 包已包含 %(year)s 年的数据；保存后该年以通知为准。"
                    " / Note: the package covers %(year)s; the notice replaces its data for that year."
                )
                % {"year": schedule.year}
            )
        try:
            load_year(
                schedule.year,
                schedule.holidays,
                schedule.workdays,
                notice=schedule.number or _("国务院办公厅关于%(year)s年部分节假日安排的通知") % {"year": schedule.year},
                published_on=schedule.published_on,
                note=str(_("由通知原文导入")),
                replace=options.get("replace", False),
                origin="notice",
            )
        except YearExists as exc:
            raise CommandError(
                _(
                    "%(year)s 年已有数据库中的安排，未做任何修改。如确需覆盖，请加 --replace。"
                    " / Year %(year)s already exists; nothing was changed. Pass --replace to overwrite it."
                )
                % {"year": schedule.year}
            ) from exc
        except ValidationError as exc:
            raise CommandError(
                _("数据校验失败，未写入任何数据 / validation failed, nothing was written: %(e)s")
                % {"e": "; ".join(exc.messages)}
            ) from exc
        self.stdout.write(
            _("已保存 %(year)s 年：放假 %(h)s 天，调休上班 %(w)s 天。")
            % {"year": schedule.year, "h": len(schedule.holidays), "w": len(schedule.workdays)}
        )


def format_notice(schedule: NoticeSchedule) -> str:
    """The schedule read from a notice, one holiday item per line (the console preview)."""

    def day(d: date) -> str:
        return f"{d.month}月{d.day}日" if d.year == schedule.year else f"{d.year}年{d.month}月{d.day}日"

    lines = [str(_("%(year)s 年节假日安排：") % {"year": schedule.year})]
    for item in schedule.items:
        off = "、".join(day(d) for d in item.holidays)
        line = f"  {item.name}：{_('放假')} {off}（{len(item.holidays)} 天）"
        if item.workdays:
            work = "、".join(f"{day(d)}（{WEEKDAY_NAMES[d.weekday()]}）" for d in item.workdays)
            line += f"；{_('调休上班')} {work}"
        lines.append(line)
    lines.append(
        str(
            _("合计：放假 %(h)s 天，调休上班 %(w)s 天。")
            % {"h": len(schedule.holidays), "w": len(schedule.workdays)}
        )
    )
    return "\n".join(lines)
