"""Work across all item types: timeliness of many items at once (R-PUB-5) and taking an
item down (R-SEC-6).

``assess_items`` and ``timeliness_counts`` are what the 发布时效 report and, later, the
unit assessments (R-SUP-4) call; an item belongs to the period its 信息形成日期 falls in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page

from zhanqun.workdays.calendar import YearNotCovered

from .timeliness import Status, Timeliness


@dataclass
class ItemTimeliness:
    """One item and how it stands (``result``), or why it cannot be assessed (``error``)."""

    item: Page
    result: Timeliness | None
    error: str = ""

    @property
    def unit(self):
        return self.item.responsible_unit

    @property
    def is_late(self):
        return self.result is not None and self.result.is_late

    @property
    def status(self):
        return self.result.status if self.result else None

    # What the report's columns and its spreadsheet export show.
    @property
    def title(self):
        return self.item.title

    @property
    def type_label(self):
        return self.item._meta.verbose_name

    @property
    def unit_name(self):
        unit = self.item.responsible_unit
        return unit.name if unit else ""

    @property
    def formed_date(self):
        return self.item.formed_date

    @property
    def first_published_at(self):
        return self.item.first_published_at

    @property
    def rule_label(self):
        return self.result.spec.label if self.result else ""

    @property
    def due(self):
        return self.result.due if self.result else None

    @property
    def label(self):
        return self.result.label if self.result else self.error


@dataclass
class UnitTimeliness:
    """Counts for one unit and period (R-PUB-5, for the assessments of R-SUP-4).

    ``on_time`` and ``late`` are published items; ``overdue`` are not published and
    past their limit; ``pending`` are not published and still within it;
    ``beyond_legal_limit`` counts the late or overdue items past 20 working days;
    ``unknown`` could not be assessed (a year missing from the calendar).
    """

    unit: object
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    beyond_legal_limit: int = 0
    unknown: int = 0
    late_items: list = field(default_factory=list, repr=False)

    @property
    def assessed(self):
        """Items whose outcome is known: published, or unpublished past their limit."""
        return self.on_time + self.late + self.overdue

    @property
    def on_time_rate(self):
        """Share of assessed items published on time (``None`` when there are none)."""
        return self.on_time / self.assessed if self.assessed else None


def item_types():
    from .models import ItemPage

    return ItemPage.concrete_types()


def items(units=None, formed_from=None, formed_to=None):
    """Every item of every type (live or not), optionally of ``units`` and formed
    within [``formed_from``, ``formed_to``]; with their responsible unit loaded."""
    found = []
    for model in item_types():
        qs = model.objects.select_related("responsible_unit")
        if units is not None:
            qs = qs.filter(responsible_unit__in=units)
        if formed_from is not None:
            qs = qs.filter(formed_date__gte=formed_from)
        if formed_to is not None:
            qs = qs.filter(formed_date__lte=formed_to)
        found.extend(qs)
    found.sort(key=lambda page: (page.formed_date, page.pk))
    return found


def _column_kinds_by_path():
    from zhanqun.columns.models import ColumnPage

    return dict(ColumnPage.objects.values_list("path", "kind"))


def assess_items(pages, calendar=None, now=None):
    """Assess many items with two queries in all (the columns, the calendar)."""
    from zhanqun.workdays.services import get_calendar

    calendar = calendar or get_calendar()
    now = now or timezone.now()
    kinds_by_path = _column_kinds_by_path()
    rows = []
    for page in pages:
        steps = range(Page.steplen, len(page.path), Page.steplen)
        kinds = {kinds_by_path[page.path[:n]] for n in steps if page.path[:n] in kinds_by_path}
        try:
            rows.append(ItemTimeliness(page, page.get_timeliness(calendar, now, column_kinds=kinds)))
        except YearNotCovered as error:
            rows.append(ItemTimeliness(page, None, error=str(error)))
    return rows


def month_range(month):
    """``"2026-03"`` → (1 March, 31 March)."""
    first = datetime.date.fromisoformat(f"{month}-01")
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def timeliness_counts(formed_from, formed_to, units=None, calendar=None, now=None):
    """Per unit, how many items formed in the period were on time, late, overdue or
    pending (R-PUB-5). Returns ``UnitTimeliness`` rows in the units' order; items
    without a responsible unit are counted under ``None``, last."""
    rows = assess_items(items(units, formed_from, formed_to), calendar, now)
    by_unit = {}
    for row in rows:
        counts = by_unit.setdefault(row.unit, UnitTimeliness(row.unit))
        if row.result is None:
            counts.unknown += 1
            continue
        status = row.result.status
        if status == Status.ON_TIME:
            counts.on_time += 1
        elif status == Status.LATE:
            counts.late += 1
        elif status == Status.OVERDUE:
            counts.overdue += 1
        else:
            counts.pending += 1
        if row.result.beyond_legal_limit:
            counts.beyond_legal_limit += 1
        if row.result.is_late:
            counts.late_items.append(row)
    return sorted(
        by_unit.values(),
        key=lambda c: (c.unit is None, getattr(c.unit, "sort_order", 0), getattr(c.unit, "name", "")),
    )


# --- take-down (R-SEC-6) -------------------------------------------------------------------------


def can_take_down(user, page):
    """Site operators (who hold ``content.add_takedown``) and superusers may take down
    any live item, whatever its lock or workflow state: an emergency does not wait."""
    from .models import ItemPage

    return (
        user.is_active
        and user.has_perm("content.add_takedown")
        and page.live
        and issubclass(page.specific_class or Page, ItemPage)
    )


class TakeDownRefused(PermissionError):
    pass


@transaction.atomic
def take_down(page, user, reason):
    """Unpublish ``page`` at once and record why (R-SEC-6).

    The page goes through Wagtail's normal unpublish (``page_unpublished`` fires, so
    the static publisher removes its files; Wagtail logs 取消发布); the take-down is
    logged in the page's history with the reason (``content.take_down``) and kept as a
    ``TakeDown`` row.
    """
    from .models import TakeDown

    reason = (reason or "").strip()
    if not reason:
        raise ValueError("撤稿原因不能为空。")
    page = page.specific
    if not can_take_down(user, page):
        raise TakeDownRefused("只有站点管理员可以撤稿。")
    record = TakeDown.objects.create(
        page=page,
        revision=page.live_revision,
        page_title=page.title,
        page_url=page.full_url or "",
        reason=reason,
        taken_down_by=user,
    )
    UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
    log(
        instance=page,
        action="content.take_down",
        user=user,
        revision=record.revision,
        data={"reason": reason, "take_down_id": record.pk},
    )
    return record
