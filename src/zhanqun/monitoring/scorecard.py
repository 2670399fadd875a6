"""The national scorecard: a site against the inspection indicators
(``data/indicators.json``, or ``ZHANQUN_MONITOR_INDICATORS``: the indicators change, so
they are data). Each single-veto item passes or fails with its evidence; each deduction
item gives points; the total is the base score less the deductions, and a site with any
failed veto fails whatever its score.

The result is a plain dict, the stable JSON of ``zhanqun inspect --json``::

    {"site": host, "site_id": int, "site_name": str, "evaluated_at": iso, "indicators": {"name", "version"},
     "passed": bool, "score": float, "base_score": float,
     "vetoes": [{"code", "name", "description", "evaluated": bool, "failed": bool,
                 "value": number|null, "threshold": number|null, "evidence": [finding…]}],
     "deductions": [{"code", "name", "description", "evaluated": bool, "points": float,
                     "value": number|null, "evidence": [finding…]}]}

A finding in ``evidence`` is ``{"id", "problem", "message", "url", "page_id", "unit",
"first_seen_at"}``. ``value`` is a count of open findings or a failure share (0–1).
"""

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .enums import FindingStatus
from .models import Finding, Probe, ScoreSnapshot

DEFAULT_INDICATORS = Path(__file__).with_name("data") / "indicators.json"
EVIDENCE = 50


def load_indicators(path=None):
    path = path or getattr(settings, "ZHANQUN_MONITOR_INDICATORS", None) or DEFAULT_INDICATORS
    return json.loads(Path(path).read_text("utf-8"))


def failure_share(site, days, now=None):
    """(share, probes) of failed availability probes in the last ``days`` days."""
    now = now or timezone.now()
    probes = Probe.objects.filter(site=site, at__gt=now - timedelta(days=days), at__lte=now)
    total = probes.count()
    if not total:
        return None, 0
    return probes.filter(ok=False).count() / total, total


def _evidence(findings):
    return [
        {
            "id": f.pk,
            "problem": f.problem,
            "message": f.message,
            "url": f.url,
            "page_id": f.page_id,
            "unit": f.unit.name if f.unit_id else None,
            "first_seen_at": f.first_seen_at.isoformat(),
        }
        for f in findings[:EVIDENCE]
    ]


def _open(site, problems):
    return list(
        Finding.objects.filter(site=site, status=FindingStatus.OPEN, problem__in=problems)
        .select_related("unit")
        .order_by("first_seen_at", "pk")
    )


def evaluate(site, indicators=None, now=None):
    from zhanqun.sitegroup.models import SiteIdentity

    now = now or timezone.now()
    indicators = indicators or load_indicators()
    result_vetoes, result_deductions = [], []
    for item in indicators["vetoes"]:
        row = {"code": item["code"], "name": item["name"], "description": item.get("description", "")}
        rule = item["rule"]
        if rule == "probe_share":
            share, probes = failure_share(site, item["window_days"], now)
            failed = share is not None and share >= item["threshold"]
            failing = Probe.objects.filter(
                site=site, ok=False, at__gt=now - timedelta(days=item["window_days"])
            ).order_by("-at")[:EVIDENCE]
            row.update(
                evaluated=share is not None,
                failed=failed,
                value=None if share is None else round(share, 4),
                threshold=item["threshold"],
                probes=probes,
                evidence=[{"url": p.url, "at": p.at.isoformat(), "error": p.error} for p in failing] if failed else [],
            )
        elif rule == "findings":
            found = _open(site, item["problems"])
            row.update(
                evaluated=True,
                failed=len(found) >= item["min_count"],
                value=len(found),
                threshold=item["min_count"],
                evidence=_evidence(found),
            )
        else:
            row.update(evaluated=False, failed=False, value=None, threshold=None, evidence=[])
        result_vetoes.append(row)
    for item in indicators["deductions"]:
        row = {"code": item["code"], "name": item["name"], "description": item.get("description", "")}
        if item["rule"] == "probe_share":
            share, probes = failure_share(site, item["window_days"], now)
            hit = share is not None and share >= item["threshold"]
            row.update(
                evaluated=share is not None,
                points=float(item["points"]) if hit else 0.0,
                value=None if share is None else round(share, 4),
                evidence=[],
            )
        elif item["rule"] == "findings":
            found = _open(site, item["problems"])
            points = min(len(found) * item["points_each"], item.get("max_points", float("inf")))
            row.update(evaluated=True, points=float(points), value=len(found), evidence=_evidence(found))
        else:
            row.update(evaluated=False, points=0.0, value=None, evidence=[])
        result_deductions.append(row)
    base = float(indicators.get("base_score", 100))
    score = max(0.0, base - sum(r["points"] for r in result_deductions))
    identity = SiteIdentity.objects.filter(site=site).first()
    return {
        "site": site.hostname,
        "site_id": site.pk,
        "site_name": identity.full_name if identity else site.site_name,
        "evaluated_at": now.isoformat(),
        "indicators": {"name": indicators.get("name", ""), "version": indicators.get("version", "")},
        "passed": not any(v["failed"] for v in result_vetoes),
        "score": round(score, 2),
        "base_score": base,
        "vetoes": result_vetoes,
        "deductions": result_deductions,
    }


def record(site, now=None, indicators=None):
    """Evaluate ``site`` and keep the result as a ``ScoreSnapshot``; the snapshot."""
    now = now or timezone.now()
    result = evaluate(site, indicators=indicators, now=now)
    return ScoreSnapshot.objects.create(
        site=site,
        at=now,
        score=result["score"],
        passed=result["passed"],
        vetoes_failed=sum(1 for v in result["vetoes"] if v["failed"]),
        result=result,
    )


def record_if_due(site, now=None, minutes=None):
    """Record a snapshot unless one was taken in the last ``minutes``
    (``ZHANQUN_SCORE_SNAPSHOT_MINUTES``, default 60): the schedule's trend points."""
    now = now or timezone.now()
    minutes = minutes if minutes is not None else getattr(settings, "ZHANQUN_SCORE_SNAPSHOT_MINUTES", 60)
    if ScoreSnapshot.objects.filter(site=site, at__gt=now - timedelta(minutes=minutes), at__lte=now).exists():
        return None
    return record(site, now=now)


def history(site, start, end):
    """The site's scores from ``start`` to ``end`` (inclusive), oldest first:
    ``[{"at": datetime, "score": float, "passed": bool, "vetoes_failed": int}]``."""
    return [
        {"at": at, "score": float(score), "passed": passed, "vetoes_failed": vetoes}
        for at, score, passed, vetoes in ScoreSnapshot.objects.filter(site=site, at__gte=start, at__lte=end)
        .order_by("at")
        .values_list("at", "score", "passed", "vetoes_failed")
    ]


def daily_history(site, start, end):
    """One point per local day (the day's last snapshot), for a trend chart."""
    days = {}
    for point in history(site, start, end):
        days[timezone.localtime(point["at"]).date()] = point
    return [{"day": day, **point} for day, point in sorted(days.items())]
