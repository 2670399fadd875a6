"""The annual report (政府信息公开工作年度报告, R-DISC-4) in the national format of
国办公开办函〔2021〕30号, computed from the platform's records.

``build(unit, year)`` returns a plain dict — the **stable JSON structure** documented in
docs/disclosure.md, keyed by the format's own Chinese names — for one unit, or for the
whole government when ``unit`` is None (every unit's requests and documents):

* 二 (主动公开): 规章 and 行政规范性文件 from the catalog (本年制发: first published in
  the year; 本年废止: 废止/失效 dated in the year; 现行有效: valid now); 行政许可,
  行政处罚, 行政强制 and 行政事业性收费 from the figures the office enters on the report
  (the platform does not record them).
* 三 (依申请): 25 rows × 7 columns. 本年新收 = received in the year; 上年结转 = received
  earlier and not finished by 1 January; the outcome rows = finished (replied or closed)
  in the year, by outcome and reason; 结转下年度 = not finished by 31 December.
* 四 (复议、诉讼): 15 columns, the challenges filed in the year with their current result.
* 一, 五, 六: the office's text.

``check(report)`` verifies 一 + 二 = （七）总计 + 四 in every column and that each 总计
equals the sum of its parts; ``publish`` refuses a report that fails.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from .enums import REASONS, ApplicantType, DocumentKind, Outcome, ReviewKind, ReviewResult
from .models import CatalogEntry, DisclosureRequest, LegalChallenge

FORMAT = "国办公开办函〔2021〕30号"

SECTION_1 = "一、总体情况"
SECTION_2 = "二、主动公开政府信息情况"
SECTION_3 = "三、收到和处理政府信息公开申请情况"
SECTION_4 = "四、政府信息公开行政复议、行政诉讼情况"
SECTION_5 = "五、存在的主要问题及改进情况"
SECTION_6 = "六、其他需要报告的事项"

#: The columns of section 三: 自然人, the five kinds of 法人或其他组织, 总计.
APPLICANT_COLUMNS = [
    (ApplicantType.NATURAL_PERSON, "自然人"),
    (ApplicantType.COMMERCIAL, "商业企业"),
    (ApplicantType.RESEARCH, "科研机构"),
    (ApplicantType.PUBLIC_INTEREST, "社会公益组织"),
    (ApplicantType.LEGAL_SERVICE, "法律服务机构"),
    (ApplicantType.OTHER, "其他"),
]
TOTAL = "总计"
COLUMNS_3 = [label for _code, label in APPLICANT_COLUMNS] + [TOTAL]

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
RESULTS_TOTAL = f"{RESULTS}/（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"
_GROUP = {
    Outcome.DISCLOSED: "（一）予以公开",
    Outcome.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    Outcome.WITHHELD: "（三）不予公开",
    Outcome.UNAVAILABLE: "（四）无法提供",
    Outcome.NOT_PROCESSED: "（五）不予处理",
    Outcome.OTHER: "（六）其他处理",
}


def outcome_rows():
    """(row name, outcome, reason) of the outcome rows in the format's order."""
    rows = []
    for outcome, group in _GROUP.items():
        if outcome in REASONS:
            for n, (code, label) in enumerate(REASONS[outcome], start=1):
                rows.append((f"{RESULTS}/{group}/{n}．{label}", outcome, code))
        else:
            rows.append((f"{RESULTS}/{group}", outcome, ""))
    return rows


def rows_3():
    return [NEW, CARRIED_IN] + [name for name, _o, _r in outcome_rows()] + [RESULTS_TOTAL, CARRIED_OUT]


_REVIEW_RESULTS = [
    (ReviewResult.UPHELD, "结果维持"),
    (ReviewResult.CORRECTED, "结果纠正"),
    (ReviewResult.OTHER, "其他结果"),
    (ReviewResult.PENDING, "尚未审结"),
]
_REVIEW_GROUPS = [
    (ReviewKind.RECONSIDERATION, "行政复议"),
    (ReviewKind.LITIGATION_DIRECT, "行政诉讼/未经复议直接起诉"),
    (ReviewKind.LITIGATION_AFTER, "行政诉讼/复议后起诉"),
]
COLUMNS_4 = [f"{group}/{label}" for _k, group in _REVIEW_GROUPS for label in [r for _c, r in _REVIEW_RESULTS] + [TOTAL]]


def due_date(unit, year) -> datetime.date:
    """Units publish by 31 January, governments (the report of the whole) by 31 March."""
    return datetime.date(year + 1, 1, 31) if unit is not None else datetime.date(year + 1, 3, 31)


def _bounds(year):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    return start, end


def _section_2(unit, year, report):
    entries = CatalogEntry.objects.all()
    if unit is not None:
        entries = entries.filter(unit=unit)
    start, end = _bounds(year)
    section = {"第二十条第（一）项": {}}
    for kind, label in ((DocumentKind.RULE, "规章"), (DocumentKind.NORMATIVE, "行政规范性文件")):
        docs = entries.filter(document_kind=kind)
        section["第二十条第（一）项"][label] = {
            "本年制发件数": docs.filter(published_at__gte=start, published_at__lt=end).count(),
            "本年废止件数": docs.filter(
                validity__in=["repealed", "expired"], validity_changed_on__year=year
            ).count(),
            "现行有效件数": docs.filter(live=True, validity="valid", published_at__lt=end).count(),
        }
    section["第二十条第（五）项"] = {"行政许可": {"本年处理决定数量": report.licensing_decisions if report else 0}}
    section["第二十条第（六）项"] = {
        "行政处罚": {"本年处理决定数量": report.penalty_decisions if report else 0},
        "行政强制": {"本年处理决定数量": report.coercion_decisions if report else 0},
    }
    amount = report.fee_amount if report else Decimal(0)
    section["第二十条第（八）项"] = {"行政事业性收费": {"本年收费金额（单位：万元）": float(amount)}}
    return section


def _empty_row():
    return dict.fromkeys(COLUMNS_3, 0)


def _add(row, applicant_type):
    label = dict(APPLICANT_COLUMNS).get(applicant_type, "其他")
    row[label] += 1
    row[TOTAL] += 1


def _section_3(unit, year):
    start, end = _bounds(year)
    requests = DisclosureRequest.objects.select_related("case")
    if unit is not None:
        requests = requests.filter(case__unit=unit)
    table = {name: _empty_row() for name in rows_3()}
    by_outcome = {(o, r): name for name, o, r in outcome_rows()}
    for request in requests.filter(case__received_at__lt=end):
        case = request.case
        finished = case.closed_at
        if case.received_at >= start:
            _add(table[NEW], request.applicant_type)
        elif finished is None or finished >= start:
            _add(table[CARRIED_IN], request.applicant_type)
        else:
            continue  # finished before the year
        if finished is not None and start <= finished < end and request.outcome:
            reason = "" if Outcome(request.outcome) not in REASONS else request.outcome_reason
            name = by_outcome.get((request.outcome, reason)) or by_outcome[(Outcome.OTHER, "other")]
            _add(table[name], request.applicant_type)
            _add(table[RESULTS_TOTAL], request.applicant_type)
        elif finished is None or finished >= end:
            _add(table[CARRIED_OUT], request.applicant_type)
    return {"列": COLUMNS_3, "行": [{"名称": name, "数值": table[name]} for name in rows_3()]}


def _section_4(unit, year):
    challenges = LegalChallenge.objects.filter(filed_on__year=year)
    if unit is not None:
        challenges = challenges.filter(request__case__unit=unit)
    values = dict.fromkeys(COLUMNS_4, 0)
    groups = dict(_REVIEW_GROUPS)
    results = dict(_REVIEW_RESULTS)
    for challenge in challenges:
        group = groups[challenge.kind]
        values[f"{group}/{results[challenge.result]}"] += 1
        values[f"{group}/{TOTAL}"] += 1
    return {"列": COLUMNS_4, "数值": values}


def build(unit, year, report=None) -> dict:
    """The report as the stable JSON structure (see the module docstring)."""
    if report is None:
        from .models import AnnualReport

        report = AnnualReport.objects.filter(unit=unit, year=year).first()
    data = {
        "格式": FORMAT,
        "单位": unit.name if unit is not None else "本级政府（全部单位）",
        "年度": year,
        "报送期限": due_date(unit, year).isoformat(),
        SECTION_1: report.overview if report else "",
        SECTION_2: _section_2(unit, year, report),
        SECTION_3: _section_3(unit, year),
        SECTION_4: _section_4(unit, year),
        SECTION_5: report.problems if report else "",
        SECTION_6: report.other if report else "",
    }
    data["核对"] = check(data)
    return data


def check(data) -> dict:
    """一 + 二 = 三（七）总计 + 四 per column; every 总计 is the sum of its parts; the outcome
    rows add up to （七）总计. Returns {"通过": bool, "问题": [...]}."""
    problems = []
    rows = {row["名称"]: row["数值"] for row in data[SECTION_3]["行"]}
    parts = [label for _c, label in APPLICANT_COLUMNS]
    for name, values in rows.items():
        if sum(values[p] for p in parts) != values[TOTAL]:
            problems.append(f"第三部分“{name}”的总计不等于各类申请人之和")
    for column in COLUMNS_3:
        left = rows[NEW][column] + rows[CARRIED_IN][column]
        right = rows[RESULTS_TOTAL][column] + rows[CARRIED_OUT][column]
        if left != right:
            problems.append(f"第三部分“{column}”列：本年新收 + 上年结转（{left}）≠ 办结总计 + 结转下年度（{right}）")
        outcomes = sum(rows[name][column] for name, _o, _r in outcome_rows())
        if outcomes != rows[RESULTS_TOTAL][column]:
            problems.append(f"第三部分“{column}”列：各项办理结果之和（{outcomes}）≠ （七）总计")
    values = data[SECTION_4]["数值"]
    for _kind, group in _REVIEW_GROUPS:
        parts = sum(values[f"{group}/{label}"] for _c, label in _REVIEW_RESULTS)
        if parts != values[f"{group}/{TOTAL}"]:
            problems.append(f"第四部分“{group}”的总计不等于各项结果之和")
    return {"通过": not problems, "问题": problems}


# --- exports --------------------------------------------------------------------------------------


def to_sheets(data):
    """[(title, header, rows)] for ``exports.workbook``."""
    s2 = data[SECTION_2]
    two = [["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    for label, values in s2["第二十条第（一）项"].items():
        two.append(["", label, values["本年制发件数"], values["本年废止件数"], values["现行有效件数"]])
    two.append(["第二十条第（五）项", "行政许可", s2["第二十条第（五）项"]["行政许可"]["本年处理决定数量"]])
    for label, values in s2["第二十条第（六）项"].items():
        two.append(["第二十条第（六）项", label, values["本年处理决定数量"]])
    two.append(["第二十条第（八）项", "行政事业性收费（万元）",
                s2["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"]])
    three = [[row["名称"], *[row["数值"][c] for c in COLUMNS_3]] for row in data[SECTION_3]["行"]]
    four = [[data[SECTION_4]["数值"][c] for c in COLUMNS_4]]
    text = [[SECTION_1, data[SECTION_1]], [SECTION_5, data[SECTION_5]], [SECTION_6, data[SECTION_6]]]
    return [
        ("说明", ["单位", "年度", "格式", "核对"], [[data["单位"], data["年度"], data["格式"],
                                              "通过" if data["核对"]["通过"] else "；".join(data["核对"]["问题"])]]),
        ("二、主动公开", None, two),
        ("三、依申请公开", ["申请人情况", *COLUMNS_3], three),
        ("四、复议诉讼", COLUMNS_4, four),
        ("一五六、文字部分", ["部分", "内容"], text),
    ]


def to_html(data, downloads=()) -> str:
    from django.template.loader import render_to_string

    return render_to_string("disclosure/annual_report.html", {"data": data, "downloads": downloads, **context(data)})


def context(data):
    s2 = data[SECTION_2]
    return {
        "s2_docs": [(label, v["本年制发件数"], v["本年废止件数"], v["现行有效件数"])
                    for label, v in s2["第二十条第（一）项"].items()],
        "s2_decisions": [("行政许可", s2["第二十条第（五）项"]["行政许可"]["本年处理决定数量"])]
        + [(label, v["本年处理决定数量"]) for label, v in s2["第二十条第（六）项"].items()],
        "s2_fee": s2["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"],
        "s1": data[SECTION_1], "s2": data[SECTION_2], "s3": data[SECTION_3], "s4": data[SECTION_4],
        "s5": data[SECTION_5], "s6": data[SECTION_6], "columns_3": COLUMNS_3, "columns_4": COLUMNS_4,
        "rows_3": _display_rows_3(data),
        "values_4": [data[SECTION_4]["数值"][c] for c in COLUMNS_4],
        "results_4": [label for _c, label in _REVIEW_RESULTS] + [TOTAL],
    }


def _display_rows_3(data):
    """Section 三's rows as the national table shows them: a row's name is the last part
    of its path (``三、本年度办理结果/（三）不予公开/1．属于国家秘密`` → ``1．属于国家秘密``,
    indented two levels), each group opening with a heading row. [(label, level, values
    or None for a heading)]."""
    rows, opened = [], set()
    for row in data[SECTION_3]["行"]:
        parts = row["名称"].split("/")
        for depth in range(1, len(parts)):
            group = "/".join(parts[:depth])
            if group not in opened:
                opened.add(group)
                rows.append((parts[depth - 1], depth - 1, None))
        rows.append((parts[-1], len(parts) - 1, [row["数值"][c] for c in COLUMNS_3]))
    return rows


def to_pdf(data, title) -> bytes:
    """The report as a PDF in the national format's order (A4, the built-in CID font
    STSong-Light, so no font file is needed): the published page's download."""
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    title_style = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1, spaceAfter=8)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=16, firstLineIndent=20)
    cell = ParagraphStyle("c", fontName=font, fontSize=7.5, leading=9.5)

    def p(text, style=cell):
        return Paragraph(escape(str(text)), style)

    def table(rows, widths=None, spans=()):
        t = Table([[c if isinstance(c, Paragraph) else p(c) for c in r] for r in rows], colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               *[("SPAN", a, b) for a, b in spans]]))
        return t

    ctx = context(data)
    story = [Paragraph(escape(title), title_style)]
    story += [Paragraph(SECTION_1, h2), Paragraph(escape(data[SECTION_1] or "（无）"), body)]
    story.append(Paragraph(SECTION_2, h2))
    two = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]
    two += [[label, made, repealed, valid] for label, made, repealed, valid in ctx["s2_docs"]]
    two += [["信息内容", "本年处理决定数量", "", ""]] + [[label, n, "", ""] for label, n in ctx["s2_decisions"]]
    two += [["信息内容", "本年收费金额（单位：万元）", "", ""], ["行政事业性收费", ctx["s2_fee"], "", ""]]
    first = len(ctx["s2_docs"]) + 1
    spans = [((1, r), (3, r)) for r in range(first, len(two))]
    story.append(table(two, [60 * mm, 36 * mm, 36 * mm, 36 * mm], spans))
    story.append(Paragraph(SECTION_3, h2))
    three = [["申请人情况", *COLUMNS_3]]
    for label, level, values in ctx["rows_3"]:
        three.append(["　" * level + label, *(values if values is not None else [""] * len(COLUMNS_3))])
    story.append(table(three, [62 * mm] + [15 * mm] * len(COLUMNS_3)))
    story.append(Paragraph(SECTION_4, h2))
    story.append(table([[c.replace("/", " ") for c in COLUMNS_4], ctx["values_4"]], [11.6 * mm] * len(COLUMNS_4)))
    story += [Paragraph(SECTION_5, h2), Paragraph(escape(data[SECTION_5] or "（无）"), body)]
    story += [Paragraph(SECTION_6, h2), Paragraph(escape(data[SECTION_6] or "（无）"), body), Spacer(1, 6 * mm)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=16 * mm,
                      bottomMargin=16 * mm, title=title).build(story)
    return out.getvalue()


def attach_downloads(report, data):
    """The report's xlsx and PDF as documents of the document library (served under
    ``/documents/``), replaced in place when the report is published again. Returns
    [(label, document)] for the page's download links."""
    import io

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from .exports import workbook

    document_model = get_document_model()
    title = str(report)
    buffer = io.BytesIO()
    workbook(to_sheets(data)).save(buffer)
    stem = f"annual-report-{report.unit_id or 'gov'}-{report.year}"
    files = [("Excel 表格（xlsx）", f"{stem}.xlsx", buffer.getvalue()), ("PDF 文件", f"{stem}.pdf", to_pdf(data, title))]
    documents = []
    for label, filename, content in files:
        doc_title = f"{title}（{label}）"
        document = document_model.objects.filter(title=doc_title).first() or document_model(title=doc_title)
        if document.file:
            document.file.delete(save=False)
        document.file.save(filename, ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
        documents.append((label, document))
    return documents


def page_body(report, data=None):
    """The published page's body: the report in the national format (its tables in
    scroll containers, readable on a 320 px phone) and its xlsx and PDF downloads."""
    data = data or build(report.unit, report.year, report)
    downloads = attach_downloads(report, data)
    return to_html(data, downloads=downloads)


# --- publishing -----------------------------------------------------------------------------------


class ReportInconsistent(ValueError):
    pass


def publish(report, user=None):
    """Publish the report as a page of the unit's 年度报告 column — never when its figures
    do not add up (R-DISC-4)."""
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage
    from zhanqun.content.models import ArticlePage

    data = build(report.unit, report.year, report)
    if not data["核对"]["通过"]:
        raise ReportInconsistent("年度报告数据核对未通过，不能发布：" + "；".join(data["核对"]["问题"]))
    columns = ColumnPage.objects.filter(kind=ColumnKind.ANNUAL_REPORT)
    column = (columns.filter(responsible_unit=report.unit).first() if report.unit else None) or columns.filter(
        Q(responsible_unit__kind="office") | Q(responsible_unit__isnull=True)
    ).first()
    if column is None:
        raise ReportInconsistent("没有找到该单位的“年度报告”栏目。")
    title = str(report)
    body = page_body(report, data)
    page = report.page.specific if report.page_id else None
    if page is None:
        page = column.add_child(
            instance=ArticlePage(title=title, body=body, responsible_unit=report.unit or column.responsible_unit,
                                 live=False, source=data["单位"])
        )
    else:
        page.title, page.body = title, body
    page.save_revision(user=user).publish(user=user)
    report.page, report.published_at = page, timezone.now()
    report.save(update_fields=["page", "published_at"])
    return page
