"""Index numbers and the disclosure catalog (R-DISC-1, R-DISC-2, R-PUB-5).

``assign_index_number(page)`` is called when an item is published (``signal_handlers``):
the first time, it takes the next number of the item's unit and year from the unit's
``IndexCounter`` row, locked with ``SELECT … FOR UPDATE`` in the publishing transaction,
so two items published at once by two editors wait for each other and never share a
number; every later time it only refreshes the entry's copy of the metadata. A
rolled-back publication gives its number back with the rollback (no number was seen by
anyone), so numbers stay unique and, in practice, gap-free.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhanqun.content.models import ItemPage, PolicyDocumentPage
from zhanqun.content.timeliness import Rule

from .models import CatalogCategory, CatalogEntry, CatalogTemplate, DisclosureUnit, IndexCounter
from .numbering import NumberingError, format_index_number

logger = logging.getLogger(__name__)

OTHER_CATEGORY = ("qt", "其他")


class MissingUnitCode(NumberingError):
    """The item's unit has neither a 统一社会信用代码 nor a 组织机构代码."""


def unit_code(unit) -> str:
    """The code index numbers of ``unit`` start with: its 统一社会信用代码, else the
    组织机构代码 in its disclosure settings; '' when it has neither."""
    if unit.credit_code:
        return unit.credit_code
    profile = DisclosureUnit.objects.filter(unit=unit).first()
    return (profile.org_code if profile else "").strip().upper()


def is_disclosed_item(page) -> bool:
    """Whether an item is proactively disclosed government information: it runs on the
    active-disclosure clock (a policy document, interpretation or notice, or any item
    in a disclosure column — ``ItemPage.get_timeliness_rule``)."""
    return isinstance(page, ItemPage) and page.get_timeliness_rule() == Rule.ACTIVE_DISCLOSURE


def item_unit(page):
    """The unit responsible for the item, else for its column."""
    if page.responsible_unit_id:
        return page.responsible_unit
    parent = page.get_parent().specific
    return getattr(parent, "responsible_unit", None)


def next_sequence(unit, year: int) -> int:
    """The next sequence of ``unit`` in ``year``; inside the assigning transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence() must run inside the transaction that assigns the number")
    IndexCounter.objects.get_or_create(unit=unit, year=year)
    counter = IndexCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


# --- catalog templates and categories ------------------------------------------------------------


def template_for(unit):
    """The unit's own template, else its kind's, else the general one (None if none)."""
    profile = DisclosureUnit.objects.filter(unit=unit).select_related("catalog_template").first()
    if profile and profile.catalog_template:
        return profile.catalog_template
    return (
        CatalogTemplate.objects.filter(unit_kind=unit.kind).first()
        or CatalogTemplate.objects.filter(unit_kind="").first()
    )


def category_for(page, unit) -> tuple[str, str]:
    """(code, name) of the catalog category an item falls in: the first category of the
    unit's template whose column kind is the item's column or one above it."""
    template = template_for(unit)
    if template is None:
        return OTHER_CATEGORY
    from zhanqun.columns.models import ColumnPage

    columns = list(ColumnPage.objects.ancestor_of(page).order_by("-depth").values_list("kind", flat=True))
    categories = list(template.categories.exclude(column_kind=""))
    for kind in columns:
        for category in categories:
            if category.column_kind == kind:
                return category.code, category.name
    return OTHER_CATEGORY


def guess_document_kind(page) -> str:
    """规章 are numbered as government orders (“……政府令第N号”); other policy documents
    default to 行政规范性文件 when their number carries 规 (e.g. 云政规〔2026〕1号), else
    其他文件. The office corrects it on the catalog entry."""
    from .enums import DocumentKind

    if not isinstance(page, PolicyDocumentPage):
        return ""
    number = page.document_number or ""
    if "令" in number:
        return DocumentKind.RULE
    if "规" in number:
        return DocumentKind.NORMATIVE
    return DocumentKind.OTHER


# --- assigning ------------------------------------------------------------------------------------


def _metadata(page, unit):
    from zhanqun.workdays.calendar import YearNotCovered

    data = {
        "title": page.title,
        "summary": getattr(page, "summary", "") or "",
        "formed_date": page.formed_date,
        "published_at": page.first_published_at,
        "document_number": "",
        "issuing_body": getattr(page, "issuer", "") or unit.name,  # a notice's 发布机构
        "theme": "",
        "doc_type": str(page._meta.verbose_name),
        "validity": "valid",
        "url": page.get_url() or "",
        "live": page.live,
    }
    if isinstance(page, PolicyDocumentPage):
        data.update(
            document_number=page.document_number,
            issuing_body=page.issuing_body or unit.name,
            theme=str(page.get_theme_display()),
            validity=page.validity,
            validity_changed_on=page.validity_changed_on,
        )
    try:
        result = page.get_timeliness()
    except YearNotCovered:
        result = None
    if result is not None:
        data.update(late=result.is_late, late_label=result.label, beyond_legal_limit=result.beyond_legal_limit)
    return data


@transaction.atomic
def assign_index_number(page, *, at=None) -> CatalogEntry | None:
    """Give a published disclosed item its index number (once) and refresh its catalog
    entry. Returns the entry, or None when the item is not disclosed information.
    Raises ``MissingUnitCode`` when its unit has no code to number it with."""
    page = page.specific
    if not is_disclosed_item(page):
        return None
    entry = CatalogEntry.objects.select_for_update().filter(page=page).first()
    unit = entry.unit if entry else item_unit(page)
    if unit is None:
        raise MissingUnitCode(f"“{page.title}”没有责任单位，无法分配索引号。")
    if entry is None:
        code = unit_code(unit)
        if not code:
            raise MissingUnitCode(f"{unit.name}尚未登记统一社会信用代码或组织机构代码，无法分配索引号。")
        moment = page.first_published_at or at or timezone.now()
        year = timezone.localtime(moment).year
        sequence = next_sequence(unit, year)
        category = category_for(page, unit)
        entry = CatalogEntry(
            page=page,
            unit=unit,
            year=year,
            sequence=sequence,
            index_number=format_index_number(code, year, sequence),
            category_code=category[0],
            category_name=category[1],
            document_kind=guess_document_kind(page),
            assigned_at=at or timezone.now(),
        )
        rerender_page(page)
    for name, value in _metadata(page, unit).items():
        setattr(entry, name, value)
    entry.save()
    if isinstance(page, PolicyDocumentPage) and page.index_number != entry.index_number:
        _write_index_number(page, entry.index_number)
    return entry


def _write_index_number(page, number):
    """Put the number on the page row and in its latest revision, so the editor's form
    and the next publication keep it (PolicyDocumentPage.index_number is read-only)."""
    PolicyDocumentPage.objects.filter(pk=page.pk).update(index_number=number)
    page.index_number = number
    revision = page.latest_revision
    if revision is not None and revision.content.get("index_number") != number:
        revision.content["index_number"] = number
        revision.save(update_fields=["content"])


def rerender_page(page):
    """Have the static publisher render a newly numbered item again, unless its job is
    still waiting (it then renders the number anyway, after the commit).

    The item's file shows the number (``content/includes/disclosure_meta.html``), but
    Wagtail does not wrap a publication in a transaction and the publisher's
    ``page_published`` receiver runs before ours (``publishing`` comes first in
    ``INSTALLED_APPS``): outside a transaction its job has already rendered the page,
    without the number. The same holds for items numbered after they went live
    (``assign_missing``). The job runs when the assigning transaction commits and
    rewrites only the files whose bytes changed."""
    from zhanqun.publishing import services
    from zhanqun.publishing.models import PublishJob

    if not page.live or not services.auto_publishing():
        return
    if PublishJob.objects.filter(kind=PublishJob.Kind.PAGE, page_id=page.pk, status=PublishJob.Status.PENDING).exists():
        return
    services.enqueue(PublishJob.Kind.PAGE, page_id=page.pk, data=services.page_state(page))


def mark_unpublished(page):
    """The item left the site: its entry leaves the public catalog, its number stays."""
    CatalogEntry.objects.filter(page_id=page.pk).update(live=False)


def assign_missing(pages=None) -> tuple[int, list[str]]:
    """Number every live disclosed item that has no entry yet (items imported or made
    live without a publish signal, e.g. the demo). Returns (assigned, problems)."""
    assigned, problems = 0, []
    if pages is None:
        pages = []
        for model in ItemPage.concrete_types():
            pages.extend(model.objects.live().filter(catalog_entry__isnull=True).order_by("first_published_at", "pk"))
        pages.sort(key=lambda p: (p.first_published_at or timezone.now(), p.pk))
    for page in pages:
        try:
            if assign_index_number(page) is not None:
                assigned += 1
        except NumberingError as exc:
            problems.append(str(exc))
    return assigned, problems


# --- what the back office shows -------------------------------------------------------------------


@dataclass
class CategoryCount:
    category: CatalogCategory
    count: int

    @property
    def empty(self):
        return self.count == 0


def category_counts(unit) -> list[CategoryCount]:
    template = template_for(unit)
    if template is None:
        return []
    counts = dict(
        CatalogEntry.objects.live()
        .filter(unit=unit)
        .values_list("category_code")
        .annotate(n=Count("pk"))
        .values_list("category_code", "n")
    )
    return [CategoryCount(c, counts.get(c.code, 0)) for c in template.categories.all()]


def empty_required_categories(unit) -> list[CatalogCategory]:
    """R-DISC-2: the required categories of the unit's template with nothing published."""
    return [row.category for row in category_counts(unit) if row.category.required and row.empty]


def unnumbered_items(units=None):
    """Live disclosed items without an index number (their unit has no code yet)."""
    found = []
    for model in ItemPage.concrete_types():
        qs = model.objects.live().filter(catalog_entry__isnull=True).select_related("responsible_unit")
        if units is not None:
            qs = qs.filter(responsible_unit__in=units)
        found.extend(page for page in qs[:200] if is_disclosed_item(page))
    return found
