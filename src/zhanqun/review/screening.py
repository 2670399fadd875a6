"""Running the screening engine on what is about to be published (R-PUB-3, R-PUB-4).

``zhanqun.screening`` is pure Python: text in, findings out. This module decides
*which* text of an item is screened and keeps the findings in a form the review
screens can show and mark:

* every text field of the revision under review: the title, then the item's own
  text and rich-text fields (正文, 摘要, 作者 …), each one *part* whose extracted text
  is stored so reviewers see the findings marked in place;
* every document the item carries — document fields, inline attachments
  (附件) and documents linked from the rich text — page by page, keeping the excerpt.

A finding is a dict (``Finding.to_dict()`` plus ``part``, ``location``, ``match`` and
``key``); ``key`` (rule + excerpt) is what a 保密审查员's override refers to.
"""

from __future__ import annotations

import functools
import logging
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from zhanqun.screening import Screener
from zhanqun.screening import extract as screening_extract
from zhanqun.screening.context import ScreenContext

logger = logging.getLogger(__name__)

DOCUMENT_LINK_RE = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
ATTR_RE = re.compile(r'(\w+)="([^"]*)"')
# Page fields that are not content: never screened.
SKIPPED_FIELDS = frozenset({"slug", "url_path", "draft_title", "seo_title", "index_number", "document_number"})


@functools.cache
def get_screener():
    """One screener per process: compiling a large dictionary takes about half a second."""
    return Screener()


def finding_key(rule, excerpt):
    return f"{rule}|{excerpt}"


def _finding_dict(f, *, part=None, location, text):
    data = f.to_dict()
    data.update(
        part=part,
        location=location,
        match=text[f.start : f.end],
        key=finding_key(f.rule, f.excerpt),
    )
    return data


@dataclass
class Report:
    """What screening found in one revision: ``parts`` (label and text of each screened
    field) and ``findings`` (dicts, see the module docstring)."""

    parts: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @property
    def blocking(self):
        return [f for f in self.findings if f["severity"] == "block"]


def _text_fields(obj):
    from wagtail.fields import RichTextField
    from wagtail.models import Page

    base = {f.name for f in Page._meta.get_fields()}
    for f in type(obj)._meta.concrete_fields:
        if f.name in base or f.name in SKIPPED_FIELDS or f.choices:
            continue
        if isinstance(f, RichTextField):
            yield f, True
        elif isinstance(f, models.TextField | models.CharField) and not isinstance(
            f, models.SlugField | models.URLField | models.EmailField
        ):
            yield f, False


def _documents(obj, rich_texts):
    """The documents an item carries, in order, each once."""
    from modelcluster.models import get_all_child_relations
    from wagtail.documents import get_document_model

    Document = get_document_model()
    ids = []

    def fk_ids(instance):
        for f in type(instance)._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is Document:
                value = getattr(instance, f.attname)
                if value:
                    ids.append(value)

    fk_ids(obj)
    for relation in get_all_child_relations(obj):
        for child in getattr(obj, relation.get_accessor_name()).all():
            fk_ids(child)
    for html in rich_texts:
        for tag in DOCUMENT_LINK_RE.findall(html or ""):
            attrs = dict(ATTR_RE.findall(tag))
            if attrs.get("linktype") == "document" and attrs.get("id", "").isdigit():
                ids.append(int(attrs["id"]))
    found = Document.objects.in_bulk(set(ids))
    seen = set()
    for pk in ids:
        if pk in found and pk not in seen:
            seen.add(pk)
            yield found[pk]


def internal_hosts():
    """The group's host names (with and without the demo's suffix): links to them are internal."""
    from wagtail.models import Site

    suffix = getattr(settings, "ZHANQUN_DEMO_HOST_SUFFIX", "")
    hosts = set()
    for hostname in Site.objects.values_list("hostname", flat=True):
        hosts.add(hostname)
        if suffix and hostname.endswith(suffix):
            hosts.add(hostname[: -len(suffix)])
    return frozenset(hosts)


def _context(obj):
    from wagtail.models import Page

    siblings = (
        frozenset(Page.objects.sibling_of(obj, inclusive=False).live().values_list("title", flat=True))
        if obj.pk and obj.path
        else frozenset()
    )
    return ScreenContext(sibling_titles=siblings, internal_hosts=internal_hosts())


def _screen_document(screener, document, context, report):
    name = Path(document.file.name).name
    label = document.title or name
    suffix = Path(name).suffix.lower()
    if suffix not in screening_extract.SUPPORTED_SUFFIXES:
        report.findings.append(
            {
                "category": "format",
                "rule": "format.attachment_not_screened",
                "severity": "warn",
                "start": 0,
                "end": 0,
                "excerpt": label,
                "message": f"附件“{label}”的格式（{suffix or '无扩展名'}）不能自动检查，请审核人逐页人工审查。",
                "file": name,
                "page": None,
                "part": None,
                "location": f"附件：{label}",
                "match": "",
                "key": finding_key("format.attachment_not_screened", label),
            }
        )
        return
    try:
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            with document.file.open("rb") as source:
                for chunk in source.chunks():
                    tmp.write(chunk)
            tmp.flush()
            parts = list(screening_extract.extract_file(Path(tmp.name)))
    except Exception as exc:  # noqa: BLE001 — an unreadable attachment stops the item, it is not skipped
        logger.warning("attachment %s could not be read for screening: %s", document.pk, exc)
        report.findings.append(
            {
                "category": "format",
                "rule": "format.attachment_unreadable",
                "severity": "block",
                "start": 0,
                "end": 0,
                "excerpt": label,
                "message": f"附件“{label}”无法读取，未能完成保密检查；请重新上传可读取的文件，或由保密审查员人工审查后认定。",
                "file": name,
                "page": None,
                "part": None,
                "location": f"附件：{label}",
                "match": "",
                "key": finding_key("format.attachment_unreadable", label),
            }
        )
        return
    whole = len(parts) == 1
    for part in parts:
        where = f"附件：{label}" + (
            f"（第{part.label}页）"
            if part.label and part.label.isdigit()
            else (f"（{part.label}）" if part.label else "")
        )
        for f in screener.screen_text(
            part.text, context=context, links=part.links, is_document=whole or part.label is None
        ):
            data = _finding_dict(f, location=where, text=part.text)
            data.update(file=name, page=part.label)
            report.findings.append(data)


def screen_page(obj, context=None):
    """Screen a page object (usually ``revision.as_object()``): its fields and documents.
    ``context`` (a ``ScreenContext``) replaces the one read from the database: the content
    monitor, screening thousands of published pages, builds one for all of them."""
    screener = get_screener()
    context = context if context is not None else _context(obj)
    report = Report()
    fields = list(_text_fields(obj))
    main = next((f for f, rich in fields if rich and f.name == "body"), None) or next(
        (f for f, rich in fields if rich), None
    )

    def add_part(label, text):
        report.parts.append({"label": label, "text": text})
        return len(report.parts) - 1

    title = obj.title or ""
    index = add_part("标题", title)
    for f in screener.screen_text(title, context=context, is_document=False):
        report.findings.append(_finding_dict(f, part=index, location="标题", text=title))
    rich_texts = []
    for f, rich in fields:
        value = getattr(obj, f.attname) or ""
        if rich:
            rich_texts.append(value)
            doc = screening_extract.html_to_text(value)
            text, links, markup = doc.text, doc.links, doc.markup
        else:
            text, links, markup = value, (), None
        if f is not main and not text.strip():
            continue
        index = add_part(str(f.verbose_name), text)
        for finding in screener.screen_text(
            text,
            title=title if f is main else None,
            context=context,
            links=links,
            is_document=f is main,
            markup=markup,  # red headers and seal images in the rich text
        ):
            report.findings.append(_finding_dict(finding, part=index, location=str(f.verbose_name), text=text))
    for document in _documents(obj, rich_texts):
        _screen_document(screener, document, context, report)
    # The same problem reported twice (e.g. by the title and the body) is shown once.
    seen, unique = set(), []
    for f in report.findings:
        ident = (f["key"], f["location"], f["start"])
        if ident not in seen:
            seen.add(ident)
            unique.append(f)
    report.findings = unique
    return report


def screen_submission(title, text):
    """Screen something the public sent (R-INT-3): findings for its title and text."""
    screener = get_screener()
    report = Report()
    for label, value, is_document in (("标题", title or "", False), ("内容", text or "", True)):
        report.parts.append({"label": label, "text": value})
        for f in screener.screen_text(value, is_document=is_document):
            report.findings.append(_finding_dict(f, part=len(report.parts) - 1, location=label, text=value))
    return report


# --- marking findings in text -----------------------------------------------------------


def mark_text(text, findings):
    """``text`` as HTML with every finding's span in ``<mark>``; paragraphs kept."""
    spans = sorted((f["start"], f["end"], f) for f in findings if f["end"] > f["start"])
    out, pos = [], 0
    for start, end, f in spans:
        if start < pos:  # overlapping: extend the previous mark rather than nest
            if end > pos:
                out.append(escape(text[pos:end]))
                pos = end
            continue
        out.append(escape(text[pos:start]))
        css = "review-mark review-mark--block" if f["severity"] == "block" else "review-mark review-mark--warn"
        out.append(format_html('<mark class="{}" title="{}">{}</mark>', css, f["message"], text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    html = "".join(str(s) for s in out)
    return mark_safe("<br>".join(html.split("\n")))  # noqa: S308 — built from escaped pieces above


def mark_excerpt(finding):
    """The finding's excerpt with the matched words in ``<mark>``."""
    excerpt = finding.get("excerpt") or ""
    match = " ".join((finding.get("match") or "").split())
    css = "review-mark review-mark--block" if finding.get("severity") == "block" else "review-mark review-mark--warn"
    at = excerpt.find(match) if match else -1
    if at < 0:
        return escape(excerpt)
    return format_html(
        '{}<mark class="{}">{}</mark>{}', excerpt[:at], css, excerpt[at : at + len(match)], excerpt[at + len(match) :]
    )
