"""Public pages of disclosure, served by the public app (``public_urls``): the catalog
(目录) with its filters and exports, a unit's guide (指南), the disclosure request form
and the status lookup. No staff data: only live catalog entries and approved guides."""

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from wagtail.models import Site

from zhanqun.content.enums import Validity
from zhanqun.units.enums import UnitKind
from zhanqun.units.models import Unit

from .. import catalog, guides, open_data
from ..exports import csv_response, xlsx_response
from ..models import CatalogEntry, Guide

PER_PAGE = 20
CATALOG_COLUMNS = [
    ("index_number", "索引号"),
    ("title", "名称"),
    ("category_name", "类目"),
    ("unit_name", "发布机构"),
    ("document_number", "文号"),
    ("formed", "生成日期"),
    ("published", "发布日期"),
    ("theme", "主题分类"),
    ("validity_label", "有效性"),
    ("summary", "内容概述"),
    ("url", "网址"),
]


def site_context(request):
    """The site answering the request, its home page and its owner unit."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home = site.root_page.specific
    from zhanqun.sitegroup.models import SiteIdentity

    identity = SiteIdentity.objects.filter(site=site).select_related("owner_unit").first()
    return site, home, identity.owner_unit if identity else None


def section_context(request, home, here):
    """Where a /xxgk/ page sits on its site, as a published page would show it: the
    navigation marks the site's 政府信息公开 column (not 首页) and the breadcrumb reads
    首页 > 政府信息公开 > ``here``. A site without that column marks no entry and shows
    首页 > ``here``."""
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage

    column = ColumnPage.objects.child_of(home).live().filter(kind=ColumnKind.DISCLOSURE).first()
    return {
        "page": home,
        "site_root": home,
        "nav_current": column.pk if column else None,
        "section": {"title": column.title, "url": column.get_url(request)} if column else None,
        "here": here,
    }


class CatalogFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label="发布机构", queryset=Unit.objects.all(), required=False, empty_label="全部")
    category = forms.ChoiceField(label="类目", required=False)
    year = forms.IntegerField(label="年份", required=False, min_value=1949, max_value=2999, widget=forms.Select)
    validity = forms.ChoiceField(label="有效性", required=False, choices=[("", "全部")] + list(Validity.choices))
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        live = CatalogEntry.objects.live()
        categories = dict(live.values_list("category_code", "category_name").distinct())
        self.fields["category"].choices = [("", "全部")] + sorted(categories.items())
        years = sorted(set(live.values_list("year", flat=True)), reverse=True)
        self.fields["year"].widget.choices = [("", "全部")] + [(y, f"{y}年") for y in years]


def filtered_entries(data, default_unit=None):
    form = CatalogFilterForm(data or None)
    entries = CatalogEntry.objects.live().select_related("unit")
    form.is_valid()
    values = getattr(form, "cleaned_data", {})  # the fields that are valid
    unit = values.get("unit") or (default_unit if "unit" not in (data or {}) else None)
    if unit:
        entries = entries.filter(unit=unit)
    if values.get("category"):
        entries = entries.filter(category_code=values["category"])
    if values.get("year"):
        entries = entries.filter(year=values["year"])
    if values.get("validity"):
        entries = entries.filter(validity=values["validity"])
    if values.get("q"):
        entries = entries.filter(title__icontains=values["q"])
    if form.is_bound is False and default_unit is not None:
        form = CatalogFilterForm(initial={"unit": default_unit.pk})
    return form, entries.order_by("-year", "-sequence"), unit


def entry_row(entry):
    values = {
        "index_number": entry.index_number,
        "title": entry.title,
        "category_name": entry.category_name,
        "unit_name": entry.issuing_body or entry.unit.name,
        "document_number": entry.document_number,
        "formed": entry.formed_date.isoformat() if entry.formed_date else "",
        "published": entry.published_at.date().isoformat() if entry.published_at else "",
        "theme": entry.theme,
        "validity_label": str(entry.get_validity_display()),
        "summary": entry.summary,
        "url": entry.url,
    }
    return [values[key] for key, _label in CATALOG_COLUMNS]


def catalog_view(request):
    """政府信息公开目录: filter by unit, category, year, validity; ``?export=csv|xlsx``.
    A department's site opens on its own unit; the portal on every unit."""
    _site, home, owner = site_context(request)
    default_unit = owner if owner is not None and owner.kind != UnitKind.OFFICE else None
    form, entries, unit = filtered_entries(request.GET, default_unit)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        header = [label for _key, label in CATALOG_COLUMNS]
        rows = [entry_row(e) for e in entries]
        name = f"政府信息公开目录_{unit.name if unit else '全部'}"
        if export == "csv":
            return csv_response(name, header, rows)
        return xlsx_response(name, [("公开目录", header, rows)])
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/public/catalog.html",
        {
            **section_context(request, home, "政府信息公开目录"),
            "form": form,
            "entries": page,
            "unit": unit,
            "query": query.urlencode(),
            "supervision": guides.supervision_for(unit),
        },
    )


def catalog_open_data(request, fmt):
    """R-DISC-5: the catalog as open data, ``/xxgk/catalog.json`` or ``.csv`` (fields:
    ``open_data.FIELDS``, docs/disclosure.md) — what the catalog page lists, with its
    filters; streamed, UTF-8, as an attachment."""
    _site, home, owner = site_context(request)
    default_unit = owner if owner is not None and owner.kind != UnitKind.OFFICE else None
    _form, entries, _unit = filtered_entries(request.GET, default_unit)

    def absolute(url):
        return request.build_absolute_uri(url) if url.startswith("/") else url

    if fmt == "json":
        publisher = owner.name if owner is not None else home.title
        chunks = open_data.json_chunks(entries, publisher=publisher, absolute=absolute)
        response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    else:
        chunks = open_data.csv_chunks(entries, absolute=absolute)
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8; header=present")
    response["Content-Disposition"] = f'attachment; filename="catalog.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def guide_view(request, unit_id=None):
    """政府信息公开指南 of a unit (the site's own unit by default): its approved copy."""
    _site, home, owner = site_context(request)
    unit = get_object_or_404(Unit, pk=unit_id) if unit_id else owner
    guide = Guide.objects.filter(unit=unit).first() if unit else None
    if guide is None or not guide.is_published:
        raise Http404("该单位的政府信息公开指南尚未发布。")
    categories = catalog.template_for(unit)
    return render(
        request,
        "disclosure/public/guide.html",
        {
            **section_context(request, home, "政府信息公开指南"),
            "guide": guide,
            "unit": unit,
            "categories": categories.categories.all() if categories else [],
            "supervision": guides.supervision_for(unit),
        },
    )


def apply_view(request):
    """在线申请 (R-DISC-3, 004:8): the Art. 29 form; on success the number and query code."""
    import uuid

    from zhanqun.cases.models import Case
    from zhanqun.core import ratelimit

    from ..forms import PublicApplicationForm
    from ..requests import submit_request

    site, home, owner = site_context(request)
    limited = False
    if request.method == "POST":
        key = request.POST.get("submission_key", "")[:64]
        existing = Case.objects.filter(kind="disclosure_request", submission_key=key).first() if key else None
        if existing is not None:  # the same form sent twice: its receipt again, no second request
            return _receipt(request, home, existing)
        form = PublicApplicationForm(request.POST)
        if not ratelimit.hit(request, "disclosure"):
            limited = True
        elif form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("captcha", None)
            unit = data.pop("unit")
            key = data.pop("submission_key") or None
            disclosure_request = submit_request(unit=unit, data=data, site=site, submission_key=key)
            return _receipt(request, home, disclosure_request.case)
    else:
        form = PublicApplicationForm(initial={"unit": owner.pk if owner else None, "submission_key": uuid.uuid4().hex})
    return render(
        request,
        "disclosure/public/apply.html",
        {**section_context(request, home, "在线申请"), "form": form, "limited": limited},
        status=429 if limited else 200,
    )


def _receipt(request, home, case):
    from zhanqun.cases.services import format_query_code

    return render(
        request,
        "disclosure/public/submitted.html",
        {
            **section_context(request, home, "在线申请"),
            "case": case,
            "query_code": format_query_code(case.query_code),
        },
    )


def status_view(request):
    """办理进度: the number and query code show the request's progress and reply."""
    from zhanqun.cases.services import public_status

    from ..forms import StatusForm

    _site, home, _owner = site_context(request)
    status = None
    form = StatusForm(request.GET if {"code", "number"} & set(request.GET) else None)
    searched = form.is_valid()
    if searched:
        status = public_status(form.cleaned_data["code"], form.cleaned_data["number"] or None)
    return render(
        request,
        "disclosure/public/status.html",
        {
            **section_context(request, home, "申请进度查询"),
            "status": status,
            "searched": searched,
            "form": form,
        },
    )
