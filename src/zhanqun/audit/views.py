"""The auditor's screens (审计日志): list with search and filters, a record with its chain
check, export to xlsx. Read-only by construction: there is no form, no POST handler, and
the model has no add/change/delete permission to grant (R-SEC-3, docs/audit.md)."""

import json

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from . import services
from .enums import AuditAction
from .models import AuditRecord

VIEW_PERMISSION = "audit.view_auditrecord"


def can_view_audit_log(user):
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def action_choices():
    labels = dict(AuditRecord.objects.order_by().values_list("action", "action_label").distinct())
    for code, label in AuditAction.choices:
        labels.setdefault(code, label)
    return sorted(((code, f"{label or code}（{code}）") for code, label in labels.items()), key=lambda c: c[0])


def object_type_choices():
    from django.contrib.contenttypes.models import ContentType

    types = AuditRecord.objects.exclude(object_type="").order_by().values_list("object_type", flat=True).distinct()
    choices = []
    for object_type in types:
        app_label, _sep, model = object_type.partition(".")
        ct = ContentType.objects.filter(app_label=app_label, model=model).first()
        model_class = ct.model_class() if ct else None
        name = model_class._meta.verbose_name if model_class else object_type
        choices.append((object_type, f"{name}（{object_type}）"))
    return sorted(choices)


class AuditRecordFilterSet(WagtailFilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="search", help_text=_("用户名、对象、操作、来源地址、详情"))
    username = django_filters.CharFilter(label=_("用户名"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=action_choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("时间"), widget=DateRangePickerWidget)
    success = django_filters.BooleanFilter(label=_("结果"), widget=django_filters.widgets.BooleanWidget)
    object_type = django_filters.ChoiceFilter(label=_("对象类型"), choices=object_type_choices)

    class Meta:
        model = AuditRecord
        fields = ["q", "username", "action", "created_at", "success", "object_type"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = (
            Q(username__icontains=value)
            | Q(object_repr__icontains=value)
            | Q(action_label__icontains=value)
            | Q(action__icontains=value)
            | Q(object_id=value)
        )
        if value.isdigit():
            query |= Q(seq=int(value))
        if any(c in value for c in ".:") and len(value) <= 45:
            query |= Q(source_address=value) if _is_ip(value) else Q()
        return queryset.filter(query)


def _is_ip(value):
    from ipaddress import ip_address

    try:
        ip_address(value)
    except ValueError:
        return False
    return True


class ReadOnlyMixin:
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_audit_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditRecordListView(ReadOnlyMixin, ReportView):
    """审计日志: newest first; every filter also applies to the export."""

    page_title = _("审计日志")
    header_icon = "history"
    model = AuditRecord
    index_url_name = "audit:index"
    index_results_url_name = "audit:index_results"
    filterset_class = AuditRecordFilterSet
    paginate_by = 50
    FORMATS = ("xlsx",)
    columns = [
        # A sequence number is read whole: at 1280 px the widest column squeezed it to "142 / 1".
        TitleColumn("seq", label=_("序号"), url_name="audit:detail", id_accessor="pk", classname="w-whitespace-nowrap"),
        DateColumn("created_at", label=_("时间")),
        # No user and no name: the system acted (a scheduled job, the automatic screening).
        Column("username", label=_("用户"), accessor=lambda r: r.username or _("系统")),
        Column("source_address", label=_("来源地址")),
        Column("action_display", label=_("操作")),
        Column("object_repr", label=_("对象")),
        BooleanColumn("success", label=_("成功")),
    ]
    list_export = [
        "seq",
        "created_at",
        "username",
        "source_address",
        "action",
        "action_label",
        "object_type",
        "object_id",
        "object_repr",
        "success",
        "detail_json",
        "hash",
    ]
    export_headings = {
        "seq": _("序号"),
        "created_at": _("时间"),
        "username": _("用户名"),
        "source_address": _("来源地址"),
        "action": _("操作代码"),
        "action_label": _("操作"),
        "object_type": _("对象类型"),
        "object_id": _("对象编号"),
        "object_repr": _("对象"),
        "success": _("成功"),
        "detail_json": _("详情"),
        "hash": _("哈希（SM3）"),
    }

    def get_queryset(self):
        return AuditRecord.objects.order_by("-seq")

    def get_filename(self):
        return f"审计日志-{timezone.localdate():%Y-%m-%d}"

    def get_preprocess_function(self, field, value, export_format):
        if field == "created_at":
            return lambda v: timezone.localtime(v).strftime("%Y-%m-%d %H:%M:%S")
        if field == "success":
            return lambda v: "成功" if v else "失败"
        return super().get_preprocess_function(field, value, export_format)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # The export is itself audited, with the filters that chose the rows.
        filters = {k: v for k, v in self.request.GET.lists() if k != "export"}
        services.record(self.request, AuditAction.AUDIT_EXPORT, rows=queryset.count(), filters=filters)
        self.request._audit_export_recorded = True
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AuditRecordDetailView(ReadOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "audit/detail.html"
    page_title = _("审计记录")
    header_icon = "history"

    def get_page_subtitle(self):
        return f"#{self.record.seq} {self.record.action_label or self.record.action}"

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": reverse("audit:index"), "label": _("审计日志")},
            {"url": "", "label": f"#{self.record.seq}"},
        ]

    def get(self, request, pk):
        self.record = get_object_or_404(AuditRecord, pk=pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        problem = services.check_record(self.record)
        return super().get_context_data(
            record=self.record,
            chain_problem=problem,
            detail_json=json.dumps(self.record.detail, ensure_ascii=False, sort_keys=True, indent=2),
            **kwargs,
        )
