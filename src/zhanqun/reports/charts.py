"""The report's charts as ReportLab drawings: drawn into the PDF as they are, and into
the admin page as inline SVG (``svg()``, ``reportlab.graphics.renderSVG``) — no
JavaScript chart library, nothing from a CDN. Text uses the built-in CID font
STSong-Light (宋体), as the handling slip does (``interaction/slip.py``); the browser
shows the SVG's text with its own Chinese font.
"""

from __future__ import annotations

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isString
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

FONT = "STSong-Light"
PALETTE = [colors.HexColor(c) for c in ("#2e6da4", "#d9534f", "#f0ad4e", "#5cb85c", "#7a5195", "#8c8c8c")]
WIDTH = 460


class Chart(Drawing):
    """A drawing that knows its title (for the SVG's ``<title>`` and ``aria-label``)."""

    _attrMap = AttrMap(BASE=Drawing, chart_title=AttrMapValue(isString))


def font():
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _short(text, n=10):
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _title(drawing, text):
    drawing.chart_title = text
    drawing.add(String(0, drawing.height - 30, text, fontName=font(), fontSize=11))


def _legend(drawing, names):
    """The series' names in one row at the top right, inside the drawing."""
    legend = Legend()
    legend.fontName = font()
    legend.fontSize = 9
    legend.alignment = "right"  # swatch, then the name
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 78
    legend.x = max(160, WIDTH - 78 * len(names))
    legend.y = drawing.height - 6
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(names)]
    drawing.add(legend)


def bars(title, labels, series, names, horizontal=False, value_max=None):
    """A grouped bar chart: ``series`` is a list of value lists, one per name."""
    font()
    rows = max(1, len(labels))
    height = (80 + rows * 16 * max(1, len(series))) if horizontal else 240
    drawing = Chart(WIDTH, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    if horizontal:
        chart.x, chart.y, chart.width, chart.height = 120, 20, WIDTH - 140, height - 70
    else:
        chart.x, chart.y, chart.width, chart.height = 40, 60, WIDTH - 60, height - 110
    chart.data = [list(s) or [0] for s in series] if labels else [[0]]
    chart.categoryAxis.categoryNames = [_short(label, 12 if horizontal else 6) for label in labels] or [""]
    chart.categoryAxis.labels.fontName = font()
    chart.categoryAxis.labels.fontSize = 8
    if not horizontal:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = font()
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max([max(s) if s else 0 for s in series] + [value_max or 0, 1])
    chart.valueAxis.valueMax = value_max or (top + max(1, top // 5))
    chart.valueAxis.valueStep = max(1, round(chart.valueAxis.valueMax / 5))
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    chart.barLabels.fontName = font()
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%d" if not value_max else "%.1f"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    _title(drawing, title)
    if len(names) > 1:
        _legend(drawing, names)
    return drawing


def columns_chart(site, limit=12):
    """Items published per column (and how many late), the busiest columns of a site."""
    rows = sorted((c for c in site["columns"] if c["published"]), key=lambda c: -c["published"])[:limit]
    return bars(
        f"{site['name']}：各栏目发布信息数",
        [c["title"].split(" / ")[-1] for c in rows],
        [[c["published"] for c in rows], [c["late"] for c in rows]],
        ["发布", "超期发布"],
    )


def findings_chart(findings, title="监测发现：新发现与已消除"):
    return bars(
        title,
        [f["label"] for f in findings],
        [[f["opened"] for f in findings], [f["resolved"] for f in findings]],
        ["新发现", "已消除"],
        horizontal=True,
    )


def cases_chart(cases, title="办件：按期与超期"):
    from .figures import CASE_OUTCOMES

    return bars(
        title,
        [c["label"] for c in cases],
        [[c[key] for c in cases] for key in CASE_OUTCOMES],
        list(CASE_OUTCOMES.values()),
    )


def ranking_chart(ranking):
    return bars(
        "单位考评得分",
        [r["name"] for r in ranking],
        [[r["total"] for r in ranking]],
        ["总分"],
        horizontal=True,
        value_max=100,
    )


def trend_chart(sites, title="检查评分走势"):
    """Each site's daily score over the period (``scorecard.history``)."""
    font()
    drawing = Chart(WIDTH, 240)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, WIDTH - 60, 150
    lines, names = [], []
    for site in sites:
        points = [(i + 1, p["score"]) for i, p in enumerate(site["scorecard"]["trend"])]
        if points:
            lines.append(points)
            names.append(site["name"])
    if not lines:
        drawing.add(String(40, 100, "本期没有检查评分记录。", fontName=font(), fontSize=10))
        _title(drawing, title)
        return drawing
    plot.data = lines
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = font()
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 8
    plot.yValueAxis.valueMin = min(min(v for _x, v in line) for line in lines) // 10 * 10
    plot.yValueAxis.valueMax = 100
    for i in range(len(lines)):
        plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        plot.lines[i].symbol = makeMarker("FilledCircle", size=2)
    drawing.add(plot)
    _title(drawing, title + "（横轴：期内有评分记录的第几天）")
    _legend(drawing, [_short(n, 6) for n in names[:4]])
    return drawing


def svg(drawing):
    """The drawing as an inline ``<svg>`` element (no XML declaration), with ids of its
    own so that several charts can share a page, and its title for screen readers."""
    from uuid import uuid4
    from xml.sax.saxutils import escape, quoteattr

    title = getattr(drawing, "chart_title", "")
    text = renderSVG.drawToString(drawing)
    text = text[text.find("<svg") :]
    key = uuid4().hex[:8]
    text = text.replace('id="clip"', f'id="clip-{key}"').replace("url(#clip)", f"url(#clip-{key})")
    text = text.replace('id="group"', f'id="group-{key}"')
    text = text.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1).replace("<desc>...</desc>", "", 1)
    return text.replace("<svg ", f'<svg role="img" aria-label={quoteattr(title)} ', 1)
