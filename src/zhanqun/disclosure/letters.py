"""Reply letters (告知书) of disclosure requests, from the editable ``LetterTemplate`` s,
as text (the case's reply) and as PDF (reportlab with its built-in CID font
STSong-Light: Chinese text without shipping a font file).

Placeholders: ``{applicant}`` the applicant's name (or organisation), ``{received}`` the
receipt date, ``{number}`` the case number, ``{info}`` the information asked for,
``{unit}`` the handling unit, ``{date}`` the letter's date, ``{reason}`` the outcome's
reason as the national report names it, ``{note}`` the office's explanation and legal
basis, ``{fee}`` a sentence about the fee (empty when free).
"""

from __future__ import annotations

import io
from string import Formatter

from django.utils import timezone

from .enums import FeeMethod, Outcome, reason_label
from .models import LetterTemplate

FIELDS = ("applicant", "received", "number", "info", "unit", "date", "reason", "note", "fee")


def template_for(outcome, reason=""):
    return (
        LetterTemplate.objects.filter(outcome=outcome, reason=reason or "").first()
        or LetterTemplate.objects.filter(outcome=outcome, reason="").first()
    )


def _date(value):
    value = timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value
    return f"{value.year}年{value.month}月{value.day}日"


def context(request, *, at=None):
    case = request.case
    fee = ""
    if request.fee_method != FeeMethod.NONE and request.fee_amount:
        fee = f"依据《政府信息公开信息处理费管理办法》，本次收取信息处理费{request.fee_amount}元。"
    return {
        "applicant": request.organisation or case.submitter_name,
        "received": _date(case.received_at),
        "number": case.number,
        "info": request.info_description,
        "unit": case.unit.name if case.unit else "",
        "date": _date(at or timezone.now()),
        "reason": reason_label(request.outcome, request.outcome_reason) if request.outcome else "",
        "note": request.outcome_note or "无",
        "fee": fee,
    }


class _Safe(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render(request, *, at=None) -> tuple[str, str]:
    """(title, body) of the letter for the request's outcome."""
    template = template_for(request.outcome, request.outcome_reason)
    if template is None:
        label = Outcome(request.outcome).label if request.outcome else ""
        return f"政府信息公开申请答复告知书（{label}）", ""
    values = _Safe(context(request, at=at))
    # Only named fields; an unknown or positional placeholder is left as written.
    names = {name for _text, name, _spec, _conv in Formatter().parse(template.body) if name}
    if any(not n.isidentifier() for n in names):
        return template.title, template.body
    return template.title, template.body.format_map(values)


def pdf(title: str, body: str, *, number: str = "") -> bytes:
    """An A4 PDF of the letter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    heading = ParagraphStyle("h", fontName="STSong-Light", fontSize=18, leading=28, alignment=1, wordWrap="CJK")
    small = ParagraphStyle("s", fontName="STSong-Light", fontSize=11, leading=18, alignment=1, wordWrap="CJK")
    text = ParagraphStyle("t", fontName="STSong-Light", fontSize=13, leading=24, wordWrap="CJK", firstLineIndent=0)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm,
        title=title, author="", subject=number,
    )
    story = [Paragraph(_escape(title), heading)]
    if number:
        story.append(Paragraph(_escape(f"（{number}）"), small))
    story.append(Spacer(1, 8 * mm))
    for paragraph in body.split("\n"):
        story.append(Paragraph(_escape(paragraph) or "&nbsp;", text))
    doc.build(story)
    return buffer.getvalue()


def _escape(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
