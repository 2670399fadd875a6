"""Queries over the daily aggregates, for the 访问统计 screen and the reports app.

    from zhanqun.analytics.services import page_views
    page_views(site, date(2026, 11, 1), date(2026, 11, 30), by="column")

``site`` is a Wagtail ``Site``, its id, or None for the whole group. ``start`` and
``end`` are dates, both included. ``visitors`` summed over several days counts a person
once per day they came (访客数按日累计); per day it is the day's distinct visitors.
"""

from datetime import date, timedelta

from django.db.models import Sum

from .models import PageViewDay, SiteDay

BY = ("day", "column", "page", "item")


def _site_filter(qs, site):
    if site is None:
        return qs
    return qs.filter(site_id=getattr(site, "pk", site))


def _check(start, end, by):
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, not {by!r}")
    if not isinstance(start, date) or not isinstance(end, date) or end < start:
        raise ValueError("start and end must be dates, start ≤ end")


def totals(site, start, end):
    """{"views": …, "visitors": …} over the range (visitors per day, summed)."""
    agg = _site_filter(SiteDay.objects.filter(date__range=(start, end)), site).aggregate(
        views=Sum("views"), visitors=Sum("visitors")
    )
    return {"views": agg["views"] or 0, "visitors": agg["visitors"] or 0}


def page_views(site, start, end, by="day", limit=None):
    """Page views over ``start``..``end``:

    * ``by="day"``: every day of the range in order, ``{"date", "views", "visitors"}``
      (0 for a day without views);
    * ``by="column"``: per column, most viewed first, ``{"column_id", "title", "url",
      "views", "visitors"}`` — a column's own list pages and the items directly in it
      (an item in a sub-column counts for the sub-column);
    * ``by="page"``: per page (a path the publisher does not know, e.g. a form under
      /hudong/, per path), ``{"page_id", "path", "title", "url", "column_id",
      "column_title", "views", "visitors"}``;
    * ``by="item"``: as ``page``, only items (pages inside a column that are not columns).
    """
    _check(start, end, by)
    if by == "day":
        rows = _site_filter(SiteDay.objects.filter(date__range=(start, end)), site)
        per_day = {}
        for day, views, visitors in rows.values_list("date", "views", "visitors"):
            v = per_day.setdefault(day, [0, 0])
            v[0] += views
            v[1] += visitors
        out = []
        day = start
        while day <= end:
            views, visitors = per_day.get(day, (0, 0))
            out.append({"date": day, "views": views, "visitors": visitors})
            day += timedelta(days=1)
        return out

    rows = _site_filter(PageViewDay.objects.filter(date__range=(start, end)), site)
    if by == "column":
        grouped = (
            rows.filter(column_id__isnull=False)
            .values("column_id")
            .annotate(views=Sum("views"), visitors=Sum("visitors"))
            .order_by("-views", "column_id")
        )
        result = [dict(r) for r in (grouped[:limit] if limit else grouped)]
        pages = _pages({r["column_id"] for r in result})
        for r in result:
            page = pages.get(r["column_id"])
            r["title"] = page.title if page else f"（已删除的栏目 {r['column_id']}）"
            r["url"] = page.get_full_url() if page else ""
        return result

    known = rows.filter(page_id__isnull=False)
    if by == "item":
        from django.db.models import F

        known = known.filter(column_id__isnull=False).exclude(page_id=F("column_id"))
    by_page = list(
        known.values("page_id", "column_id").annotate(views=Sum("views"), visitors=Sum("visitors")).order_by()
    )
    merged = {}
    for r in by_page:  # the same page under two column ids (moved between ingests)
        m = merged.setdefault(
            r["page_id"], {"page_id": r["page_id"], "column_id": r["column_id"], "views": 0, "visitors": 0}
        )
        m["views"] += r["views"]
        m["visitors"] += r["visitors"]
    result = list(merged.values())
    if by == "page":
        for r in (
            rows.filter(page_id__isnull=True).values("path").annotate(views=Sum("views"), visitors=Sum("visitors"))
        ):
            result.append(
                {"page_id": None, "column_id": None, "path": r["path"], "views": r["views"], "visitors": r["visitors"]}
            )
    result.sort(key=lambda r: (-r["views"], r.get("path") or "", r["page_id"] or 0))
    if limit:
        result = result[:limit]
    pages = _pages({r["page_id"] for r in result if r["page_id"]} | {r["column_id"] for r in result if r["column_id"]})
    sites = {}
    for r in result:
        page = pages.get(r["page_id"]) if r["page_id"] else None
        column = pages.get(r["column_id"]) if r["column_id"] else None
        r["column_title"] = column.title if column else ""
        if page is not None:
            r["title"] = page.title
            r["url"] = page.get_full_url()
            r.setdefault("path", page.get_url_parts()[2] if page.get_url_parts() else "")
        elif r["page_id"]:
            r["title"] = f"（已删除的页面 {r['page_id']}）"
            r["url"] = ""
            r.setdefault("path", "")
        else:
            r["title"] = r["path"]
            r["url"] = _site_root(site, sites) + r["path"] if site is not None else ""
    return result


def _pages(ids):
    from wagtail.models import Page

    ids = [i for i in ids if i]
    return {p.pk: p for p in Page.objects.filter(pk__in=ids)}


def _site_root(site, cache):
    from wagtail.models import Site

    key = getattr(site, "pk", site)
    if key not in cache:
        cache[key] = Site.objects.get(pk=key).root_url
    return cache[key]
