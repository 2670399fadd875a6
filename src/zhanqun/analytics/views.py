"""访问统计 in the Wagtail admin: one site's page views over a date range — by day (an
inline SVG chart, no script), the most viewed columns and items — and CSV export."""

import csv
import io
import math
from datetime import timedelta
from urllib.parse import quote

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Site

from zhanqun import audit

from . import services

VIEW_PERMISSION = "analytics.view_pageviewday"
MAX_DAYS = 366
TOP = 20


def may_view(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION))


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.site_name or obj.hostname


class RangeForm(forms.Form):
    site = SiteChoiceField(
        label=_("站点"), queryset=Site.objects.order_by("-is_default_site", "hostname"), empty_label=None
    )
    start = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("结束日期不能早于开始日期。"))
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(_("日期范围不能超过 %(n)s 天。") % {"n": MAX_DAYS})
        return data


def default_range():
    end = timezone.localdate()
    return end - timedelta(days=29), end


def chart(days, width=760, height=220):
    """Bars for views and a line for visitors, per day, as numbers for the SVG template."""
    left, right, top, bottom = 48, 8, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([d["views"] for d in days] + [1])
    scale = _nice(peak)
    n = max(len(days), 1)
    step = plot_w / n
    label_every = max(1, math.ceil(n / 10))
    bars, points, labels = [], [], []
    for i, d in enumerate(days):
        x = left + i * step
        h = plot_h * d["views"] / scale
        bars.append(
            {
                "x": round(x + step * 0.1, 1),
                "y": round(top + plot_h - h, 1),
                "w": round(step * 0.8, 1),
                "h": round(h, 1),
                **d,
            }
        )
        vy = top + plot_h - plot_h * d["visitors"] / scale
        points.append(f"{round(x + step / 2, 1)},{round(vy, 1)}")
        if i % label_every == 0:
            labels.append({"x": round(x + step / 2, 1), "text": d["date"].strftime("%m-%d")})
    grid = [{"y": round(top + plot_h - plot_h * f, 1), "value": scale * f} for f in (0, 0.5, 1)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_h,
        "label_y": height - 8,
        "bars": bars,
        "line": " ".join(points),
        "labels": labels,
        "grid": grid,
    }


def _nice(value):
    """The axis' top: the smallest round number at or above ``value`` whose half (the
    middle grid line) is a whole number too: 2, 4, 6, 8, 10, 12, 16, 20, 30 … 120, 160 …"""
    if value <= 1:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    steps = (2, 4, 6, 8, 10) if magnitude == 1 else (1, 1.2, 1.6, 2, 3, 4, 5, 6, 8, 10)
    return next(int(m * magnitude) for m in steps if value <= m * magnitude)


class AnalyticsView(WagtailAdminTemplateMixin, TemplateView):
    """R-SUP-5: page views from the access logs, per site, day, column and item."""

    page_title = _("访问统计")
    header_icon = "view"
    template_name = "analytics/report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        start, end = default_range()
        data = self.request.GET.copy()
        data.setdefault("start", start.isoformat())
        data.setdefault("end", end.isoformat())
        if "site" not in data:
            # The group's portal; a site without an identity record (Wagtail's welcome
            # site on a fresh installation) only if there is nothing else.
            sites = Site.objects.order_by("-is_default_site", "hostname")
            default = sites.filter(siteidentity__isnull=False).first() or sites.first()
            if default is not None:
                data["site"] = str(default.pk)
        return RangeForm(data)

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        self.form = form
        export = request.GET.get("export")
        if export and form.is_valid():
            return self.export(export, form.cleaned_data)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.form
        context["form"] = form
        if not form.is_valid():
            return context
        site, start, end = (form.cleaned_data[k] for k in ("site", "start", "end"))
        days = services.page_views(site, start, end, by="day")
        context.update(
            site=site,
            start=start,
            end=end,
            totals=services.totals(site, start, end),
            days=days,
            chart=chart(days),
            columns=services.page_views(site, start, end, by="column", limit=TOP),
            items=services.page_views(site, start, end, by="item", limit=TOP),
            query=f"site={site.pk}&start={start.isoformat()}&end={end.isoformat()}",
        )
        return context

    EXPORTS = {
        "day": ("每日浏览量", [("date", "日期"), ("views", "浏览量"), ("visitors", "访客数")]),
        "column": (
            "栏目浏览量",
            [("title", "栏目"), ("url", "网址"), ("views", "浏览量"), ("visitors", "访客数（按日累计）")],
        ),
        "item": (
            "信息浏览量",
            [
                ("title", "标题"),
                ("column_title", "栏目"),
                ("url", "网址"),
                ("views", "浏览量"),
                ("visitors", "访客数（按日累计）"),
            ],
        ),
    }

    def export(self, kind, data):
        if kind not in self.EXPORTS:
            kind = "day"
        site, start, end = data["site"], data["start"], data["end"]
        title, fields = self.EXPORTS[kind]
        rows = services.page_views(site, start, end, by=kind)
        body = io.StringIO()
        writer = csv.writer(body)
        writer.writerow([label for _key, label in fields])
        for row in rows:
            writer.writerow([_safe(row[key]) for key, _label in fields])
        filename = f"{title}_{site.hostname}_{start:%Y%m%d}-{end:%Y%m%d}.csv"
        # R-SEC-3: every export is audited (the middleware would record the download;
        # this record also names the site, the range and the row count).
        audit.record(
            self.request, "export", filename=filename, site=site.hostname, start=start, end=end, by=kind, rows=len(rows)
        )
        self.request._audit_export_recorded = True
        response = HttpResponse(("\ufeff" + body.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


def _safe(value):
    """A cell a spreadsheet will not run as a formula."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
