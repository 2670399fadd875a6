"""CSV and XLSX files of review records (R-PUB-10): offices file them as spreadsheets.

CSV is UTF-8 with a byte-order mark so that Excel opens Chinese text correctly;
cells that a spreadsheet would take for a formula are written as text.
"""

import csv
import io
from urllib.parse import quote

from django.http import HttpResponse

FORMATS = ("csv", "xlsx")
ENTRY_COLUMNS = [
    ("round", "轮次"),
    ("step", "环节"),
    ("decision", "结果"),
    ("user", "处理人"),
    ("time", "时间"),
    ("revision", "版本号"),
    ("revision_at", "版本时间"),
    ("comment", "意见"),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def entry_rows(entries):
    return [[_safe(e.get(key)) for key, _label in ENTRY_COLUMNS] for e in entries]


def spreadsheet_response(filename, headings, rows, fmt, preamble=()):
    """A download of ``rows`` under ``headings``; ``preamble`` rows go above them
    (the item's title, unit …), so a file read on its own says what it is about."""
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="审核记录")

        def cells(values):
            out = []
            for value in values:
                cell = WriteOnlyCell(sheet, _safe(value))
                if cell.data_type == "f":
                    cell.data_type = "s"
                out.append(cell)
            return out

        for row in preamble:
            sheet.append(cells(row))
        if preamble:
            sheet.append([])
        sheet.append(cells(headings))
        for row in rows:
            sheet.append(cells(row))
        body = io.BytesIO()
        workbook.save(body)
        content = body.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = io.StringIO()
        writer = csv.writer(body)
        for row in preamble:
            writer.writerow([_safe(v) for v in row])
        if preamble:
            writer.writerow([])
        writer.writerow(headings)
        writer.writerows(rows)
        content = ("\ufeff" + body.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}.{fmt}')}"
    return response


def entries_response(filename, entries, fmt, preamble=()):
    return spreadsheet_response(filename, [label for _key, label in ENTRY_COLUMNS], entry_rows(entries), fmt, preamble)
