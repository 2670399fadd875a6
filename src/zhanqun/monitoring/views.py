"""网站监测 in the Wagtail admin: every site's scorecard (单项否决, 扣分, 得分) and the
findings behind each point, filterable and exportable."""

from datetime import timedelta

import django_filters
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site

from zhanqun.units.models import Unit

from . import scorecard
from .enums import CheckCode, FindingStatus, Problem
from .models import Finding


def may_view(user):
    return user.is_active and (user.is_superuser or user.has_perm("monitoring.view_finding"))


class _Guarded:
    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


TREND_DAYS = 30


def trend_svg(points, width=180, height=40):
    """A small line chart of daily scores (``scorecard.daily_history``) as inline SVG:
    a failed veto on a day is a red dot. No script, nothing fetched."""
    if len(points) < 2:
        return ""
    low = min(min(p["score"] for p in points), 60.0)
    span = max(100.0 - low, 1.0)
    step = (width - 8) / (len(points) - 1)

    def xy(i, score):
        return 4 + i * step, 4 + (100.0 - score) / span * (height - 8)

    coords = [xy(i, p["score"]) for i, p in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(
        format_html('<circle cx="{}" cy="{}" r="2.5" fill="#cd4444"/>', f"{x:.1f}", f"{y:.1f}")
        for (x, y), p in zip(coords, points, strict=True)
        if not p["passed"]
    )
    label = "；".join(f"{p['day']:%m-%d} {p['score']:g}" for p in points)
    return format_html(
        '<svg class="monitoring-trend" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<title>{}</title><polyline points="{}" fill="none" stroke="#007d7e" stroke-width="2"/>{}</svg>',
        width,
        height,
        width,
        height,
        f"近 {len(points)} 天得分",
        label,
        line,
        mark_safe(dots),  # noqa: S308 - built with format_html above
    )


def rectifications(finding_ids):
    """{finding id: its 整改 case} where the duty app opened one (read lazily: the duty
    app builds on this one, so this one imports it only when installed)."""
    if not apps.is_installed("zhanqun.duty"):
        return {}
    from zhanqun.duty.models import Rectification

    return {
        r.finding_id: r.case
        for r in Rectification.objects.filter(finding_id__in=list(finding_ids)).select_related("case")
    }


def may_rectify(user):
    if not apps.is_installed("zhanqun.duty"):
        return False
    from zhanqun.duty.services import may_open_rectification

    return may_open_rectification(user)


def _case_links(target, case, rectify):
    """Sets ``case_url``/``case_label`` on ``target`` (a dict or a finding): the 整改 case,
    or 转整改 for an open finding when the user may open one."""
    if case is not None:
        url, label = reverse("cases:detail", args=[case.pk]), f"整改 {case.number}"
    elif rectify:
        url, label = rectify, "转整改"
    else:
        url = label = ""
    if isinstance(target, dict):
        target.update(case_url=url, case_label=label)
    else:
        target.case_url, target.case_label = url, label


def _link_evidence(result, user):
    """Each finding behind a point gets the admin page to fix it (编辑页面) and its 整改
    case (or 转整改)."""
    items = [item for row in [*result["vetoes"], *result["deductions"]] for item in row.get("evidence", [])]
    cases = rectifications(item["id"] for item in items if item.get("id"))
    rectify = may_rectify(user)
    for item in items:
        if item.get("page_id"):
            item["edit_url"] = reverse("wagtailadmin_pages:edit", args=[item["page_id"]])
        if item.get("id"):
            _case_links(item, cases.get(item["id"]), rectify and reverse("duty:rectify", args=[item["id"]]))
    return result


class ScorecardView(_Guarded, WagtailAdminTemplateMixin, TemplateView):
    """Each site against the national indicators, from the monitors' latest findings; the
    group's summary on top with each site's trend (its daily scores, ``ScoreSnapshot``)."""

    page_title = _("网站监测")
    header_icon = "site"
    template_name = "monitoring/scorecard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicators = scorecard.load_indicators()
        now = timezone.now()
        results = []
        for site in Site.objects.select_related("root_page").order_by("-is_default_site", "hostname"):
            result = _link_evidence(scorecard.evaluate(site, indicators, now=now), self.request.user)
            history = scorecard.daily_history(site, now - timedelta(days=TREND_DAYS), now)
            result["trend"] = trend_svg(history)
            result["trend_points"] = len(history)
            result["failed_vetoes"] = [v["name"] for v in result["vetoes"] if v["failed"]]
            # The availability monitor's failure share today and over the week (veto at
            # 5% a week, deduction from 1%: the indicators).
            result["failures"] = [
                ("—" if share is None else f"{share * 100:.1f}%", probes)
                for share, probes in (scorecard.failure_share(site, days, now) for days in (1, 7))
            ]
            results.append(result)
        context["results"] = results
        context["indicators"] = indicators
        context["trend_days"] = TREND_DAYS
        return context


class FindingFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(label=_("站点"), queryset=Site.objects.all())
    monitor = django_filters.ChoiceFilter(label=_("监测项目"), choices=CheckCode.choices, empty_label=_("全部"))
    problem = django_filters.ChoiceFilter(label=_("问题类型"), choices=Problem.choices, empty_label=_("全部"))
    status = django_filters.ChoiceFilter(label=_("状态"), choices=FindingStatus.choices, empty_label=_("全部"))
    unit = django_filters.ModelChoiceFilter(label=_("责任单位"), queryset=Unit.objects.all())

    class Meta:
        model = Finding
        fields = ["site", "monitor", "problem", "status", "unit"]


class FindingReportView(_Guarded, ReportView):
    page_title = _("监测发现")
    header_icon = "warning"
    index_url_name = "monitoring:findings"
    index_results_url_name = "monitoring:findings_results"
    filterset_class = FindingFilterSet
    model = Finding
    paginate_by = 50
    columns = [
        Column("message", label=_("说明")),
        Column("site", label=_("站点")),
        Column("problem", label=_("问题类型"), accessor="get_problem_display"),
        Column("unit", label=_("责任单位")),
        Column("status", label=_("状态"), accessor="get_status_display"),
        DateColumn("first_seen_at", label=_("首次发现")),
        DateColumn("last_seen_at", label=_("最近发现")),
        Column("url", label=_("网址")),
        TitleColumn("case_label", label=_("整改"), get_url=lambda finding: finding.case_url or None),
    ]
    list_export = [
        "site",
        "get_problem_display",
        "message",
        "url",
        "unit",
        "get_status_display",
        "first_seen",
        "last_seen",
    ]
    export_headings = {
        "site": _("站点"),
        "get_problem_display": _("问题类型"),
        "message": _("说明"),
        "url": _("网址"),
        "unit": _("责任单位"),
        "get_status_display": _("状态"),
        "first_seen": _("首次发现"),
        "last_seen": _("最近发现"),
    }

    def get_queryset(self):
        return Finding.objects.select_related("site", "unit").order_by("status", "-last_seen_at", "-pk")

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if not kwargs.get("data"):
            kwargs["data"] = {"status": FindingStatus.OPEN}
        return kwargs

    def decorate_paginated_queryset(self, object_list):
        cases = rectifications(f.pk for f in object_list)
        rectify = may_rectify(self.request.user)
        for finding in object_list:
            _case_links(
                finding,
                cases.get(finding.pk),
                rectify and finding.status == FindingStatus.OPEN and reverse("duty:rectify", args=[finding.pk]),
            )
            finding.first_seen = timezone.localtime(finding.first_seen_at).strftime("%Y-%m-%d %H:%M")
            finding.last_seen = timezone.localtime(finding.last_seen_at).strftime("%Y-%m-%d %H:%M")
        return object_list
