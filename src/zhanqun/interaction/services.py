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
from django.db.models import Count, F, Prefetch, Q
from django.db.models.fields.json import KT
from django.db.models.functions import ExtractMonth
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
    publication passed moderation (R-INT-3); newest reply first."""
    qs = (
        letters_of(site)
        .filter(published_at__isnull=False, letter__moderation__status=ModerationStatus.APPROVED)
        .select_related("unit", "letter__mailbox")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(published_at__isnull=False).select_related("unit"),
                to_attr="published_replies",
            )
        )
        .order_by("-replied_at", "-pk")
    )
    if mailbox is not None:
        qs = qs.filter(letter__mailbox=mailbox)
    return qs


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
    received, replied, replied on time (the reply clock met) (R-INT-6)."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    qs = letters_of(site).filter(received_at__gte=start, received_at__lt=end)
    counts = {
        "received": Count("pk", distinct=True),
        "replied": Count("pk", distinct=True, filter=Q(replied_at__isnull=False)),
        "on_time": Count(
            "pk",
            distinct=True,
            filter=Q(clocks__code="reply", clocks__stopped_at__isnull=False, clocks__stopped_at__lte=F("clocks__due_at")),
        ),
    }
    stats = Statistics(year=year)
    totals = qs.aggregate(**counts)
    stats.total, stats.replied, stats.on_time = totals["received"], totals["replied"], totals["on_time"]
    months = {
        row["month"]: row
        for row in qs.annotate(month=ExtractMonth("received_at")).values("month").annotate(**counts).order_by("month")
    }
    stats.by_month = [{"month": m, **months.get(m, {"received": 0, "replied": 0, "on_time": 0})} for m in range(1, 13)]
    stats.by_unit = [
        {**row, "unit": row["unit__name"] or "待分拣"}
        for row in qs.values("unit__name").annotate(**counts).order_by("-received", "unit__name")
    ]
    labels = dict(LetterCategory.choices)
    categories = {row["category"]: row for row in qs.annotate(category=KT("data__category")).values("category").annotate(**counts)}
    stats.by_category = [
        {**categories.get(code, {"received": 0, "replied": 0, "on_time": 0}), "category": labels[code]}
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
