"""The figures of a report (R-SUP-3) and the units' assessment (R-SUP-4), computed from
what the platform holds, as a JSON-ready dict (stored on ``Report.data``).

What each figure counts, for a period [start, end] of Beijing dates:

* **Items published** per column: items (every item type) whose *first* publication
  falls in the period, counted in the column that holds them. **Late**: of those, the
  ones published after their timeliness limit (``content.timeliness``, as the 发布时效
  report judges them).
* **Monitoring findings** by problem: *opened* (first seen in the period), *resolved*
  (resolved in the period) and *open at the end* of the period.
* **Cases** (来信 ``letter``, 网站找错 ``error_report``, 依申请公开 ``disclosure_request``)
  received in the period, judged at the end of the period (or now, if it has not
  ended): *on time* / *late* — closed (the reply clock stopped, or the case ended);
  *overdue* — not closed and a clock past due; *open* — not closed, within time. A case
  is late or overdue when any of its clocks was stopped after its due time or is
  running past it — the rule of ``zhanqun cases overdue`` and the 办件 dashboard's red
  light (a paused clock is judged at the moment it was paused, as ``Clock.status``).
* **Scorecard**: ``monitoring.scorecard.evaluate`` at generation time and the daily
  scores of ``scorecard.history`` over the period.
* **Assessment** (``assessment.py``, rules in ``data/assessment.json``) — per unit:
  ``quantity_ratio`` (items published in the unit's leaf columns against
  period days ÷ each column's update interval, the excess of a column not counted; kinds
  in ``quantity.exclude_kinds`` not counted), ``screening_blocked`` (submissions of the
  unit's items the screening sent back), ``screening_overridden`` (blocking findings a
  保密审查员 let through), ``content_findings`` (monitoring findings of the
  ``quality_problems`` opened against the unit), ``late_items``, ``overdue_cases`` (late
  or overdue cases of the unit), ``error_reports`` (error reports assigned to the unit),
  ``take_downs`` (the unit's items taken down), ``format_findings`` (screening findings
  of the ``format_categories``), ``page_form_findings`` (monitoring findings of the
  ``page_form_problems`` against the unit). Units answering for at least one live
  column are ranked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page, Site

from . import assessment

CASE_KINDS = ("letter", "error_report", "disclosure_request")
CASE_KIND_LABELS = {"letter": "来信", "error_report": "网站找错", "disclosure_request": "依申请公开"}
CASE_OUTCOMES = {"on_time": "按期办结", "late": "超期办结", "overdue": "超期未办结", "open": "办理中"}
STEP = Page.steplen
BEIJING = ZoneInfo("Asia/Shanghai")


def bounds(period):
    """Aware datetimes [start, end) of the period's Beijing dates — Beijing whatever time
    zone is active (the admin activates each user's preferred one)."""
    start = datetime.combine(period.start, time.min, tzinfo=BEIJING)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=BEIJING)
    return start, end


def _iso(value):
    return value.isoformat() if value else None


# --- the pieces ---------------------------------------------------------------------------------


class _Tree:
    """Sites, columns and the lookup of a page path to its site and column."""

    def __init__(self):
        from zhanqun.columns.models import ColumnPage
        from zhanqun.sitegroup.models import SiteIdentity

        names = dict(SiteIdentity.objects.values_list("site_id", "full_name"))
        # The group's sites: those with an identity record (not Wagtail's placeholder site).
        self.sites = list(
            Site.objects.filter(pk__in=names).select_related("root_page").order_by("-is_default_site", "hostname")
        )
        self.site_names = {s.pk: names.get(s.pk) or s.site_name or s.hostname for s in self.sites}
        self.roots = sorted(((s.root_page.path, s) for s in self.sites), key=lambda r: -len(r[0]))
        self.columns = {
            row["path"]: row
            for row in ColumnPage.objects.order_by("path").values(
                "pk", "path", "title", "kind", "live", "responsible_unit_id", "update_interval_days"
            )
        }
        parents = {path[:-STEP] for path in self.columns}
        for path, row in self.columns.items():
            row["leaf"] = path not in parents
            row["site"] = self.site_of(path)
            row["title_path"] = " / ".join(
                self.columns[path[:n]]["title"] for n in range(STEP, len(path) + 1, STEP) if path[:n] in self.columns
            )

    def site_of(self, path):
        for root, site in self.roots:
            if path.startswith(root):
                return site.pk
        return None

    def column_of(self, path):
        """The nearest column above a page."""
        for n in range(len(path) - STEP, 0, -STEP):
            if path[:n] in self.columns:
                return self.columns[path[:n]]
        return None


def _published_items(start, end):
    from zhanqun.content.models import ItemPage

    found = []
    for model in ItemPage.concrete_types():
        found.extend(
            model.objects.filter(first_published_at__gte=start, first_published_at__lt=end).select_related(
                "responsible_unit"
            )
        )
    found.sort(key=lambda p: (p.first_published_at, p.pk))
    return found


def _page_units(page_ids):
    """page id → responsible unit id, for item pages."""
    from zhanqun.content.models import ItemPage

    ids = {int(i) for i in page_ids if i is not None and str(i).isdigit()}
    units = {}
    if not ids:
        return units
    for model in ItemPage.concrete_types():
        units.update(model.objects.filter(pk__in=ids).values_list("pk", "responsible_unit_id"))
    return units


def case_outcome(clocks, as_of):
    """One of ``CASE_OUTCOMES`` for a case's clocks (dicts) at ``as_of``."""
    late = False
    closed = False
    for clock in clocks:
        if clock["started_at"] > as_of:
            continue
        stopped = clock["stopped_at"] if clock["stopped_at"] and clock["stopped_at"] <= as_of else None
        if stopped:
            late = late or stopped > clock["due_at"]
            if clock["code"] == "reply":
                closed = True
        else:
            paused = clock["paused_at"] if clock["paused_at"] and clock["paused_at"] <= as_of else None
            late = late or (paused or as_of) > clock["due_at"]
    if closed:
        return "late" if late else "on_time"
    return "overdue" if late else "open"


def _cases(start, end, as_of):
    from zhanqun.cases.models import Case, Clock

    cases = list(
        Case.objects.filter(kind__in=CASE_KINDS, received_at__gte=start, received_at__lt=end).values(
            "pk", "kind", "site_id", "unit_id", "closed_at"
        )
    )
    clocks = defaultdict(list)
    for clock in Clock.objects.filter(case_id__in=[c["pk"] for c in cases]).values(
        "case_id", "code", "started_at", "due_at", "stopped_at", "paused_at"
    ):
        clocks[clock["case_id"]].append(clock)
    for case in cases:
        outcome = case_outcome(clocks[case["pk"]], as_of)
        if outcome in ("open", "overdue") and case["closed_at"] and case["closed_at"] <= as_of:
            outcome = "late" if outcome == "overdue" else "on_time"  # ended without a reply
        case["outcome"] = outcome
    return cases


def _case_table(cases):
    rows = []
    for kind in CASE_KINDS:
        mine = [c for c in cases if c["kind"] == kind]
        counts = Counter(c["outcome"] for c in mine)
        rows.append(
            {
                "kind": kind,
                "label": CASE_KIND_LABELS[kind],
                "received": len(mine),
                **{k: counts[k] for k in CASE_OUTCOMES},
            }
        )
    return rows


def _findings(start, end):
    """(opened, resolved, open_at_end): Counters keyed by (site_id, unit_id, problem)."""
    from zhanqun.monitoring.models import Finding

    def counted(qs):
        return Counter(
            {
                (r["site_id"], r["unit_id"], r["problem"]): r["n"]
                for r in qs.values("site_id", "unit_id", "problem").annotate(n=Count("pk"))
            }
        )

    opened = counted(Finding.objects.filter(first_seen_at__gte=start, first_seen_at__lt=end))
    resolved = counted(Finding.objects.filter(resolved_at__gte=start, resolved_at__lt=end))
    open_at_end = counted(
        Finding.objects.filter(first_seen_at__lt=end).filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
    )
    return opened, resolved, open_at_end


def _finding_table(opened, resolved, open_at_end, keep):
    from zhanqun.monitoring.enums import Problem

    rows = []
    for problem in Problem:
        row = {
            "problem": problem.value,
            "label": str(problem.label),
            "opened": sum(n for k, n in opened.items() if k[2] == problem and keep(k)),
            "resolved": sum(n for k, n in resolved.items() if k[2] == problem and keep(k)),
            "open_at_end": sum(n for k, n in open_at_end.items() if k[2] == problem and keep(k)),
        }
        if row["opened"] or row["resolved"] or row["open_at_end"]:
            rows.append(row)
    return rows


def _scorecard(site, start, end, now):
    from zhanqun.monitoring import scorecard

    result = scorecard.evaluate(site, now=now)
    days = {}
    for point in scorecard.history(site, start, end):
        days[timezone.localtime(point["at"], BEIJING).date()] = point
    return {
        "evaluated_at": result["evaluated_at"],
        "score": result["score"],
        "base_score": result["base_score"],
        "passed": result["passed"],
        "vetoes_failed": [v["name"] for v in result["vetoes"] if v["failed"]],
        "deductions": [
            {"name": d["name"], "points": d["points"], "value": d["value"]} for d in result["deductions"] if d["points"]
        ],
        "trend": [
            {"day": day.isoformat(), "score": p["score"], "passed": p["passed"]} for day, p in sorted(days.items())
        ],
    }


def _screening(start, end, format_categories):
    """Per unit: submissions sent back by the screening, and format/wording findings."""
    from zhanqun.review.models import ScreeningOverride, ScreeningTaskState

    states = list(
        ScreeningTaskState.objects.filter(finished_at__gte=start, finished_at__lt=end).values(
            "status", "findings", "revision__object_id"
        )
    )
    overrides = list(
        ScreeningOverride.objects.filter(created_at__gte=start, created_at__lt=end).values_list("page_id", flat=True)
    )
    units = _page_units([s["revision__object_id"] for s in states] + overrides)
    blocked, formats, overridden = Counter(), Counter(), Counter()
    for state in states:
        unit = units.get(int(state["revision__object_id"])) if str(state["revision__object_id"]).isdigit() else None
        if unit is None:
            continue
        if state["status"] == "rejected":
            blocked[unit] += 1
        formats[unit] += sum(1 for f in state["findings"] or [] if f.get("category") in format_categories)
    for page_id in overrides:
        if units.get(page_id):
            overridden[units[page_id]] += 1
    return blocked, overridden, formats


def _take_downs(start, end):
    from zhanqun.content.models import TakeDown

    page_ids = list(
        TakeDown.objects.filter(taken_down_at__gte=start, taken_down_at__lt=end).values_list("page_id", flat=True)
    )
    units = _page_units(page_ids)
    return Counter(units[p] for p in page_ids if units.get(p))


# --- the report ---------------------------------------------------------------------------------


def compute(period, now=None, rules=None):
    """Every figure of the report for ``period`` as a JSON-ready dict."""
    from zhanqun.content.services import assess_items
    from zhanqun.units.models import Unit

    now = now or timezone.now()
    rules = rules or assessment.load_rules()
    start, end = bounds(period)
    as_of = min(end, now)
    tree = _Tree()
    units = list(Unit.objects.order_by("sort_order", "name"))
    unit_names = {u.pk: u.name for u in units}

    # Items and their timeliness.
    items = _published_items(start, end)
    published, late = Counter(), Counter()  # by column pk
    unit_items, unit_late = Counter(), Counter()
    site_items, site_late = Counter(), Counter()
    extra_columns = {}
    for row in assess_items(items, now=as_of):
        column = tree.column_of(row.item.path)
        key = column["pk"] if column else None
        is_late = row.is_late
        published[key] += 1
        unit_items[row.item.responsible_unit_id] += 1
        site = tree.site_of(row.item.path)
        site_items[site] += 1
        if is_late:
            late[key] += 1
            unit_late[row.item.responsible_unit_id] += 1
            site_late[site] += 1
        if column is not None:
            extra_columns[column["path"]] = column

    # Columns: quantity expectations.
    excluded = set(rules.get("quantity", {}).get("exclude_kinds", []))
    expected_by_unit, counted_by_unit = Counter(), Counter()
    for column in tree.columns.values():
        column["expected"] = None
        if column["leaf"] and column["live"] and column["kind"] not in excluded and column["update_interval_days"]:
            expected = period.days / column["update_interval_days"]
            column["expected"] = round(expected, 2)
            expected_by_unit[column["responsible_unit_id"]] += expected
            counted_by_unit[column["responsible_unit_id"]] += min(published[column["pk"]], expected)

    opened, resolved, open_at_end = _findings(start, end)
    cases = _cases(start, end, as_of)

    sites = []
    for site in tree.sites:
        columns = [
            {
                "id": c["pk"],
                "title": c["title_path"],
                "unit": unit_names.get(c["responsible_unit_id"], ""),
                "published": published[c["pk"]],
                "late": late[c["pk"]],
                "expected": c["expected"],
            }
            for path, c in tree.columns.items()
            if c["site"] == site.pk and ((c["leaf"] and c["live"]) or path in extra_columns)
        ]
        site_cases = [c for c in cases if c["site_id"] == site.pk]
        sites.append(
            {
                "site_id": site.pk,
                "name": tree.site_names[site.pk],
                "hostname": site.hostname,
                "items": site_items[site.pk],
                "late": site_late[site.pk],
                "columns": columns,
                "findings": _finding_table(opened, resolved, open_at_end, lambda k, s=site.pk: k[0] == s),
                "cases": _case_table(site_cases),
                "scorecard": _scorecard(site, start, end, now),
            }
        )

    # Per unit and the assessment.
    blocked, overridden, formats = _screening(start, end, set(rules.get("format_categories", [])))
    take_downs = _take_downs(start, end)
    quality_problems = set(rules.get("quality_problems", []))
    page_form_problems = set(rules.get("page_form_problems", []))
    responsible = {c["responsible_unit_id"] for c in tree.columns.values() if c["live"]}
    unit_rows, ranking = [], []
    for order, unit in enumerate(units):
        mine = [c for c in cases if c["unit_id"] == unit.pk]
        case_rows = _case_table(mine)
        findings = _finding_table(opened, resolved, open_at_end, lambda k, u=unit.pk: k[1] == u)
        row = {
            "unit_id": unit.pk,
            "name": unit.name,
            "items": unit_items[unit.pk],
            "late": unit_late[unit.pk],
            "findings_opened": sum(f["opened"] for f in findings),
            "findings_resolved": sum(f["resolved"] for f in findings),
            "findings": findings,
            "cases": case_rows,
        }
        if row["items"] or findings or mine or unit.pk in responsible:
            unit_rows.append(row)
        if unit.pk not in responsible:
            continue
        metrics = {
            "items": unit_items[unit.pk],
            "expected_items": round(expected_by_unit[unit.pk], 2),
            "quantity_ratio": (
                round(counted_by_unit[unit.pk] / expected_by_unit[unit.pk], 4) if expected_by_unit[unit.pk] else None
            ),
            "screening_blocked": blocked[unit.pk],
            "screening_overridden": overridden[unit.pk],
            "content_findings": sum(n for k, n in opened.items() if k[1] == unit.pk and k[2] in quality_problems),
            "late_items": unit_late[unit.pk],
            "overdue_cases": sum(1 for c in mine if c["outcome"] in ("late", "overdue")),
            "error_reports": sum(1 for c in mine if c["kind"] == "error_report"),
            "take_downs": take_downs[unit.pk],
            "format_findings": formats[unit.pk],
            "page_form_findings": sum(n for k, n in opened.items() if k[1] == unit.pk and k[2] in page_form_problems),
        }
        ranking.append(
            {
                "unit_id": unit.pk,
                "name": unit.name,
                "order": order,
                "metrics": metrics,
                **assessment.score(metrics, rules),
            }
        )

    all_findings = _finding_table(opened, resolved, open_at_end, lambda k: True)
    return {
        "version": 1,
        "period": {
            "kind": period.kind.value,
            "code": period.code,
            "label": period.label,
            "title": period.title,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "due": period.due.isoformat(),
        },
        "generated_at": now.isoformat(),
        "as_of": as_of.isoformat(),
        "totals": {
            "items": len(items),
            "late": sum(late.values()),
            "findings_opened": sum(f["opened"] for f in all_findings),
            "findings_resolved": sum(f["resolved"] for f in all_findings),
            "findings_open_at_end": sum(f["open_at_end"] for f in all_findings),
            "cases_received": len(cases),
            "cases_overdue": sum(1 for c in cases if c["outcome"] in ("late", "overdue")),
        },
        "findings": all_findings,
        "cases": _case_table(cases),
        "sites": sites,
        "units": unit_rows,
        "assessment": {
            "name": rules.get("name", ""),
            "version": rules.get("version", ""),
            "dimensions": [
                {"code": d["code"], "name": d["name"], "weight": d["weight"], "description": d.get("description", "")}
                for d in rules["dimensions"]
            ],
            "ranking": assessment.rank(ranking),
        },
    }
