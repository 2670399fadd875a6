"""Running the monitors and keeping their findings (``models.py`` says how a finding
lives across runs)."""

import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .checks import get_check
from .enums import CheckCode, FindingStatus
from .models import Finding, MonitorRun
from .signals import findings_opened

logger = logging.getLogger("zhanqun.monitoring")


def run_check(code, site, now=None):
    """Run one monitor on one site and bring its findings up to date; the ``MonitorRun``.
    A monitor that raises is recorded with its error and changes no finding."""
    now = now or timezone.now()
    run = MonitorRun.objects.create(monitor=code, site=site, started_at=now)
    try:
        observations = get_check(code)(site, now)
    except Exception:  # noqa: BLE001 - recorded on the run, shown to the operators
        run.error = traceback.format_exc()[-4000:]
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at"])
        logger.exception("monitor %s failed on %s", code, site.hostname)
        return run
    with transaction.atomic():
        opened = _apply(run, code, site, observations, now)
        run.finished_at = timezone.now()
        run.save()
        if opened:
            transaction.on_commit(lambda: findings_opened.send(sender=MonitorRun, run=run, findings=opened))
    return run


def _apply(run, code, site, observations, now):
    open_findings = {
        f.fingerprint: f
        for f in Finding.objects.select_for_update().filter(site=site, monitor=code, status=FindingStatus.OPEN)
    }
    seen = set()
    opened = []
    for obs in observations:
        if obs.fingerprint in seen:
            continue
        seen.add(obs.fingerprint)
        finding = open_findings.pop(obs.fingerprint, None)
        fields = {
            "problem": obs.problem,
            "message": obs.message[:500],
            "page_id": obs.page_id,
            "unit_id": obs.unit_id,
            "url": obs.url[:1000],
            "evidence": obs.evidence,
            "last_seen_at": now,
        }
        if finding is None:
            finding = Finding(site=site, monitor=code, fingerprint=obs.fingerprint[:500], first_seen_at=now, **fields)
            run.opened += 1
            opened.append(finding)
        else:
            for name, value in fields.items():
                setattr(finding, name, value)
            run.still_open += 1
        if obs.resolved:
            finding.status = FindingStatus.RESOLVED
            finding.resolved_at = now
            finding.resolution = obs.resolved[:200]
        finding.save()
    for finding in open_findings.values():
        finding.status = FindingStatus.RESOLVED
        finding.resolved_at = now
        finding.resolution = "复查时问题已不存在"
        finding.save(update_fields=["status", "resolved_at", "resolution"])
        run.resolved += 1
    return opened


def run_checks(sites, codes=None, now=None):
    """Run the monitors ``codes`` (all by default) on each site, then record each site's
    score for the trend; the runs."""
    from .scorecard import record

    codes = codes or CheckCode.runnable()
    runs = []
    for site in sites:
        runs += [run_check(code, site, now=now) for code in codes]
        record(site, now=now)
    return runs


# Minutes between two runs of a monitor on a site (``ZHANQUN_MONITOR_SCHEDULE`` overrides
# any entry): the availability of portals every 5 minutes and of other sites every 15,
# as the monitoring issue asks; tamper checks every 15; the rest hourly or daily.
DEFAULT_SCHEDULE = {
    CheckCode.AVAILABILITY: {"portal": 5, "other": 15},
    CheckCode.TAMPER: 15,
    CheckCode.FRESHNESS: 60,
    CheckCode.FOOTER: 24 * 60,
    CheckCode.LINKS: 24 * 60,
    CheckCode.INTERACTION: 60,
    CheckCode.CONTENT: 24 * 60,
}


def interval_minutes(code, site):
    from zhanqun.sitegroup.enums import SiteKind
    from zhanqun.sitegroup.models import SiteIdentity

    schedule = {**DEFAULT_SCHEDULE, **getattr(settings, "ZHANQUN_MONITOR_SCHEDULE", {})}
    value = schedule[CheckCode(code)]
    if isinstance(value, dict):
        kind = SiteIdentity.objects.filter(site=site).values_list("kind", flat=True).first()
        value = value["portal"] if kind == SiteKind.PORTAL else value["other"]
    return value


def due_checks(site, now=None):
    """[(monitor code, last run or None)] of the monitors due on ``site``: never run, or
    last run at least their interval ago. A monitor that missed its slots (the watcher
    was down) is simply due now: one catch-up run, not one per missed slot."""
    now = now or timezone.now()
    last = dict(
        MonitorRun.objects.filter(site=site)
        .values("monitor")
        .annotate(last=Max("started_at"))
        .values_list("monitor", "last")
    )
    due = []
    for code in CheckCode.runnable():
        previous = last.get(code.value)
        if previous is None or now - previous >= timedelta(minutes=interval_minutes(code, site)):
            due.append((code, previous))
    return due


def run_due(sites, now=None, log=None):
    """Run every monitor that is due on each site; the runs."""
    from .scorecard import record_if_due

    now = now or timezone.now()
    runs = []
    for site in sites:
        for code, previous in due_checks(site, now):
            if log is not None and previous is not None:
                late = now - previous - timedelta(minutes=interval_minutes(code, site))
                if late >= timedelta(minutes=interval_minutes(code, site)):
                    log(
                        f"{site.hostname} {code.label}：上次运行于 {timezone.localtime(previous):%Y-%m-%d %H:%M}，已错过预定时间，现在补做一次。"
                    )
            runs.append(run_check(code, site, now=now))
        record_if_due(site, now=now)
    return runs
