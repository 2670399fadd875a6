"""考评 (R-SUP-4): a unit's score on quantity, quality, timeliness, accuracy and form from
its figures for a period, and the units' ranking. Pure Python, no Django.

The rules are data (``data/assessment.json``, or ``ZHANQUN_REPORTS_ASSESSMENT``): each
dimension has a weight and either

* ``"rule": "ratio"`` — the score is 100 × the metric (a share, 0–1), or
* ``"rule": "deductions"`` — 100 less, for each listed metric, ``points_each`` per count
  up to ``max_points``; never below 0.

A dimension whose metric is ``None`` (a unit with no column to fill has no quantity to
assess) is left out, and the total is the weighted mean of the others. Units are ranked by
total, highest first; equal totals share a rank.
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT_RULES = Path(__file__).with_name("data") / "assessment.json"


def load_rules(path=None):
    if path is None:
        from django.conf import settings

        path = getattr(settings, "ZHANQUN_REPORTS_ASSESSMENT", None) or DEFAULT_RULES
    return json.loads(Path(path).read_text("utf-8"))


def dimension_score(dimension, metrics):
    """(score 0–100 or None when not applicable, [deduction rows])."""
    if dimension["rule"] == "ratio":
        value = metrics.get(dimension["metric"])
        if value is None:
            return None, []
        return round(100.0 * max(0.0, min(1.0, value)), 2), []
    rows = []
    lost = 0.0
    for item in dimension.get("deductions", []):
        count = metrics.get(item["metric"]) or 0
        points = min(count * float(item["points_each"]), float(item.get("max_points", float("inf"))))
        if count:
            rows.append({"metric": item["metric"], "name": item["name"], "count": count, "points": round(points, 2)})
        lost += points
    return round(max(0.0, 100.0 - lost), 2), rows


def score(metrics, rules):
    """``{"scores": {code: score|None}, "deductions": {code: [...]}, "total": float}``."""
    scores, deductions = {}, {}
    weighted = weights = 0.0
    for dimension in rules["dimensions"]:
        value, rows = dimension_score(dimension, metrics)
        scores[dimension["code"]] = value
        deductions[dimension["code"]] = rows
        if value is not None:
            weighted += float(dimension["weight"]) * value
            weights += float(dimension["weight"])
    total = round(weighted / weights, 2) if weights else 0.0
    return {"scores": scores, "deductions": deductions, "total": total}


def rank(rows):
    """Sort ``rows`` (dicts with ``total`` and ``order``, a tie-breaker) and number them;
    equal totals share a rank (1, 2, 2, 4)."""
    rows = sorted(rows, key=lambda r: (-r["total"], r.get("order", 0), r.get("name", "")))
    previous, current = None, 0
    for position, row in enumerate(rows, start=1):
        if row["total"] != previous:
            current, previous = position, row["total"]
        row["rank"] = current
    return rows
