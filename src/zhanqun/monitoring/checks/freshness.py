"""Freshness (R-COL-2; the inspectors' 网站不更新 and 栏目不可用): every column against its
update interval (``update_interval_days``; defaults are the inspectors' windows:
动态/要闻 2 weeks, 通知公告/政策文件 6 months, others 1 year — ``columns.enums``), blank
columns (no item at all), and the home page: nothing new on the site for 2 weeks.
公开指南 and 公开目录 columns show the approved guide and the catalog (``disclosure``):
they count as updated when those were."""

from datetime import timedelta

from django.conf import settings
from wagtail.models import Page

from ..enums import Problem
from . import Observation

HOME_WINDOW_DAYS = 14


def _newest(pages):
    return pages.order_by("-first_published_at").values_list("first_published_at", flat=True).first()


def _provided_elsewhere(column, site):
    """When a column whose page shows content kept outside the page tree was last
    updated, or None: 公开指南 shows the unit's approved guide, 公开目录 the catalog
    (``disclosure``). Such a column is not blank when that content exists."""
    from zhanqun.columns.enums import ColumnKind

    kind = getattr(column, "kind", None)
    if kind == ColumnKind.GUIDE:
        from zhanqun.disclosure.models import Guide
        from zhanqun.sitegroup.models import SiteIdentity

        owner = SiteIdentity.objects.filter(site=site).values_list("owner_unit_id", flat=True).first()
        guide = Guide.objects.filter(unit_id=owner).first()
        return guide.approved_at if guide is not None and guide.is_published else None
    if kind == ColumnKind.CATALOG:
        from zhanqun.disclosure.models import CatalogEntry

        return CatalogEntry.objects.filter(live=True).order_by("-published_at").values_list(
            "published_at", flat=True
        ).first()
    return None


def check(site, now):
    from zhanqun.columns.models import ColumnPage, SpecialTopicPage
    from zhanqun.content.models import ItemPage

    item_types = ItemPage.concrete_types()
    root = site.root_page
    items = Page.objects.live().type(*item_types)
    found = []
    for model in (ColumnPage, SpecialTopicPage):
        for column in model.objects.live().descendant_of(root).order_by("path"):
            newest = _newest(items.descendant_of(column))
            elsewhere = _provided_elsewhere(column, site)
            if elsewhere is not None and (newest is None or elsewhere > newest):
                newest = elsewhere
            unit_id = column.responsible_unit_id
            url = column.get_url() or ""
            if newest is None:
                found.append(
                    Observation(
                        Problem.COLUMN_BLANK,
                        f"column:{column.pk}",
                        f"空白栏目：“{column.title}”没有任何信息",
                        page_id=column.pk,
                        unit_id=unit_id,
                        url=url,
                        evidence={"column": column.title, "kind": getattr(column, "kind", "special_topic")},
                    )
                )
                continue
            age = (now - newest).days
            if age > column.update_interval_days:
                found.append(
                    Observation(
                        Problem.COLUMN_STALE,
                        f"column:{column.pk}",
                        f"栏目“{column.title}”已 {age} 天未更新（应每 {column.update_interval_days} 天内更新）",
                        page_id=column.pk,
                        unit_id=unit_id,
                        url=url,
                        evidence={
                            "column": column.title,
                            "kind": getattr(column, "kind", "special_topic"),
                            "newest": newest.isoformat(),
                            "days": age,
                            "interval_days": column.update_interval_days,
                        },
                    )
                )
    window = getattr(settings, "ZHANQUN_MONITOR_HOME_WINDOW_DAYS", HOME_WINDOW_DAYS)
    newest = _newest(items.descendant_of(root))
    if newest is None or now - newest > timedelta(days=window):
        days = (now - newest).days if newest else None
        found.append(
            Observation(
                Problem.HOME_STALE,
                "home",
                f"首页 {days} 天没有新信息（{window} 天内应有更新）" if days is not None else "网站没有任何信息",
                page_id=root.pk,
                url=site.root_url + "/",
                evidence={"newest": newest.isoformat() if newest else None, "days": days, "window_days": window},
            )
        )
    return found
