"""Back-office screens of disclosure that are not plain model views: the catalog
overview (R-DISC-2 empty categories, R-PUB-5 late items), the guide's approval."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from zhanqun.units.models import Unit

from .. import catalog, guides
from ..enums import GuideStatus
from ..models import CatalogEntry, Guide
from ..permissions import can_approve_guide, guides_for, sees_all_units


def may_view_catalog(user):
    return user.is_active and (user.is_superuser or user.has_perm("disclosure.view_catalogentry"))


class CatalogOverviewView(WagtailAdminTemplateMixin, TemplateView):
    """公开目录检查: per unit, the required categories left empty (R-DISC-2), the items
    published late (Art. 26: 20 working days; the site's 3 working days, R-PUB-5) and
    the disclosed items that could not be numbered (no unit code)."""

    template_name = "disclosure/admin/catalog_overview.html"
    page_title = _("公开目录检查")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not may_view_catalog(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = Unit.objects.all()
        if not sees_all_units(self.request.user):
            from zhanqun.cases.permissions import user_unit_id

            units = units.filter(pk=user_unit_id(self.request.user))
        rows = []
        for unit in units:
            counts = catalog.category_counts(unit)
            entries = CatalogEntry.objects.live().filter(unit=unit)
            rows.append(
                {
                    "unit": unit,
                    "code": catalog.unit_code(unit),
                    "total": entries.count(),
                    "counts": counts,
                    "empty": [c.category for c in counts if c.category.required and c.empty],
                    "late": list(entries.filter(late=True).order_by("-published_at")[:50]),
                    "beyond": entries.filter(beyond_legal_limit=True).count(),
                }
            )
        context["rows"] = rows
        context["unnumbered"] = catalog.unnumbered_items(units)
        return context


class GuideApprovalView(WagtailAdminTemplateMixin, TemplateView):
    """提交审定 / 审定 of a guide (R-DISC-1: approved by the unit head)."""

    template_name = "disclosure/admin/guide_approval.html"
    page_title = _("指南审定")
    header_icon = "doc-full"

    def dispatch(self, request, pk):
        self.guide = get_object_or_404(guides_for(request.user, Guide.objects.select_related("unit")), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.guide)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guide = self.guide
        context.update(
            guide=guide,
            fields=[(guide._meta.get_field(n).verbose_name, v) for n, v in guide.content().items()],
            can_submit=guide.status == GuideStatus.DRAFT,
            can_approve=guide.status == GuideStatus.SUBMITTED and can_approve_guide(self.request.user, guide),
            edit_url=reverse("disclosure_guides:edit", args=[guide.pk]),
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        try:
            if action == "submit":
                guides.submit(self.guide, request.user)
                messages.success(request, _("已提交单位负责人审定。"))
            elif action == "approve":
                guides.approve(self.guide, request.user)
                messages.success(request, _("指南已审定，公开页面已更新。"))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("disclosure:guide_approval", self.guide.pk)


class AnnualReportView(WagtailAdminTemplateMixin, TemplateView):
    """年度报告: the computed tables, the consistency check, exports and 发布."""

    template_name = "disclosure/admin/annual_report.html"
    header_icon = "table"

    def dispatch(self, request, pk):
        from ..models import AnnualReport

        if not (request.user.is_superuser or request.user.has_perm("disclosure.view_annualreport")):
            raise PermissionDenied
        self.report = get_object_or_404(AnnualReport.objects.select_related("unit"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return str(self.report)

    def get(self, request, *args, **kwargs):
        from django.http import JsonResponse

        from .. import annual_report
        from ..exports import xlsx_response

        export = request.GET.get("export")
        if export in ("json", "xlsx"):
            data = annual_report.build(self.report.unit, self.report.year, self.report)
            if export == "json":
                return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
            return xlsx_response(str(self.report), annual_report.to_sheets(data))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.utils.safestring import mark_safe

        from .. import annual_report

        context = super().get_context_data(**kwargs)
        data = annual_report.build(self.report.unit, self.report.year, self.report)
        context.update(
            report=self.report,
            data=data,
            html=mark_safe(annual_report.to_html(data)),  # noqa: S308 - our template, autoescaped values
            due=annual_report.due_date(self.report.unit, self.report.year),
            can_publish=self.request.user.has_perm("disclosure.change_annualreport"),
            edit_url=reverse("disclosure_reports:edit", args=[self.report.pk]),
        )
        return context

    def post(self, request, pk):
        from .. import annual_report

        if not request.user.has_perm("disclosure.change_annualreport"):
            raise PermissionDenied
        try:
            annual_report.publish(self.report, request.user)
        except annual_report.ReportInconsistent as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("年度报告已发布到“年度报告”栏目。"))
        return redirect("disclosure:report", pk)
