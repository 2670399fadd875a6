"""收件处理单: a letter's handling slip as a PDF (R-INT-1), drawn with ReportLab and its
built-in Adobe CID font STSong-Light (宋体), so no font file is needed anywhere.

The slip carries the letter's registration (number, time, channel, mailbox, category,
complexity, deadline), the letter (the citizen's data masked, as every page shows it), the
instructions and the handling so far, and blank boxes for the handwritten 拟办意见,
领导批示 and 办理结果.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zhanqun.cases.enums import EventType

from .enums import Channel, Complexity, LetterCategory

FONT = "STSong-Light"


def _font():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _p(text, style):
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _when(value, fmt="%Y-%m-%d %H:%M"):
    return timezone.localtime(value).strftime(fmt) if value else ""


def letter_slip(case) -> bytes:
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4)
    sub = ParagraphStyle("sub", fontName=font, fontSize=10, leading=14, alignment=TA_CENTER, textColor=colors.grey)
    cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=15)
    head = ParagraphStyle("head", parent=cell, textColor=colors.black)

    letter = getattr(case, "letter", None)
    data = case.data or {}
    masked = case.masked_personal_data()
    reply_clock = case.clocks.filter(code="reply").first()
    instructions = case.events.filter(type=EventType.INSTRUCTION_ADDED)
    handling = case.events.exclude(type=EventType.INSTRUCTION_ADDED)
    site_name = getattr(case.site, "site_name", "") or ""

    def row(*cells):
        return [_p(c, head if i % 2 == 0 else cell) for i, c in enumerate(cells)]

    due = ""
    if reply_clock is not None:
        due = f"{_when(reply_clock.due_at, '%Y-%m-%d')}（{reply_clock.amount:g} 个工作日）"
    rows = [
        row("编号", case.number, "受理时间", _when(case.received_at)),
        row(
            "信箱",
            letter.mailbox.name if letter else "",
            "来信渠道",
            Channel(letter.channel).label if letter else "",
        ),
        row(
            "类别",
            LetterCategory(data["category"]).label if data.get("category") else "",
            "复杂程度",
            Complexity(data["complexity"]).label if data.get("complexity") else "",
        ),
        row("特殊来信", "是" if data.get("special") else "否", "答复期限", due),
        row("来信人", masked["name"], "联系电话", masked["phone"]),
        row("承办单位", case.unit.name if case.unit else "（待交办）", "查询码", "（不打印）"),
        [_p("标题", head), _p(case.subject, cell), "", ""],
        [_p("来信内容", head), _p(case.content, cell), "", ""],
        [
            _p("领导批示", head),
            _p(
                "\n".join(f"{e.actor_name}（{_when(e.at)}）：{e.payload.get('instruction', '')}" for e in instructions)
                or "\n\n\n",
                cell,
            ),
            "",
            "",
        ],
        [
            _p("办理情况", head),
            _p("\n".join(f"{_when(e.at)} {e.get_type_display()} {e.summary}" for e in handling), cell),
            "",
            "",
        ],
        [_p("拟办意见", head), _p("\n\n\n", cell), "", ""],
        [_p("办理结果", head), _p("\n\n\n", cell), "", ""],
    ]
    table = Table(rows, colWidths=[24 * mm, 61 * mm, 24 * mm, 61 * mm])
    spans = [("SPAN", (1, r), (3, r)) for r in range(6, len(rows))]
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f0f0f0")),
                ("BACKGROUND", (2, 0), (2, 5), colors.HexColor("#f0f0f0")),
                *spans,
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"收件处理单 {case.number}",
        author=site_name,
    )
    doc.build(
        [
            _p(f"{site_name}来信收件处理单", title),
            _p(f"打印时间：{_when(timezone.now())}", sub),
            Spacer(1, 4 * mm),
            table,
        ]
    )
    return buffer.getvalue()
