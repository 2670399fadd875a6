"""Letters and error reports: intake, triage, and what the public pages read.

Everything that changes a case goes through ``zhanqun.cases.services``; this module adds
what the kinds need around it (the letter's or report's own row, the 机要室 route of a
special letter, the national platform's import) and the public pages' queries.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import Count, F, FilteredRelation, IntegerField, Prefetch, Q, Value, When
from django.db.models.fields.json import KT
from django.utils import timezone

from zhanqun.cases import services as cases
from zhanqun.cases.models import Case, Reply
from zhanqun.review.enums import ModerationStatus

from .case_kinds import ERROR_REPORT, LETTER
from .enums import Channel, Complexity, ErrorSource, ErrorType, LetterCategory
from .models import ErrorReport, Letter, settings_for
from .text import plain_text

SUBJECT_MAX = 100

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------
# letters (R-INT-1, R-INT-2)
# ---------------------------------------------------------------------------
@transaction.atomic
def submit_letter(
    mailbox,
    *,
    subject: str,
    content: str,
    category: str,
    submitter: dict,
    channel: str = Channel.WEBSITE,
    complexity: str = Complexity.ORDINARY,
    public_consent: bool = True,
    actor=None,
    received_at=None,
    submission_key: str | None = None,
) -> Case:
    """Receive a letter to ``mailbox`` (受理): numbered, registered with its clocks
    (R-INT-2 deadline from its category), the submitter's data encrypted. The same
    ``submission_key`` twice returns the first letter (a double-submitted form)."""
    case = cases.submit_case(
        LETTER,
        subject=plain_text(subject, single_line=True)[:SUBJECT_MAX],
        content=plain_text(content),
        submitter={k: plain_text(v, single_line=True) for k, v in submitter.items() if v},
        site=mailbox.site,
        actor=actor,
        received_at=received_at,
        data={
            "category": LetterCategory(category).value,
            "complexity": Complexity(complexity).value,
            "special": False,
        },
        submission_key=submission_key,
    )
    Letter.objects.get_or_create(
        case=case, defaults={"mailbox": mailbox, "channel": channel, "public_consent": public_consent}
    )
    return case


@transaction.atomic
def triage_letter(case, actor, *, category, complexity, special=False, unit=None, note="", at=None):
    """分拣交办 (R-INT-1): classify the letter; an ordinary letter goes straight to its
    handling unit; a special one to the site's 机要室, where a leader's instruction routes
    it (``case_kinds.check_letter``)."""
    confidential = settings_for(case.site).confidential_unit
    if special and confidential is None:
        raise ValidationError("特殊来信须交机要室：请先在“设置 → 互动交流设置”中指定机要室。")
    data = {
        "category": LetterCategory(category).value,
        "complexity": Complexity(complexity).value,
        "special": bool(special),
    }
    cases.triage(case, actor, note=note, data=data, at=at)
    if special:
        cases.assign(case, actor, confidential, note=note or "特殊来信，交机要室呈领导批示。", at=at)
    elif unit is not None:
        cases.assign(case, actor, unit, note=note, at=at)
    case.refresh_from_db()
    return case


def letters_of(site):
    return Case.objects.filter(kind=LETTER.code, letter__mailbox__site=site)


def answered_letters(site, mailbox=None):
    """Answered letters the public may see (R-INT-6): reply published and the
    publication passed moderation (R-INT-3) — ``Letter.shown_replied_at``, set when the
    moderation item is approved; newest reply first."""
    qs = (
        letters_of(site)
        .filter(letter__shown_replied_at__isnull=False)
        .select_related("unit", "letter__mailbox")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(published_at__isnull=False).select_related("unit"),
                to_attr="published_replies",
            )
        )
        .order_by("-letter__shown_replied_at", "-pk")
    )
    if mailbox is not None:
        qs = qs.filter(letter__mailbox=mailbox)
    return qs


def answered_letter_keys(site, mailbox=None):
    """The case ids of ``answered_letters`` in the same order, from the letters' own
    partial indexes only: what the list's paginator counts and pages through."""
    qs = Letter.objects.filter(mailbox__site=site, shown_replied_at__isnull=False)
    if mailbox is not None:
        qs = qs.filter(mailbox=mailbox)
    return qs.order_by("-shown_replied_at", "-case_id").values_list("case_id", flat=True)


def show_letter(moderation_item):
    """Record the moderation decision on the letter it is about: approved → shown on the
    public pages (in the order of its reply), refused → not shown (R-INT-3)."""
    for letter in Letter.objects.filter(moderation=moderation_item).select_related("case"):
        case = letter.case
        shown = None
        if moderation_item.status == ModerationStatus.APPROVED:
            shown = case.replied_at or case.published_at or moderation_item.decided_at or timezone.now()
        Letter.objects.filter(pk=letter.pk).update(shown_replied_at=shown)


@dataclass
class Statistics:
    year: int
    total: int = 0
    replied: int = 0
    on_time: int = 0
    by_month: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    by_category: list = field(default_factory=list)


def letter_statistics(site, year: int) -> Statistics:
    """Letters received in ``year`` on ``site`` by month, handling unit and category:
    received, replied, replied on time (the reply clock met) (R-INT-6).

    One aggregate query over the year's letters (index ``cases_kind_received``), grouped
    by Beijing month (a CASE over the month boundaries, no per-row date function), unit
    and category; the reply clock is joined one-to-one (``FilteredRelation``), so no join
    multiplies the rows and no COUNT(DISTINCT) is needed. The totals, months, units and
    categories are summed from its few hundred rows."""
    tz = timezone.get_default_timezone()
    bounds = [timezone.make_aware(dt.datetime(year, m, 1), tz) for m in range(1, 13)]
    bounds.append(timezone.make_aware(dt.datetime(year + 1, 1, 1), tz))
    month = SqlCase(
        *[When(received_at__lt=bounds[m], then=Value(m)) for m in range(1, 13)], output_field=IntegerField()
    )
    rows = list(
        letters_of(site)
        .filter(received_at__gte=bounds[0], received_at__lt=bounds[-1])
        .annotate(reply_clock=FilteredRelation("clocks", condition=Q(clocks__code="reply")))
        .annotate(month=month, category=KT("data__category"))
        .values("month", "unit__name", "category")
        .annotate(
            received=Count("pk"),
            replied=Count("pk", filter=Q(replied_at__isnull=False)),
            on_time=Count(
                "pk",
                filter=Q(reply_clock__stopped_at__isnull=False, reply_clock__stopped_at__lte=F("reply_clock__due_at")),
            ),
        )
        .order_by()
    )
    measures = ("received", "replied", "on_time")

    def total(selected):
        return {key: sum(row[key] for row in selected) for key in measures}

    stats = Statistics(year=year, **dict(zip(("total", "replied", "on_time"), total(rows).values(), strict=True)))
    stats.by_month = [{"month": m, **total([row for row in rows if row["month"] == m])} for m in range(1, 13)]
    units = {}
    for row in rows:
        units.setdefault(row["unit__name"], []).append(row)
    stats.by_unit = sorted(
        ({"unit__name": name, "unit": name or "待分拣", **total(group)} for name, group in units.items()),
        key=lambda r: (-r["received"], r["unit__name"] or ""),
    )
    labels = dict(LetterCategory.choices)
    stats.by_category = [
        {**total([row for row in rows if row["category"] == code]), "category": labels[code]}
        for code in LetterCategory.values
    ]
    return stats


# ---------------------------------------------------------------------------
# error reports (R-INT-4)
# ---------------------------------------------------------------------------
def error_subject(error_type, description):
    label = ErrorType(error_type).label
    summary = plain_text(description, single_line=True)
    return f"{label}：{summary}"[:SUBJECT_MAX]


@transaction.atomic
def submit_error_report(
    site,
    *,
    page_url: str,
    error_type: str,
    description: str,
    submitter: dict | None = None,
    screenshot=None,
    screenshot_url: str = "",
    source: str = ErrorSource.SITE,
    national_id: str | None = None,
    received_at=None,
    submitted_at=None,
    submission_key: str | None = None,
    actor=None,
) -> Case:
    """Receive an error report (受理) with its evidence (the page and a screenshot), and
    start its clocks: triage within 1 office hour, reply within 3 working days (R-INT-4)."""
    case = cases.submit_case(
        ERROR_REPORT,
        subject=error_subject(error_type, description),
        content=plain_text(description),
        submitter={k: plain_text(v, single_line=True) for k, v in (submitter or {}).items() if v},
        site=site,
        actor=actor,
        received_at=received_at,
        submitted_at=submitted_at,
        data={"error_type": ErrorType(error_type).value, "page_url": page_url},
        submission_key=submission_key,
    )
    report, created = ErrorReport.objects.get_or_create(
        case=case,
        defaults={
            "source": source,
            "national_id": national_id or None,
            "page_url": page_url,
            "error_type": error_type,
            "screenshot_url": screenshot_url,
        },
    )
    if created and screenshot is not None:
        store_screenshot_on_commit(report, screenshot)
    return case


def store_screenshot_on_commit(report, upload):
    """Give the report its screenshot's (random) name now, and write the file to private
    storage only once the report's transaction commits: a rolled-back submission leaves
    no file behind (nothing on disk without its case). Should the write fail after the
    commit, the report is kept without the screenshot and the failure logged — the
    citizen's report and receipt matter more than the picture."""
    field = report.screenshot.field
    name = field.generate_filename(report, upload.name)
    upload.seek(0)
    content = ContentFile(upload.read())  # ≤ ZHANQUN_INTERACTION_MAX_SCREENSHOT; the upload may be closed by then
    report.screenshot.name = name
    report.save(update_fields=["screenshot"])

    def write():
        try:
            stored = field.storage.save(name, content, max_length=field.max_length)
        except OSError:
            logger.exception("screenshot of %s could not be stored", report.case_id)
            ErrorReport.objects.filter(pk=report.pk).update(screenshot="")
            return
        if stored != name:  # the storage chose another name (it existed)
            ErrorReport.objects.filter(pk=report.pk).update(screenshot=stored)

    transaction.on_commit(write)
