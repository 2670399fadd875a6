"""The disclosure catalog as open data (R-DISC-5: open data published in standard form).

``/xxgk/catalog.json`` and ``/xxgk/catalog.csv`` on every public site: the live catalog
entries the site's catalog page lists (a department's site: its unit; the portal: every
unit), narrowed by the same query parameters (``unit``, ``category``, ``year``,
``validity``, ``q``). UTF-8, ISO 8601 dates, one row per item, the fields below — their
names and meaning are a stable interface (docs/disclosure.md): add fields at the end,
never rename or remove one without raising ``FORMAT_VERSION``.
"""

from __future__ import annotations

import csv
import json

from django.utils import timezone

#: (name, 中文名, type, description) of each field, in the CSV's column order.
FIELDS = [
    ("index_number", "索引号", "string", "<单位统一社会信用代码或组织机构代码>/<年份>-<5位序号>，唯一且不重复使用"),
    ("title", "名称", "string", "信息名称"),
    ("summary", "内容概述", "string", "内容概述，可为空"),
    ("unit", "发布单位", "string", "信息所属单位的全称"),
    ("unit_code", "单位代码", "string", "发布单位的统一社会信用代码或组织机构代码"),
    ("issuing_body", "发布机构", "string", "发文机关或发布机构"),
    ("category_code", "类目代码", "string", "公开目录类目代码"),
    ("category", "类目", "string", "公开目录类目名称"),
    ("document_number", "文号", "string", "发文字号，可为空"),
    ("theme", "主题分类", "string", "政策文件的主题分类，可为空"),
    ("doc_type", "体裁分类", "string", "信息体裁，如政策文件、通知公告"),
    ("formed_date", "生成日期", "date", "信息形成日期，YYYY-MM-DD"),
    ("published_at", "发布时间", "datetime", "首次发布时间，ISO 8601，北京时间"),
    ("validity", "有效性代码", "string", "valid 有效 / expired 失效 / repealed 废止 / revised 已修订"),
    ("validity_label", "有效性", "string", "有效性的中文名称"),
    ("validity_changed_on", "失效/废止日期", "date", "有效性变更日期，YYYY-MM-DD，可为空"),
    ("url", "网址", "string", "信息页面的完整网址"),
]
FORMAT_VERSION = 1
FIELD_NAMES = [name for name, *_rest in FIELDS]


def _date(value):
    return value.isoformat() if value else ""


def record(entry, absolute=lambda url: url) -> dict:
    """One catalog entry as an open-data record (``FIELDS``)."""
    code, _sep, _rest = entry.index_number.partition("/")
    return {
        "index_number": entry.index_number,
        "title": entry.title,
        "summary": entry.summary,
        "unit": entry.unit.name,
        "unit_code": code,
        "issuing_body": entry.issuing_body or entry.unit.name,
        "category_code": entry.category_code,
        "category": entry.category_name,
        "document_number": entry.document_number,
        "theme": entry.theme,
        "doc_type": entry.doc_type,
        "formed_date": _date(entry.formed_date),
        "published_at": timezone.localtime(entry.published_at).isoformat() if entry.published_at else "",
        "validity": entry.validity,
        "validity_label": str(entry.get_validity_display()),
        "validity_changed_on": _date(entry.validity_changed_on),
        "url": absolute(entry.url) if entry.url else "",
    }


def _records(entries, absolute):
    for entry in entries.iterator(chunk_size=1000):
        yield record(entry, absolute)


def json_chunks(entries, *, publisher: str, absolute, generated_at=None):
    """The JSON document, in pieces (the catalog may be long):
    ``{"dataset", "format_version", "publisher", "generated_at", "fields", "count", "items"}``."""
    head = {
        "dataset": "政府信息公开目录",
        "format_version": FORMAT_VERSION,
        "publisher": publisher,
        "generated_at": timezone.localtime(generated_at or timezone.now()).isoformat(timespec="seconds"),
        "fields": [{"name": n, "label": label, "type": t, "description": d} for n, label, t, d in FIELDS],
        "count": entries.count(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for n, item in enumerate(_records(entries, absolute)):
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


class _Line:
    def write(self, value):
        return value


def csv_chunks(entries, *, absolute):
    """RFC 4180 CSV in UTF-8 without a byte-order mark; the header row is ``FIELD_NAMES``."""
    writer = csv.writer(_Line())
    yield writer.writerow(FIELD_NAMES)
    for item in _records(entries, absolute):
        yield writer.writerow([item[name] for name in FIELD_NAMES])
