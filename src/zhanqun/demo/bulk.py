"""Bulk items for benchmarks: ``zhanqun seed --items 100000``.

Adding pages one at a time with ``Page.add_child`` costs 10–30 ms each (treebeard path
computation, signals, reference index, search index), which makes 100,000 items take
hours. ``bulk_add_items`` writes the rows directly instead:

* it computes the treebeard materialised paths itself (Wagtail's ``Page`` is an
  ``MP_Node`` with ``steplen`` 4 and the alphabet ``0-9A-Z``): a child's path is its
  column's path plus the next base-36 step, continuing after the column's last child;
* it inserts the ``wagtailcore_page`` rows with ``bulk_create`` (which returns primary
  keys on SQLite ≥ 3.35 and PostgreSQL) and the rows of the concrete page table
  (``content_articlepage`` …) with ``executemany``, because Django refuses
  ``bulk_create`` on multi-table-inherited models;
* it raises each column's ``numchild`` by the number of children added, in the same
  transaction as the batch, so the tree is sound after every batch even if the run is
  interrupted.

No signals are sent and no revisions are created (the demo loader creates none either),
and the search index and reference index are not updated. ``zhanqun update_index``
(Wagtail's command) rebuilds the search index and ``zhanqun rebuild_references_index``
the reference index, should a benchmark need them.

Items go into the standard columns of every site of the group — 政务动态 (``zwdt``:
news and reprints), 通知公告 (``tzgg``), 政府文件 (``zfwj``) and 政策解读 (``zcjd``:
interpretations, each linked to a policy document of the same site published 30
minutes before it) — dated over the past few years on working hours, mostly on
working days. Within each column the tree order follows the publication date, as if
the items had been added one by one over the years.
"""

import datetime as dt
import random
import re
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from zhanqun.columns.models import ColumnPage
from zhanqun.content.enums import Importance, InterpretationForm, PolicyTheme
from zhanqun.content.models import (
    ArticlePage,
    InterpretationPage,
    NoticePage,
    PolicyDocumentPage,
    ReprintPage,
)
from zhanqun.sitegroup.enums import SiteKind
from zhanqun.sitegroup.models import SiteIdentity

from . import structure as S
from .writer import Writer

BATCH_SIZE = 2000

# Share of each kind in the total; interpretations are added on top of documents
# (three of four documents get one) and news takes whatever remains.
SHARES = {"notice": 0.12, "document": 0.08, "reprint": 0.06}
INTERPRETED = (3, 4)

# Where each kind goes: the slug of the standard column.
COLUMN_OF = {"news": "zwdt", "reprint": "zwdt", "notice": "tzgg", "document": "zfwj", "interpretation": "zcjd"}
MODEL_OF = {
    "news": ArticlePage,
    "reprint": ReprintPage,
    "notice": NoticePage,
    "document": PolicyDocumentPage,
    "interpretation": InterpretationPage,
}
KINDS = ("news", "notice", "document", "interpretation", "reprint")

DOC_PREFIXES = {
    "office": "云政发", "fgw": "云发改发", "jyj": "云教发", "czj": "云财发", "mzj": "云民发",
    "wjw": "云卫健发", "sthjj": "云环发", "cgz": "城政发", "qqx": "清政发",
}
DOC_NUMBER = re.compile(r"〔(\d{4})〕(\d+)号")
ALL_TOPICS = [topic for topics in S.UNIT_TOPICS.values() for topic in topics]

ALPHABET = Page.alphabet
STEPLEN = Page.steplen


def path_step(number):
    """The treebeard step for the ``number``-th child (1-based): base 36, 4 characters."""
    if not 0 < number < len(ALPHABET) ** STEPLEN:
        raise ValueError(f"栏目下的页面数超出树结构上限：{number}")
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def step_number(step):
    return int(step, len(ALPHABET))


def apportion(total, weights):
    """Split ``total`` into integers proportional to ``weights`` (largest remainder)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class _Column:
    """A target column: where its next child goes and which slugs it already has."""

    def __init__(self, page):
        self.page = page
        last = page.get_last_child()
        self.next_step = step_number(last.path[-STEPLEN:]) + 1 if last else 1
        self.slugs = set(Page.objects.child_of(page).values_list("slug", flat=True))
        self.added = 0

    def take_path(self):
        path = self.page.path + path_step(self.next_step)
        self.next_step += 1
        return path


class _Site:
    def __init__(self, identity, key, columns):
        self.identity = identity
        self.key = key
        self.unit = identity.owner_unit
        self.columns = columns  # slug -> _Column
        self.weight = 2 if identity.kind == SiteKind.PORTAL else 1  # the portal publishes more
        # year -> last document number used, continuing the site's existing documents.
        self.doc_numbers = {}
        numbers = PolicyDocumentPage.objects.descendant_of(identity.site.root_page).values_list("document_number", flat=True)
        for number in numbers:
            if match := DOC_NUMBER.search(number):
                year, seq = int(match.group(1)), int(match.group(2))
                self.doc_numbers[year] = max(self.doc_numbers.get(year, 0), seq)

    @property
    def topics(self):
        return S.UNIT_TOPICS.get(self.key, ALL_TOPICS)


def _unit_key(unit):
    if unit is None:
        return None
    return next((key for key, name, *_ in S.UNITS if name == unit.name), None)


def _target_sites():
    sites = []
    for identity in SiteIdentity.objects.select_related("site__root_page", "owner_unit").order_by("site__root_page__path"):
        home = identity.site.root_page
        found = {}
        for column in ColumnPage.objects.descendant_of(home).filter(slug__in=set(COLUMN_OF.values())).order_by("depth", "path"):
            found.setdefault(column.slug, column)
        if len(found) == len(set(COLUMN_OF.values())):
            sites.append(_Site(identity, _unit_key(identity.owner_unit), {slug: _Column(c) for slug, c in found.items()}))
    return sites


def _plan(n, sites, rng, now, years):
    """Every item as (published_at, site index, kind, partner), sorted by date. A document
    and its interpretation share the partner key (site index, document number), and the
    interpretation is dated 30 minutes later, so it comes after its document."""
    weights = [site.weight for site in sites]
    per_kind = {kind: apportion(round(n * share), weights) for kind, share in SHARES.items()}
    interpretations = [docs * INTERPRETED[0] // INTERPRETED[1] for docs in per_kind["document"]]
    others = sum(map(sum, per_kind.values())) + sum(interpretations)
    if others > n:  # a handful of items: news only
        per_kind = {kind: [0] * len(sites) for kind in SHARES}
        interpretations = [0] * len(sites)
        others = 0
    news = apportion(n - others, weights)

    span = max(years * 365.25, 1 / 24) * 86400
    raw = []
    for s in range(len(sites)):
        for kind, counts in (("news", news), ("notice", per_kind["notice"]), ("reprint", per_kind["reprint"])):
            raw.extend((_when(rng, now, span), s, kind, None) for _ in range(counts[s]))
        docs = [_when(rng, now, span) for _ in range(per_kind["document"][s])]
        # The newest documents are the ones already read, as on a real site.
        docs.sort()
        for i, published in enumerate(docs):
            raw.append((published, s, "document", (s, i)))
        for i in range(interpretations[s]):
            doc_at = docs[len(docs) - 1 - i]
            raw.append((min(doc_at + dt.timedelta(minutes=30), now), s, "interpretation", (s, len(docs) - 1 - i)))
    # Documents sort before their interpretation even when both are clamped to `now`.
    order = {"document": 0, "interpretation": 1}
    raw.sort(key=lambda r: (r[0], order.get(r[2], 0)))
    return raw


def _when(rng, now, span):
    """A publication time within ``span`` seconds before ``now``, in office hours; four
    of five items that fall on a weekend move back to the Friday."""
    local_now = timezone.localtime(now)
    at = local_now - dt.timedelta(seconds=rng.uniform(0, span))
    day = at.date()
    if day.weekday() >= 5 and rng.random() < 0.8:
        day -= dt.timedelta(days=day.weekday() - 4)  # back to Friday
    minutes = rng.randint(8 * 60 + 30, 18 * 60)
    naive = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60, rng.randint(0, 59)))
    result = timezone.make_aware(naive, timezone.get_current_timezone())
    if result > now:  # later today: yesterday instead
        result -= dt.timedelta(days=1)
    return min(result, now)


class _Builder:
    def __init__(self, sites, seed, now):
        self.sites = sites
        self.writer = Writer(seed)
        self.rng = self.writer.rng
        self.now = now
        self.content_types = {kind: ContentType.objects.get_for_model(model).pk for kind, model in MODEL_OF.items()}
        self.doc_pks = {}  # (site index, document index) -> page id
        self.doc_titles = {}

    def ctx(self, site, local_date, topic=None):
        rng = self.rng
        unit = site.unit
        return {
            "city": S.CITY,
            "province": S.PROVINCE,
            "short": unit.short_name if unit else site.identity.full_name,
            "unit": unit.name if unit else site.identity.full_name,
            "issuer": site.identity.full_name if site.key == "office" or unit is None else unit.name,
            "topic": topic or rng.choice(site.topics),
            "leader": rng.choice(S.CITY_LEADERS)[0],
            "month": local_date.month,
            "year": local_date.year,
            "year2": local_date.year + 2,
            "date": f"{local_date.month}月{local_date.day}日",
        }

    def slug(self, column, local_date):
        while True:
            slug = f"t{local_date:%Y%m%d}_{self.rng.getrandbits(24):06x}"
            if slug not in column.slugs:
                column.slugs.add(slug)
                return slug

    def item(self, published, s, kind, partner):
        """(Page row, column, concrete field values) for one planned item."""
        site = self.sites[s]
        column = site.columns[COLUMN_OF[kind]]
        w, rng = self.writer, self.rng
        local_date = timezone.localdate(published)
        ctx = self.ctx(site, local_date)
        unit = site.unit
        fields = {
            "responsible_unit_id": unit.pk if unit else column.page.responsible_unit_id,
            "formed_date": local_date - dt.timedelta(days=rng.randint(0, 2)),
        }
        if kind == "news":
            title, body = w.news(**ctx)
            fields.update(
                source=ctx["short"], author=rng.choice(["综合科", "办公室", "宣传科"]),
                importance=rng.choice([Importance.GENERAL] * 4 + [Importance.BUSINESS]),
            )
        elif kind == "notice":
            title, body = w.notice(**ctx)
            fields.update(issuer=ctx["unit"], importance=rng.choice([Importance.GENERAL, Importance.IMPORTANT]))
        elif kind == "document":
            title, body = w.policy_document(**ctx)
            self.doc_titles[partner] = title
            written = local_date - dt.timedelta(days=rng.randint(1, 3))
            number = site.doc_numbers.get(written.year, 0) + 1
            site.doc_numbers[written.year] = number
            prefix = DOC_PREFIXES.get(site.key, "云政发")
            fields.update(
                document_number=f"{prefix}〔{written.year}〕{number}号", issuing_body=ctx["issuer"],
                written_date=written, publish_date=local_date, theme=rng.choice(PolicyTheme.values),
                importance=Importance.PUBLIC_RELEASE, formed_date=written,
            )
        elif kind == "interpretation":
            doc_title = self.doc_titles[partner]
            short = doc_title.split("《")[-1].split("》")[0] if "《" in doc_title else doc_title
            title, body = w.interpretation(doc_short=short, **ctx)
            fields.update(
                document_id=partner, interpreter=ctx["unit"],  # resolved to the id on insert
                form=rng.choice([InterpretationForm.TEXT] * 3 + [InterpretationForm.GRAPHIC]),
                importance=Importance.GENERAL,
            )
        else:  # reprint
            source_name, base = rng.choice(S.REPRINT_SOURCES)
            title, body = w.reprint(**ctx)
            fields.update(
                source_name=source_name,
                source_url=f"{base}{local_date:%Y%m}/content_{rng.randint(1000000, 9999999)}.htm",
                source_published_on=local_date - dt.timedelta(days=rng.randint(0, 1)),
                importance=Importance.GENERAL,
            )
        fields["body"] = body
        slug = self.slug(column, local_date)
        page = Page(
            path=column.take_path(),
            depth=column.page.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            locale_id=column.page.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            title=title,
            draft_title=title,
            slug=slug,
            content_type_id=self.content_types[kind],
            url_path=f"{column.page.url_path}{slug}/",
            show_in_menus=False,
        )
        column.added += 1
        return page, fields

    def write_batch(self, plan_rows):
        rows = []
        for published, s, kind, partner in plan_rows:
            page, fields = self.item(published, s, kind, partner)
            rows.append((kind, partner, page, fields))
        with transaction.atomic():
            Page.objects.bulk_create([page for _k, _p, page, _f in rows])
            for kind, partner, page, fields in rows:
                if kind == "document":
                    self.doc_pks[partner] = page.pk
                elif kind == "interpretation":
                    fields["document_id"] = self.doc_pks[partner]
            # Documents before interpretations: their rows are what the readings point to.
            for kind in KINDS:
                batch = [(page, fields) for k, _p, page, fields in rows if k == kind]
                if batch:
                    _insert_rows(MODEL_OF[kind], batch)
            for site in self.sites:
                for column in site.columns.values():
                    if column.added:
                        Page.objects.filter(pk=column.page.pk).update(numchild=F("numchild") + column.added)
                        column.page.numchild += column.added
                        column.added = 0


def _insert_rows(model, batch):
    """INSERT the concrete table's rows; ``page_ptr_id`` is the new page's id."""
    fields = model._meta.local_concrete_fields
    qn = connection.ops.quote_name
    # Identifiers come from the model's metadata, quoted; every value is a parameter.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = []
    for page, values in batch:
        values["page_ptr_id"] = page.pk
        row = []
        for field in fields:
            value = values[field.attname] if field.attname in values else field.get_default()
            row.append(field.get_db_prep_save(value, connection))
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _say(progress, message):
    if progress is not None:
        progress.write(message + "\n")


def bulk_add_items(n, seed=2026, progress=None, years=3, now=None):
    """Add ``n`` live items to the demo group's standard columns; returns how many were written.

    ``progress`` is a stream (a command's ``self.stdout``) that gets a line about every
    10 %. Needs the demo group (``load_demo``) or any sites with the standard columns.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"条数必须是整数：{n!r}")
    if n < 0:
        raise ValueError(f"条数不能为负数：{n}")
    if years <= 0:
        raise ValueError(f"时间跨度必须大于 0 年：{years}")
    if n == 0:
        return 0
    sites = _target_sites()
    if not sites:
        raise ValueError("没有带标准栏目（zwdt、tzgg、zfwj、zcjd）的网站，请先运行 zhanqun seed 载入演示站群。")
    now = now or timezone.now()
    rng = random.Random(seed)
    plan = _plan(n, sites, rng, now, years)
    builder = _Builder(sites, seed + 1, now)
    columns = sum(len(site.columns) for site in sites)
    _say(progress, f"开始批量生成 {n} 条信息：{len(sites)} 个网站，{columns} 个栏目，每批 {BATCH_SIZE} 条；"
                   f"不更新搜索索引（需要时运行 zhanqun update_index 重建）。")
    started = time.monotonic()
    next_report = 1
    written = 0
    for start in range(0, len(plan), BATCH_SIZE):
        chunk = plan[start:start + BATCH_SIZE]
        builder.write_batch(chunk)
        written += len(chunk)
        reset_queries()  # DEBUG keeps every query otherwise; 100,000 items would fill memory.
        if written * 10 >= n * next_report:  # one line per tenth crossed
            elapsed = time.monotonic() - started
            _say(progress, f"已写入 {written}/{n} 条（{written * 100 // n}%），用时 {elapsed:.1f} 秒，"
                           f"约 {written / max(elapsed, 1e-6):.0f} 条/秒。")
            next_report = written * 10 // n + 1
    return written
