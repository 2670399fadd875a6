"""Content (the inspectors' 严重表述错误 and 办事指南要素; R-PUB-3 after the fact).

* **Screening again**: the review's screening (``review.screening.screen_page``) over
  every live item of the site, so a word added to the dictionaries today catches the page
  published last year. Blocking findings of the serious categories count (secrets,
  personal data, internal documents, sensitive words, wording errors, advertising). A blocking finding that a 保密审查员 accepted for that page in
  review (``ScreeningOverride``) is not raised again. Results are kept per page in
  ``ContentScreening`` and reused while neither the live revision nor the rules change.
* **办事指南**: an item in a column of kind 办事服务 must name the ten elements of a
  service guide (事项名称, 设定依据, 申请条件, 办理材料, 办理地点, 办理机构, 收费标准,
  办理时间, 联系电话, 办理流程); each element is found by its name or a usual synonym.
* **No publish date**: a live item without a first publication time shows no date.
"""

import hashlib

from django.utils import timezone

from ..enums import Problem
from . import Observation

# The ten elements of a 办事指南 and the headings that name each (国办秘函〔2019〕19号).
SERVICE_GUIDE_ELEMENTS = {
    "事项名称": ("事项名称", "服务名称", "办理事项"),
    "设定依据": ("设定依据", "办理依据", "法律依据", "政策依据"),
    "申请条件": ("申请条件", "受理条件", "办理条件", "申请人条件"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "所需材料", "提交材料"),
    "办理地点": ("办理地点", "受理地点", "办公地点", "办理地址"),
    "办理机构": ("办理机构", "受理机构", "实施机关", "实施机构", "办理部门", "受理部门"),
    "收费标准": ("收费标准", "收费依据", "是否收费", "不收费", "免费"),
    "办理时间": ("办理时间", "受理时间", "办公时间", "工作时间"),
    "联系电话": ("联系电话", "咨询电话", "咨询方式", "联系方式"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "受理流程"),
}
BATCH = 500


def rules_version(screener):
    """A digest of the screening dictionaries: changes when a word list changes."""
    d = screener.dictionaries
    digest = hashlib.sha256()
    for word, entry in sorted(d.sensitive.items()):
        digest.update(f"s|{word}|{entry.severity}\n".encode())
    for wrong, entry in sorted(d.wording.items()):
        digest.update(f"w|{wrong}|{entry.correct}\n".encode())
    return digest.hexdigest()[:32]


def missing_elements(text):
    """The service-guide elements that ``text`` does not name."""
    return [name for name, words in SERVICE_GUIDE_ELEMENTS.items() if not any(w in text for w in words)]


# What counts as a serious error once published: the blocking findings of these
# categories. Format problems (an empty body, a missing attachment) and official markings
# block a submission but are not the inspectors' 严重错误.
SERIOUS_CATEGORIES = frozenset(
    {"classified", "personal_info", "internal_document", "sensitive_word", "wording_error", "advertising"}
)


def _serious(report, accepted):
    return [
        {
            "rule": f["rule"],
            "category": f["category"],
            "message": f["message"],
            "excerpt": f.get("excerpt", ""),
            "location": f.get("location", ""),
        }
        for f in report.blocking
        if f["category"] in SERIOUS_CATEGORIES and f["key"] not in accepted
    ]


def _screen(pages, version, now):
    """Screen ``pages`` (specific live pages) and store what was found; {page id: findings}."""
    from zhanqun.review.models import ScreeningOverride
    from zhanqun.review.screening import internal_hosts, screen_page
    from zhanqun.screening.context import ScreenContext

    from ..models import ContentScreening

    accepted = {}
    for page_id, key in ScreeningOverride.objects.filter(page_id__in=[p.pk for p in pages]).values_list(
        "page_id", "key"
    ):
        accepted.setdefault(page_id, set()).add(key)
    # One context for every page: the group's hosts. No sibling titles — the
    # duplicate-title rule is a format finding, which is not a serious error, and reading
    # a column's titles for each of its pages is quadratic in the column's size.
    context = ScreenContext(internal_hosts=internal_hosts())
    results, rows = {}, []
    for page in pages:
        findings = _serious(screen_page(page, context=context), accepted.get(page.pk, set()))
        results[page.pk] = findings
        rows.append(
            ContentScreening(
                page_id=page.pk,
                revision_id=page.live_revision_id,
                rules_version=version,
                checked_at=now,
                findings=findings,
            )
        )
    ContentScreening.objects.filter(page_id__in=list(results)).delete()
    ContentScreening.objects.bulk_create(rows)
    return results


def check(site, now):
    from wagtail.models import Page

    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage
    from zhanqun.content.models import ItemPage
    from zhanqun.review.screening import get_screener

    from ..models import ContentScreening

    now = now or timezone.now()
    version = rules_version(get_screener())
    items = Page.objects.live().type(*ItemPage.concrete_types()).descendant_of(site.root_page)
    rows = list(items.values_list("pk", "live_revision_id", "title", "first_published_at", "url_path"))
    known = {
        page_id: (revision_id, findings)
        for page_id, revision_id, findings in ContentScreening.objects.filter(
            page_id__in=[r[0] for r in rows], rules_version=version
        ).values_list("page_id", "revision_id", "findings")
    }
    stale = [pk for pk, revision_id, *_ in rows if known.get(pk, (object(),))[0] != revision_id]
    for start in range(0, len(stale), BATCH):
        batch = Page.objects.filter(pk__in=stale[start : start + BATCH]).specific()
        for page_id, findings in _screen(list(batch), version, now).items():
            known[page_id] = (None, findings)

    found = []
    units = {}
    for model in ItemPage.concrete_types():
        units.update(model.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "responsible_unit_id"))
    base = site.root_url
    site_path = site.root_page.url_path
    for pk, _revision, title, first_published_at, url_path in rows:
        url = base + "/" + url_path[len(site_path) :]
        findings = known.get(pk, (None, []))[1]
        if findings:
            first = findings[0]
            found.append(
                Observation(
                    Problem.CONTENT_FLAGGED,
                    f"screening:{pk}",
                    f"已发布信息“{title}”检查出 {len(findings)} 处问题，如：{first['message']}（{first['excerpt']}）",
                    page_id=pk,
                    unit_id=units.get(pk),
                    url=url,
                    evidence={"title": title, "findings": findings[:20]},
                )
            )
        if first_published_at is None:
            found.append(
                Observation(
                    Problem.NO_PUBLISH_DATE,
                    f"no_date:{pk}",
                    f"信息“{title}”没有发布日期",
                    page_id=pk,
                    unit_id=units.get(pk),
                    url=url,
                    evidence={"title": title},
                )
            )
    found += _service_guides(site, units, base, site_path, ColumnPage, ColumnKind, ItemPage)
    return found


def _service_guides(site, units, base, site_path, ColumnPage, ColumnKind, ItemPage):
    from wagtail.models import Page

    from zhanqun.screening import extract

    found = []
    for column in ColumnPage.objects.live().descendant_of(site.root_page).filter(kind=ColumnKind.SERVICES):
        guides = Page.objects.live().type(*ItemPage.concrete_types()).descendant_of(column).specific()
        for guide in guides:
            body = getattr(guide, "body", "") or ""
            text = guide.title + "\n" + extract.html_to_text(str(body)).text
            missing = missing_elements(text)
            if missing:
                found.append(
                    Observation(
                        Problem.SERVICE_GUIDE_INCOMPLETE,
                        f"guide:{guide.pk}",
                        f"办事指南“{guide.title}”缺少要素：{'、'.join(missing)}",
                        page_id=guide.pk,
                        unit_id=units.get(guide.pk),
                        url=base + "/" + guide.url_path[len(site_path) :],
                        evidence={"title": guide.title, "missing": missing},
                    )
                )
    return found
