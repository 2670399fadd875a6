"""Import of the national platform's error reports (全国政府网站找错平台 exports), in the
CSV or JSON format documented in docs/interaction.md. No network: the file is read as it
is; a screenshot stays a URL.

All or nothing: every row is checked first and any problem is reported with its row
number before anything is written; the rows are then written in one transaction.
Re-importing a file skips the reports already imported (by the platform's own ``id``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from zhanqun.sitegroup.models import SiteIdentity

from .enums import ErrorSource, ErrorType
from .models import ErrorReport

FIELDS = [
    "id",
    "site_code",
    "page_url",
    "error_type",
    "description",
    "reported_at",
    "forwarded_at",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    "screenshot_url",
]
REQUIRED = ["id", "site_code", "page_url", "description", "reported_at"]
TYPES = {**{c: c for c in ErrorType.values}, **{str(label): code for code, label in ErrorType.choices}}


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportResult:
    rows: int = 0
    created: list = field(default_factory=list)  # case numbers
    skipped: list = field(default_factory=list)  # platform ids already imported


def read_rows(content: str, fmt: str) -> list[tuple[int, dict]]:
    """(row number, row) pairs; CSV rows are numbered as a spreadsheet shows them (the
    header is row 1), JSON rows from 1."""
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
        missing = [f for f in REQUIRED if f not in (reader.fieldnames or [])]
        if missing:
            raise ImportFailed([f"表头缺少列：{', '.join(missing)}（应有 {', '.join(FIELDS)}）"])
        return [(n, row) for n, row in enumerate(reader, start=2)]
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ImportFailed([f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}"]) from exc
    if isinstance(data, dict):
        data = data.get("reports")
    if not isinstance(data, list):
        raise ImportFailed(['JSON 应为问题列表，或 {"reports": [...]}'])
    rows = []
    for n, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise ImportFailed([f"第 {n} 条：应为对象（键值对）"])
        rows.append((n, {k: "" if v is None else str(v) for k, v in row.items()}))
    return rows


def _when(value):
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value.replace("/", "-"))
    if parsed is None:
        try:
            parsed = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(9, 0))
        except ValueError:
            raise ValueError(value) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)  # Beijing time, as the platform writes it
    return parsed


def check_rows(rows, label="第 {n} 行") -> tuple[list[dict], list[str]]:
    sites = {i.site_code: i.site for i in SiteIdentity.objects.select_related("site")}
    url = URLValidator(schemes=["http", "https"])
    email = EmailValidator()
    seen = {}
    clean, problems = [], []
    for n, row in rows:
        where = label.format(n=n)
        row = {k: (row.get(k) or "").strip() for k in FIELDS}
        errors = [f"缺少 {name}" for name in REQUIRED if not row[name]]
        if row["id"] and row["id"] in seen:
            errors.append(f"id {row['id']} 与{label.format(n=seen[row['id']])}重复")
        seen.setdefault(row["id"], n)
        if row["site_code"] and row["site_code"] not in sites:
            errors.append(f"网站标识码 {row['site_code']} 不是本站群的网站")
        for name in ("page_url", "screenshot_url"):
            if row[name]:
                try:
                    url(row[name])
                except ValidationError:
                    errors.append(f"{name} 不是有效的网址：{row[name]}")
        if row["reporter_email"]:
            try:
                email(row["reporter_email"])
            except ValidationError:
                errors.append(f"reporter_email 不是有效的电子邮箱：{row['reporter_email']}")
        error_type = TYPES.get(row["error_type"] or ErrorType.OTHER)
        if error_type is None:
            errors.append(f"未知的问题类型：{row['error_type']}（可用：{'、'.join(str(label) for _c, label in ErrorType.choices)}）")
        times = {}
        for name in ("reported_at", "forwarded_at"):
            try:
                times[name] = _when(row[name])
            except ValueError:
                errors.append(f"{name} 不是有效的时间：{row[name]}（如 2026-09-30 10:00:00）")
        if times.get("reported_at") and times.get("forwarded_at") and times["forwarded_at"] < times["reported_at"]:
            errors.append("forwarded_at 早于 reported_at")
        if len(row["id"]) > 64:
            errors.append("id 超过 64 个字符")
        if errors:
            problems.append(f"{where}：" + "；".join(errors))
            continue
        clean.append(
            {
                **row,
                "site": sites[row["site_code"]],
                "error_type": error_type,
                "reported_at": times["reported_at"],
                "received_at": times["forwarded_at"] or times["reported_at"],
            }
        )
    return clean, problems


def import_errors(content: str, fmt: str = "csv", *, dry_run: bool = False) -> ImportResult:
    """Import the reports of one export file; raise ``ImportFailed`` listing every bad row
    (nothing is written then). ``dry_run`` checks and counts without writing."""
    from .services import submit_error_report

    fmt = fmt.lower()
    if fmt not in ("csv", "json"):
        raise ImportFailed([f"不支持的格式：{fmt}（csv 或 json）"])
    rows = read_rows(content, fmt)
    clean, problems = check_rows(rows, "第 {n} 行" if fmt == "csv" else "第 {n} 条")
    if problems:
        raise ImportFailed(problems)
    result = ImportResult(rows=len(rows))
    existing = set(ErrorReport.objects.filter(national_id__in=[r["id"] for r in clean]).values_list("national_id", flat=True))
    with transaction.atomic():
        for row in clean:
            if row["id"] in existing:
                result.skipped.append(row["id"])
                continue
            if dry_run:
                result.created.append(f"({row['id']})")
                continue
            case = submit_error_report(
                row["site"],
                page_url=row["page_url"],
                error_type=row["error_type"],
                description=row["description"],
                submitter={"name": row["reporter_name"], "phone": row["reporter_phone"], "email": row["reporter_email"]},
                screenshot_url=row["screenshot_url"],
                source=ErrorSource.NATIONAL,
                national_id=row["id"],
                received_at=row["received_at"],
                submitted_at=row["reported_at"],
            )
            result.created.append(case.number)
    return result
