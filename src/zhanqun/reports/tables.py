"""The report's tables (headings and rows) from its stored data — one source for the
admin page, the spreadsheet and the PDF, so all three show the same numbers."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from . import services
from .figures import CASE_OUTCOMES


def moment(iso):
    return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M") if iso else ""


def summary(report):
    data, totals = report.data, report.data["totals"]
    period = data["period"]
    return [
        ("报告期间", f"{period['start']} 至 {period['end']}"),
        ("报送期限", period["due"]),
        ("生成时间", moment(data["generated_at"])),
        ("发布信息", totals["items"]),
        ("其中超期发布", totals["late"]),
        ("监测新发现问题", totals["findings_opened"]),
        ("监测已消除问题", totals["findings_resolved"]),
        ("期末未消除问题", totals["findings_open_at_end"]),
        ("受理来信、找错、依申请公开", totals["cases_received"]),
        ("其中超期", totals["cases_overdue"]),
    ]


SITE_HEADINGS = [
    "站点",
    "发布信息",
    "超期发布",
    "监测新发现",
    "监测已消除",
    "办件受理",
    "办件超期",
    "检查评分",
    "评价结果",
]


def site_rows(report):
    rows = []
    for site in report.data["sites"]:
        card = site["scorecard"]
        rows.append(
            [
                site["name"],
                site["items"],
                site["late"],
                sum(f["opened"] for f in site["findings"]),
                sum(f["resolved"] for f in site["findings"]),
                sum(c["received"] for c in site["cases"]),
                sum(c["late"] + c["overdue"] for c in site["cases"]),
                *_score_cells(card),
            ]
        )
    return rows


def _score_cells(card):
    """Score and verdict; none when no scorecard was recorded in the period: the score
    evaluated at generation would be full marks for a site nobody checked."""
    if not card["trend"]:
        return ["—", "未评分（本期没有检查评分记录）"]
    return [card["score"], "合格" if card["passed"] else "单项否决：" + "、".join(card["vetoes_failed"])]


COLUMN_HEADINGS = ["栏目", "责任单位", "发布信息", "超期发布", "应发布数"]


def column_rows(site):
    return [
        [c["title"], c["unit"], c["published"], c["late"], "" if c["expected"] is None else c["expected"]]
        for c in site["columns"]
    ]


FINDING_HEADINGS = ["问题类型", "新发现", "已消除", "期末未消除"]


def finding_rows(findings):
    return [[f["label"], f["opened"], f["resolved"], f["open_at_end"]] for f in findings]


CASE_HEADINGS = ["类型", "受理", *CASE_OUTCOMES.values()]


def case_rows(cases):
    return [[c["label"], c["received"], *(c[k] for k in CASE_OUTCOMES)] for c in cases]


UNIT_HEADINGS = ["单位", "发布信息", "超期发布", "监测新发现", "监测已消除", "办件受理", "办件超期"]


def unit_rows(report):
    return [
        [
            u["name"],
            u["items"],
            u["late"],
            u["findings_opened"],
            u["findings_resolved"],
            sum(c["received"] for c in u["cases"]),
            sum(c["late"] + c["overdue"] for c in u["cases"]),
        ]
        for u in report.data["units"]
    ]


def ranking_headings(report):
    dims = report.data["assessment"]["dimensions"]
    return ["名次", "单位", *(f"{d['name']}（{d['weight']}%）" for d in dims), "总分", "评优评先"]


def ranking_rows(report, rows=None):
    dims = report.data["assessment"]["dimensions"]
    rows = rows if rows is not None else services.ranking(report)
    return [
        [
            r["rank"],
            r["name"],
            *("不适用" if r["scores"].get(d["code"]) is None else r["scores"][d["code"]] for d in dims),
            r["total"],
            services.award_label(r),
        ]
        for r in rows
    ]


def trend_table(report):
    """Headings and rows: one row per day, one column per site (blank where none)."""
    sites = report.data["sites"]
    days = sorted({p["day"] for s in sites for p in s["scorecard"]["trend"]})
    by_site = [{p["day"]: p["score"] for p in s["scorecard"]["trend"]} for s in sites]
    return ["日期", *(s["name"] for s in sites)], [[day, *(scores.get(day, "") for scores in by_site)] for day in days]
