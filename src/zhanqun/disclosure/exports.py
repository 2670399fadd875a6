"""CSV and XLSX responses (openpyxl) for the catalog and the annual report."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.csv"
    response.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM correctly
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def workbook(sheets):
    """``sheets``: [(title, header, rows)] → an openpyxl Workbook."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        if header:
            sheet.append(list(header))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
    return book


def xlsx_response(filename, sheets):
    buffer = io.BytesIO()
    workbook(sheets).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.xlsx"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)
