"""Generating reports (R-SUP-3), reading their ranking against the criticisms list, and
drafting the assessment notice (通报, R-SUP-4).

Every change is logged with ``wagtail.log_actions.log`` (the audit app mirrors Wagtail's
log entries): ``reports.generate``, ``reports.notice``; exports are recorded by the
views (``audit.record(…, "export", …)``).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from . import figures, periods
from .models import Report, UnitCriticism


def generate(period, user=None, now=None):
    """The report of ``period``: ``(report, True)`` when made now, ``(report, False)`` when
    it already existed (a report is never recomputed: its figures stay as generated)."""
    now = now or timezone.now()
    existing = Report.objects.filter(kind=period.kind.value, period_start=period.start).first()
    if existing is not None:
        return existing, False
    data = figures.compute(period, now=now)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=period.kind.value,
                period_start=period.start,
                period_end=period.end,
                due_date=period.due,
                generated_at=now,
                generated_by=user if user is not None and user.is_authenticated else None,
                data=data,
            )
            log(
                instance=report,
                action="reports.generate",
                user=user,
                data={"period": period.code, "kind": period.kind.value},
            )
    except IntegrityError:  # generated at the same moment by another process
        return Report.objects.get(kind=period.kind.value, period_start=period.start), False
    return report, True


def due_periods(today, since=None):
    """The periods whose report is due: for each kind the latest ended period, and with
    ``since`` (a date) every ended period from the one containing it."""
    found = []
    for kind in periods.Kind:
        period = periods.last_ended(kind, today)
        chain = [period]
        if since is not None:
            while chain[-1].start > since and chain[-1].previous().end >= since:
                chain.append(chain[-1].previous())
        found.extend(reversed(chain))
    return found


def generate_due(today=None, now=None, since=None):
    """Generate every due report that does not exist yet. Returns ``[(period, report,
    created)]``; running it again creates nothing."""
    now = now or timezone.now()
    today = today or timezone.localtime(now).date()
    results = []
    for period in due_periods(today, since):
        report, created = generate(period, now=now)
        results.append((period, report, created))
    return results


# --- ranking and criticisms ----------------------------------------------------------------------


def criticisms_by_unit(year):
    found = {}
    for criticism in UnitCriticism.objects.filter(year=year).order_by("date", "pk"):
        found.setdefault(criticism.unit_id, []).append(criticism)
    return found


def ranking(report):
    """The stored ranking with each unit's standing for the year's awards: a unit on the
    criticisms list for the period's year is barred (不得参加年度评优评先, R-SUP-4). The
    list is read now, so a criticism recorded after the report still bars the unit."""
    criticised = criticisms_by_unit(report.period_start.year)
    rows = []
    for row in report.data.get("assessment", {}).get("ranking", []):
        found = criticised.get(row["unit_id"], [])
        rows.append(
            {
                **row,
                "barred": bool(found),
                "criticisms": [{"date": c.date.isoformat(), "reason": c.reason, "source": c.source} for c in found],
            }
        )
    return rows


def award_label(row):
    return "不得参加本年度评优评先" if row["barred"] else "—"


# --- the notice (通报) ----------------------------------------------------------------------------


class NoticeRefused(ValueError):
    pass


def notices_column():
    """The portal's 通知公告 column."""
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage
    from zhanqun.sitegroup.enums import SiteKind
    from zhanqun.sitegroup.models import SiteIdentity

    identity = (
        SiteIdentity.objects.filter(kind=SiteKind.PORTAL)
        .select_related("site__root_page")
        .order_by("-site__is_default_site", "pk")
        .first()
    )
    if identity is None:
        return None
    home = identity.site.root_page
    columns = ColumnPage.objects.descendant_of(home).filter(kind=ColumnKind.NOTICES)
    return columns.child_of(home).first() or columns.first()


def notice_body(report):
    dims = report.data["assessment"]["dimensions"]
    head = "".join(f"{escape(d['name'])}" + ("、" if i < len(dims) - 1 else "") for i, d in enumerate(dims))
    lines = [
        f"<p>根据网站信息报送考评办法，现将{escape(report.label)}各单位政府网站信息报送考评情况通报如下。"
        f"考评从{head}五方面进行，满分100分。</p>",
        "<ol>",
    ]
    for row in ranking(report):
        parts = "，".join(
            f"{d['name']}{'不适用' if row['scores'].get(d['code']) is None else format(row['scores'][d['code']], 'g')}"
            for d in dims
        )
        barred = "（本年度受到通报批评，不得参加评优评先）" if row["barred"] else ""
        lines.append(
            f"<li>第{row['rank']}名 {escape(row['name'])}：总分{row['total']:g}（{escape(parts)}）{barred}</li>"
        )
    lines.append("</ol>")
    lines.append("<p>请各单位对照考评结果认真整改，切实提高政府网站信息发布质量。</p>")
    return "".join(lines)


@transaction.atomic
def draft_notice(report, user):
    """Create the assessment notice as a *draft* 通知公告 in the portal's notices column
    (R-SUP-4 “定期通报”). It is not published here: it goes through the review workflow
    like any other item (the editor submits it). One notice per report: asking again
    returns the existing draft."""
    from zhanqun.content.models import NoticePage

    if report.notice_page_id and report.notice_page is not None:
        return report.notice_page.specific, False
    column = notices_column()
    if column is None:
        raise NoticeRefused("门户网站没有“通知公告”栏目，无法生成通报。")
    if not report.data.get("assessment", {}).get("ranking"):
        raise NoticeRefused("本报告没有参加考评的单位，无法生成通报。")
    from zhanqun.units.models import Unit

    unit = column.responsible_unit or Unit.objects.order_by("sort_order").first()
    page = NoticePage(
        title=f"关于{report.label}政府网站信息报送考评情况的通报",
        live=False,
        responsible_unit=unit,
        issuer=unit.name if unit else "",
        formed_date=timezone.localdate(timezone=figures.BEIJING),
        body=notice_body(report),
        owner=user,
    )
    column.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    Report.objects.filter(pk=report.pk).update(notice_page=page)
    report.notice_page = page
    log(instance=report, action="reports.notice", user=user, data={"page_id": page.pk, "title": page.title})
    return page, True
