"""统计报告 in the Wagtail admin: the list of reports with a form to generate one, a
report's page (tables and inline SVG charts), its xlsx and PDF downloads (audited), and
the action that drafts the assessment notice (通报)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from zhanqun import audit

from . import charts, exports, figures, periods, services, tables
from .models import Report, ReportKind
from .permissions import may_export, may_generate, may_publish_notice, may_view


class _Guarded:
    def dispatch(self, request, *args, **kwargs):
        if not may_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportIndexView(_Guarded, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("统计报告")
    header_icon = "doc-full"
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind")
        reports = Report.objects.select_related("generated_by").defer("data")
        if kind in ReportKind.values:
            reports = reports.filter(kind=kind)
        context.update(
            reports=reports,
            kinds=ReportKind.choices,
            kind=kind,
            formats=periods.KIND_FORMATS,
            may_generate=may_generate(self.request.user),
        )
        return context


class GenerateReportView(_Guarded, View):
    """POST kind + period: generate that report (or open it if it exists)."""

    def post(self, request):
        if not may_generate(request.user):
            raise PermissionDenied
        try:
            period = periods.parse(request.POST.get("kind", ""), request.POST.get("period", ""))
        except periods.BadPeriod as error:
            messages.error(request, str(error))
            return redirect("reports:index")
        if not period.has_ended(timezone.localdate(timezone=figures.BEIJING)):
            messages.error(request, f"{period.label}尚未结束，期满后才能生成报告。")
            return redirect("reports:index")
        report, created = services.generate(period, user=request.user)
        if created:
            messages.success(request, f"已生成{report.title}。")
        else:
            messages.info(
                request,
                f"{report.title}已于 {tables.moment(report.data['generated_at'])} 生成，报告数据生成后不再变动。",
            )
        return redirect("reports:detail", report.pk)


class ReportDetailView(_Guarded, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"
    template_name = "reports/detail.html"

    def dispatch(self, request, pk):
        self.report = get_object_or_404(Report, pk=pk)
        return super().dispatch(request, pk=pk)

    def get_page_title(self):
        return self.report.title

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("reports:index"), "label": _("统计报告")},
            {"url": "", "label": self.report.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, data = self.report, self.report.data
        ranking = services.ranking(report)
        sites = []
        for site in data["sites"]:
            sites.append(
                {
                    "site": site,
                    "columns": tables.column_rows(site),
                    "findings": tables.finding_rows(site["findings"]),
                    "cases": tables.case_rows(site["cases"]),
                    "chart": charts.svg(charts.columns_chart(site))
                    if any(c["published"] for c in site["columns"])
                    else "",
                }
            )
        context.update(
            report=report,
            data=data,
            summary=tables.summary(report),
            generated=tables.moment(data["generated_at"]),
            site_headings=tables.SITE_HEADINGS,
            site_rows=tables.site_rows(report),
            column_headings=tables.COLUMN_HEADINGS,
            finding_headings=tables.FINDING_HEADINGS,
            finding_rows=tables.finding_rows(data["findings"]),
            case_headings=tables.CASE_HEADINGS,
            case_rows=tables.case_rows(data["cases"]),
            unit_headings=tables.UNIT_HEADINGS,
            unit_rows=tables.unit_rows(report),
            ranking=ranking,
            ranking_headings=tables.ranking_headings(report),
            ranking_rows=tables.ranking_rows(report, ranking),
            criticised=[r for r in ranking if r["barred"]],
            sites=sites,
            trend_chart=charts.svg(charts.trend_chart(data["sites"])),
            findings_chart=charts.svg(charts.findings_chart(data["findings"])) if data["findings"] else "",
            cases_chart=charts.svg(charts.cases_chart(data["cases"])),
            ranking_chart=charts.svg(charts.ranking_chart(ranking)) if ranking else "",
            may_export=may_export(self.request.user),
            may_publish_notice=may_publish_notice(self.request.user),
        )
        return context


class ReportExportView(_Guarded, View):
    """The report as xlsx or PDF; each download is recorded in the audit log."""

    def get(self, request, pk, fmt):
        if not may_export(request.user):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=pk)
        if fmt == "xlsx":
            body, content_type = exports.xlsx(report), exports.XLSX_TYPE
        elif fmt == "pdf":
            body, content_type = exports.pdf(report), "application/pdf"
        else:
            raise Http404
        filename = f"{report.title}.{fmt}"
        audit.record(request, "export", obj=report, format=fmt, filename=filename)
        request._audit_export_recorded = True
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class NoticeView(_Guarded, View):
    """POST: draft the assessment notice in the portal's 通知公告 (not published: it goes
    through the review workflow), then open it in the editor."""

    def post(self, request, pk):
        if not may_publish_notice(request.user):
            raise PermissionDenied
        report = get_object_or_404(Report, pk=pk)
        try:
            page, created = services.draft_notice(report, request.user)
        except services.NoticeRefused as error:
            messages.error(request, str(error))
            return redirect("reports:detail", report.pk)
        if created:
            messages.success(request, f"已在门户网站“通知公告”栏目生成通报草稿“{page.title}”，请核对后提交审核。")
        else:
            messages.info(request, f"本报告的通报已生成：“{page.title}”。")
        return redirect("wagtailadmin_pages:edit", page.pk)
