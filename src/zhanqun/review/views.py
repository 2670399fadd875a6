"""Admin screens of the review app.

* 审核记录 of an item (``ItemRecordView``): every submission, decision and override,
  the screening findings marked in the text, the archived records; CSV/XLSX.
* 审核 → 审核记录 (``ReviewRecordReportView``): the register of archived records
  (R-PUB-10), one row per published version, exportable.
* 审核 → 保密审查 (``ScreeningQueueView``, ``ScreeningDetailView``): items stopped by
  screening; a 保密审查员 accepts a finding with a reason (R-PUB-3).
* 审核 → 公众提交审核 (``ModerationQueueView``, ``ModerationDetailView``): what the
  public sent, approved or rejected by a 站点管理员 with a reason (R-INT-3).
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, TaskState, WorkflowState

from zhanqun.content.enums import Importance

from . import exports, services
from .enums import ModerationStatus
from .forms import ModerationDecisionForm, OverrideForm
from .models import ModerationItem, ReviewRecord, ScreeningTaskState
from .permissions import can_moderate, can_view_record, can_view_records
from .screening import mark_excerpt, mark_text


def findings_by_part(parts, findings):
    """Screened parts with their findings marked, then attachment findings: what the
    templates show (R-PUB-4: the reviewer sees where each problem is)."""
    shown = []
    for index, part in enumerate(parts):
        own = [f for f in findings if f.get("part") == index]
        if own or part.get("label") != "标题":
            shown.append({"label": part["label"], "html": mark_text(part.get("text", ""), own), "findings": own})
    attachments = [dict(f, excerpt_html=mark_excerpt(f)) for f in findings if f.get("part") is None]
    return shown, attachments


def screening_context(state, user=None):
    """Template context for one screening: marked text, findings and overrides."""
    if state is None:
        return {"screening": None}
    resolved = state.resolved_keys()
    findings = [dict(f, resolved=f["key"] in resolved, excerpt_html=mark_excerpt(f)) for f in state.findings]
    parts, attachments = findings_by_part(state.parts, findings)
    return {
        "screening": state,
        "screening_parts": parts,
        "screening_attachments": attachments,
        "screening_findings": findings,
        "screening_blocking": [f for f in findings if f["severity"] == "block"],
        "screening_warnings": [f for f in findings if f["severity"] != "block"],
        "screening_overrides": list(state.overrides()) + list(state.carried_overrides.all()),
    }


# --- the record of one item --------------------------------------------------------------


class ItemRecordView(WagtailAdminTemplateMixin, TemplateView):
    """审核记录 of one item: what happened in review, and what was archived."""

    template_name = "review/item_record.html"
    page_title = _("审核记录")
    header_icon = "list-ul"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not can_view_record(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    @cached_property
    def entries(self):
        return services.record_entries(self.page)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            unit = getattr(self.page, "responsible_unit", None)
            preamble = [
                ["标题", self.page.title],
                ["责任单位", unit.name if unit else ""],
                [
                    "信息类别",
                    self.page.get_importance_display() if hasattr(self.page, "get_importance_display") else "",
                ],
                ["导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")],
            ]
            return exports.entries_response(f"审核记录-{self.page.pk}", self.entries, fmt, preamble)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = services.latest_screening(self.page)
        context.update(
            page=self.page,
            entries=self.entries,
            records=ReviewRecord.objects.filter(page_ref=self.page.pk),
            workflow_state=self.page.current_workflow_state,
            export_url=reverse("review_item_record", args=[self.page.pk]),
            screening_url=reverse("review_screening_detail", args=[state.pk]) if state else None,
            **screening_context(state),
        )
        return context


class ArchivedRecordView(WagtailAdminTemplateMixin, TemplateView):
    """One archived record, exactly as frozen when the version went live."""

    template_name = "review/record_detail.html"
    page_title = _("审核记录（归档）")
    header_icon = "list-ul"

    def dispatch(self, request, pk):
        self.record = get_object_or_404(ReviewRecord, pk=pk)
        page = Page.objects.filter(pk=self.record.page_ref).first()
        allowed = can_view_records(request.user) or (page is not None and can_view_record(request.user, page.specific))
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.record.title

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in exports.FORMATS:
            r = self.record
            preamble = [
                ["标题", r.title],
                ["网站", r.site_name],
                ["栏目", r.column_title],
                ["网址", r.url],
                ["责任单位", r.unit_name],
                ["信息类别", r.get_importance_display()],
                ["审核流程", r.chain if r.reviewed else "未经审核流程直接发布"],
                ["发布版本", r.revision_ref],
                ["发布时间", timezone.localtime(r.published_at).strftime("%Y-%m-%d %H:%M:%S")],
                ["发布人", r.published_by_name],
            ]
            return exports.entries_response(f"审核记录-{r.page_ref}-{r.pk}", r.entries, fmt, preamble)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = [dict(f, excerpt_html=mark_excerpt(f)) for f in self.record.findings]
        context.update(
            record=self.record,
            entries=self.record.entries,
            findings=findings,
            export_url=reverse("review_record", args=[self.record.pk]),
        )
        return context


# --- the register of archived records (R-PUB-10) ------------------------------------------------


class ReviewRecordFilterSet(WagtailFilterSet):
    published_at = django_filters.DateFromToRangeFilter(label=_("发布时间"), widget=DateRangePickerWidget)
    importance = django_filters.ChoiceFilter(label=_("信息类别"), choices=Importance.choices, empty_label=_("全部"))
    reviewed = django_filters.BooleanFilter(label=_("经审核流程"))
    title = django_filters.CharFilter(label=_("标题包含"), lookup_expr="icontains")

    class Meta:
        model = ReviewRecord
        fields = ["title", "importance", "reviewed", "published_at"]


class ReviewRecordReportView(ReportView):
    """审核 → 审核记录: every published version with its review, newest first."""

    page_title = _("审核记录")
    header_icon = "list-ul"
    index_url_name = "review_records"
    index_results_url_name = "review_records_results"
    filterset_class = ReviewRecordFilterSet
    model = ReviewRecord
    columns = [
        TitleColumn("title", label=_("标题"), url_name="review_record"),
        Column("site_name", label=_("网站")),
        Column("unit_name", label=_("责任单位")),
        Column("get_importance_display", label=_("信息类别"), accessor="get_importance_display"),
        Column("chain_display", label=_("审核流程"), accessor="chain_display"),
        Column("published_by_name", label=_("发布人")),
        DateColumn("published_at", label=_("发布时间")),
    ]
    list_export = [
        "title",
        "site_name",
        "column_title",
        "url",
        "unit_name",
        "get_importance_display",
        "chain_display",
        "submitted_by_name",
        "decisions_text",
        "overrides_text",
        "revision_ref",
        "published_at",
        "published_by_name",
    ]
    export_headings = {
        "title": _("标题"),
        "site_name": _("网站"),
        "column_title": _("栏目"),
        "url": _("网址"),
        "unit_name": _("责任单位"),
        "get_importance_display": _("信息类别"),
        "chain_display": _("审核流程"),
        "submitted_by_name": _("提交人"),
        "decisions_text": _("审核意见"),
        "overrides_text": _("保密审查认定"),
        "revision_ref": _("发布版本"),
        "published_at": _("发布时间"),
        "published_by_name": _("发布人"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_records(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"审核记录-{timezone.localdate():%Y%m%d}"

    def get_queryset(self):
        return ReviewRecord.objects.all()


# --- 保密审查: items stopped by screening (R-PUB-3) ----------------------------------------------


def stopped_screenings():
    """Screening task states that hold an item back now, newest first."""
    current = WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES).values("current_task_state")
    return (
        ScreeningTaskState.objects.filter(pk__in=current, status=TaskState.STATUS_REJECTED)
        .select_related("revision", "workflow_state__requested_by")
        .order_by("-started_at")
    )


class ScreeningQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "review/screening_queue.html"
    page_title = _("保密审查")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not services.can_override(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for state in stopped_screenings():
            open_ = state.unresolved_blocking()
            if open_:
                rows.append(
                    {
                        "state": state,
                        "title": state.revision.object_str,
                        "open": open_,
                        "submitted_by": services.display_name(state.workflow_state.requested_by),
                    }
                )
        context["rows"] = rows
        return context


class ScreeningDetailView(WagtailAdminTemplateMixin, TemplateView):
    """The screened text with findings marked; a 保密审查员 accepts a blocking finding
    with a reason here. Visible to whoever may see the item's record."""

    template_name = "review/screening_detail.html"
    page_title = _("自动检查结果")
    header_icon = "warning"

    def dispatch(self, request, task_state_id):
        self.state = get_object_or_404(ScreeningTaskState.objects.select_related("revision"), pk=task_state_id)
        self.page = self.state.revision.content_object.specific
        if not (services.can_override(request.user) or can_view_record(request.user, self.page)):
            raise PermissionDenied
        return super().dispatch(request, task_state_id)

    def get_page_subtitle(self):
        return self.state.revision.object_str

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workflow_state = self.state.workflow_state
        may_override = (
            services.can_override(self.request.user)
            and not services.is_author(self.request.user, self.state, self.page)
            and self.state.status == TaskState.STATUS_REJECTED
        )
        context.update(
            page=self.page,
            state=self.state,
            is_current=workflow_state.current_task_state_id == self.state.pk
            and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES,
            may_override=may_override,
            form=kwargs.get("form"),
            form_key=kwargs.get("form_key"),
            record_url=reverse("review_item_record", args=[self.page.pk]),
            **screening_context(self.state),
        )
        return context

    def post(self, request, task_state_id):
        form = OverrideForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, form_key=request.POST.get("key")))
        try:
            services.override_finding(self.state, form.cleaned_data["key"], form.cleaned_data["reason"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form, form_key=request.POST.get("key")))
        self.state.refresh_from_db()
        if self.state.unresolved_blocking():
            messages.success(
                request, _("已记录认定理由。还有 %(n)d 处须处理的问题。") % {"n": len(self.state.unresolved_blocking())}
            )
            return redirect("review_screening_detail", self.state.pk)
        messages.success(
            request,
            _("已记录认定理由。须处理的问题均已认定，“%(title)s”已继续进入审核流程。") % {"title": self.page.title},
        )
        return redirect("review_screening_queue")


# --- 公众提交审核 (R-INT-3) ---------------------------------------------------------------------


class ModerationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=ModerationStatus.choices, empty_label=_("全部"))
    kind = django_filters.CharFilter(label=_("类型"))

    class Meta:
        model = ModerationItem
        fields = ["status", "kind"]


class ModerationQueueView(ReportView):
    """审核 → 公众提交审核: pending first, oldest first among them."""

    page_title = _("公众提交审核")
    header_icon = "comment"
    index_url_name = "review_moderation"
    index_results_url_name = "review_moderation_results"
    filterset_class = ModerationFilterSet
    model = ModerationItem
    columns = [
        TitleColumn("title", label=_("标题"), url_name="review_moderation_detail"),
        Column("kind", label=_("类型")),
        Column("site", label=_("网站")),
        Column("flag", label=_("检查"), accessor="flag"),
        Column("get_status_display", label=_("状态"), accessor="get_status_display"),
        DateColumn("submitted_at", label=_("提交时间")),
    ]
    list_export = ["kind", "title", "author_name", "submitted_at", "get_status_display", "decided_at", "reason"]
    export_headings = {
        "kind": _("类型"),
        "title": _("标题"),
        "author_name": _("提交人"),
        "submitted_at": _("提交时间"),
        "get_status_display": _("状态"),
        "decided_at": _("审核时间"),
        "reason": _("审核理由"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not (can_moderate(request.user) or request.user.has_perm("review.view_moderationitem")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        data.setdefault("status", ModerationStatus.PENDING)
        kwargs["data"] = data
        return kwargs

    def get_queryset(self):
        return ModerationItem.objects.select_related("site").order_by("submitted_at", "pk")

    def decorate_paginated_queryset(self, object_list):
        for item in object_list:
            item.flag = _("有须处理的问题") if item.has_blocking else (_("有提示") if item.findings else "")
        return object_list


class ModerationDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "review/moderation_detail.html"
    page_title = _("公众提交审核")
    header_icon = "comment"

    def dispatch(self, request, pk):
        self.item = get_object_or_404(ModerationItem, pk=pk)
        if not (can_moderate(request.user) or request.user.has_perm("review.view_moderationitem")):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.item.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.item
        parts = [
            {"label": _("标题"), "html": mark_text(item.title, item.findings_in(0)), "findings": item.findings_in(0)},
            {"label": _("内容"), "html": mark_text(item.text, item.findings_in(1)), "findings": item.findings_in(1)},
        ]
        context.update(
            item=item,
            parts=parts,
            findings=item.findings,
            may_decide=can_moderate(self.request.user) and item.is_pending,
            form=kwargs.get("form") or ModerationDecisionForm(),
        )
        return context

    def post(self, request, pk):
        if not can_moderate(request.user):
            raise PermissionDenied
        form = ModerationDecisionForm(request.POST)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    self.item.approve(request.user, form.cleaned_data["reason"])
                    messages.success(request, _("已通过：“%(title)s”将在网站上显示。") % {"title": self.item.title})
                else:
                    self.item.reject(request.user, form.cleaned_data["reason"])
                    messages.success(request, _("已不予显示：“%(title)s”。") % {"title": self.item.title})
                return redirect("review_moderation")
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
        return self.render_to_response(self.get_context_data(form=form))
