"""A report as a spreadsheet (openpyxl, with native Excel charts over its own cells) and
as a PDF (ReportLab, STSong-Light, with the charts of ``charts.py``)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import charts, services, tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- xlsx ----------------------------------------------------------------------------------------


def _sheet(book, title, headings, rows, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(list(row))
    for i, heading in enumerate(headings, start=1):
        width = max([len(str(heading))] + [len(str(r[i - 1])) for r in rows if i - 1 < len(r)] + [4])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, width * 2 + 2)
    sheet.freeze_panes = "A2"
    return sheet


def _bar(sheet, title, min_col, max_col, rows, anchor, horizontal=False, stacked=False):
    if not rows:
        return
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.add_data(
        Reference(sheet, min_col=min_col, max_col=max_col, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    chart.height, chart.width = 8 + (rows * 0.4 if horizontal else 0), 18
    sheet.add_chart(chart, anchor)


def xlsx(report) -> bytes:
    book = Workbook()
    data = report.data
    summary = _sheet(book, "概况", [report.title, ""], tables.summary(report), first=True)
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 30

    site_rows = tables.site_rows(report)
    sites = _sheet(book, "站点", tables.SITE_HEADINGS, site_rows)
    _bar(sites, "各站点发布信息", 2, 3, len(site_rows), "K2")

    column_rows = [[s["name"], *row] for s in data["sites"] for row in tables.column_rows(s)]
    _sheet(book, "栏目发布", ["站点", *tables.COLUMN_HEADINGS], column_rows)

    finding_rows = tables.finding_rows(data["findings"])
    findings = _sheet(book, "监测发现", tables.FINDING_HEADINGS, finding_rows)
    _bar(findings, "监测发现：新发现与已消除", 2, 3, len(finding_rows), "F2", horizontal=True)

    case_rows = tables.case_rows(data["cases"])
    cases = _sheet(book, "办件", tables.CASE_HEADINGS, case_rows)
    _bar(cases, "办件：按期与超期", 3, len(tables.CASE_HEADINGS), len(case_rows), "H2", stacked=True)

    _sheet(book, "单位", tables.UNIT_HEADINGS, tables.unit_rows(report))

    headings = tables.ranking_headings(report)
    ranking_rows = tables.ranking_rows(report)
    ranking = _sheet(book, "考评排名", headings, ranking_rows)
    if ranking_rows:
        total_col = len(headings) - 1
        chart = BarChart()
        chart.type = "bar"
        chart.title = "单位考评得分"
        chart.add_data(
            Reference(ranking, min_col=total_col, min_row=1, max_row=len(ranking_rows) + 1), titles_from_data=True
        )
        chart.set_categories(Reference(ranking, min_col=2, min_row=2, max_row=len(ranking_rows) + 1))
        chart.height, chart.width = 8 + len(ranking_rows) * 0.4, 18
        ranking.add_chart(chart, f"{get_column_letter(len(headings) + 2)}2")

    trend_headings, trend_rows = tables.trend_table(report)
    trend = _sheet(book, "评分走势", trend_headings, trend_rows)
    if trend_rows and len(trend_headings) > 1:
        chart = LineChart()
        chart.title = "检查评分走势"
        chart.add_data(
            Reference(trend, min_col=2, max_col=len(trend_headings), min_row=1, max_row=len(trend_rows) + 1),
            titles_from_data=True,
        )
        chart.set_categories(Reference(trend, min_col=1, min_row=2, max_row=len(trend_rows) + 1))
        chart.height, chart.width = 9, 20
        trend.add_chart(chart, f"{get_column_letter(len(trend_headings) + 2)}2")

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def _styles():
    font = charts.font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=6),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", fontName=font, fontSize=11, leading=16, spaceBefore=6, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11),
    }


def _table(headings, rows, styles, widths=None):
    def p(value):
        return Paragraph(escape(str(value)), styles["cell"])

    table = Table([[p(h) for h in headings]] + [[p(v) for v in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def pdf(report) -> bytes:
    styles = _styles()
    data = report.data
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=report.title,
    )
    story = [Paragraph(escape(report.title), styles["title"])]
    story.append(_table(["项目", "数值"], tables.summary(report), styles, widths=[60 * mm, 100 * mm]))

    story.append(Paragraph("一、各站点概况", styles["h2"]))
    story.append(_table(tables.SITE_HEADINGS, tables.site_rows(report), styles))
    story.append(Spacer(1, 4 * mm))
    story.append(charts.trend_chart(data["sites"]))

    story.append(Paragraph("二、监测发现", styles["h2"]))
    if data["findings"]:
        story.append(_table(tables.FINDING_HEADINGS, tables.finding_rows(data["findings"]), styles))
        story.append(charts.findings_chart(data["findings"]))
    else:
        story.append(Paragraph("本期没有监测发现。", styles["body"]))

    story.append(Paragraph("三、来信、找错和依申请公开办理", styles["h2"]))
    story.append(_table(tables.CASE_HEADINGS, tables.case_rows(data["cases"]), styles))
    story.append(charts.cases_chart(data["cases"]))

    story.append(Paragraph("四、单位考评", styles["h2"]))
    rows = services.ranking(report)
    if rows:
        story.append(Paragraph(escape(data["assessment"]["name"]), styles["body"]))
        story.append(_table(tables.ranking_headings(report), tables.ranking_rows(report, rows), styles))
        story.append(charts.ranking_chart(rows))
    else:
        story.append(Paragraph("本期没有参加考评的单位。", styles["body"]))
    story.append(Paragraph("各单位情况", styles["h3"]))
    story.append(_table(tables.UNIT_HEADINGS, tables.unit_rows(report), styles))

    for number, site in enumerate(data["sites"], start=1):
        story.append(PageBreak())
        story.append(Paragraph(f"附{number}　{escape(site['name'])}（{escape(site['hostname'])}）", styles["h2"]))
        card = site["scorecard"]
        if card["trend"]:
            verdict = "合格" if card["passed"] else "单项否决（" + "、".join(card["vetoes_failed"]) + "）"
            scored = f"检查评分 {card['score']:g} / {card['base_score']:g}，{verdict}"
        else:  # no record in the period: no score (full marks would mean nothing)
            scored = "本期没有检查评分记录，不评分"
        story.append(
            Paragraph(
                escape(f"{scored}；本期发布信息 {site['items']} 条，超期发布 {site['late']} 条。"),
                styles["body"],
            )
        )
        if any(c["published"] for c in site["columns"]):
            story.append(charts.columns_chart(site))
        story.append(
            _table(
                tables.COLUMN_HEADINGS,
                tables.column_rows(site),
                styles,
                widths=[70 * mm, 45 * mm, 18 * mm, 18 * mm, 18 * mm],
            )
        )
        if site["findings"]:
            story.append(Paragraph("监测发现", styles["h3"]))
            story.append(KeepTogether(_table(tables.FINDING_HEADINGS, tables.finding_rows(site["findings"]), styles)))
        story.append(Paragraph("办件", styles["h3"]))
        story.append(KeepTogether(_table(tables.CASE_HEADINGS, tables.case_rows(site["cases"]), styles)))
    doc.build(story)
    return out.getvalue()
