"""Admin screens of the content app: 撤稿 (R-SEC-6), 发布时效 and 撤稿记录 reports (R-PUB-5)."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from zhanqun.units.models import Unit

from . import services
from .forms import TakeDownForm
from .models import TakeDown
from .permissions import can_view_timeliness, timeliness_units
from .timeliness import Status, format_moment

# --- 撤稿 (R-SEC-6) ------------------------------------------------------------------------------


class TakeDownView(WagtailAdminTemplateMixin, FormView):
    """Asks for the reason, then takes the item down at once (R-SEC-6).

    Shown and allowed only to those ``services.can_take_down`` lets through (站点管理员,
    superusers); anyone else gets 403 on GET and POST alike.
    """

    form_class = TakeDownForm
    template_name = "content/take_down.html"
    page_title = _("撤稿")
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not services.can_take_down(request.user, self.page):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    @cached_property
    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={self.request.get_host()}):
            return url
        return reverse("wagtailadmin_explore", args=[self.page.get_parent().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page=self.page, next_url=self.next_url)
        return context

    def form_valid(self, form):
        services.take_down(self.page, self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, _("已撤稿：“%(title)s”已下线，撤稿原因已记录。") % {"title": self.page.title})
        return redirect(self.next_url)


# --- 发布时效 (R-PUB-5) -----------------------------------------------------------------------------


def current_month():
    return timezone.localdate().strftime("%Y-%m")


def month_label(month):
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


class TimelinessFilterSet(WagtailFilterSet):
    """Filters only; ``TimelinessReportView`` computes the rows itself."""

    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"), queryset=lambda request: Unit.objects.all(), empty_label=_("全部单位"), method="keep"
    )
    month = django_filters.CharFilter(
        label=_("信息形成月份"),
        widget=forms.TextInput(attrs={"type": "month"}),
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("请按“2026-03”的格式填写月份。"))],
        initial=current_month,
        method="keep",
    )
    show = django_filters.ChoiceFilter(
        label=_("显示"),
        choices=[("late", _("仅超期信息")), ("all", _("全部信息"))],
        empty_label=None,
        initial="late",
        method="keep",
    )

    class Meta:
        model = Unit
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class TimelinessReportView(ReportView):
    """报告 → 发布时效: items formed in a month that were, or still are, late against
    their rule (R-PUB-5), with on-time and late counts per unit above the list."""

    page_title = _("发布时效")
    header_icon = "time"
    results_template_name = "content/reports/timeliness_results.html"
    index_url_name = "content_reports:timeliness"
    index_results_url_name = "content_reports:timeliness_results"
    filterset_class = TimelinessFilterSet
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label=_("标题"),
            url_name="wagtailadmin_pages:edit",
            id_accessor="item.pk",
        ),
        Column("type_label", label=_("类型")),
        Column("unit_name", label=_("责任单位")),
        Column("formed_date_display", label=_("信息形成日期")),
        Column("first_published_display", label=_("首次发布")),
        Column("due_display", label=_("时限")),
        Column("label", label=_("发布时效")),
    ]
    list_export = [
        "title",
        "type_label",
        "unit_name",
        "rule_label",
        "formed_date_display",
        "first_published_display",
        "due_display",
        "label",
    ]
    export_headings = {
        "title": _("标题"),
        "type_label": _("类型"),
        "unit_name": _("责任单位"),
        "rule_label": _("时效规则"),
        "formed_date_display": _("信息形成日期"),
        "first_published_display": _("首次发布"),
        "due_display": _("时限"),
        "label": _("发布时效"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_timeliness(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"发布时效-{self.month}"

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        data.setdefault("month", current_month())
        data.setdefault("show", "late")
        kwargs["data"] = data
        return kwargs

    def filter_value(self, name, default=None):
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or default
        return default

    @cached_property
    def month(self):
        return self.filter_value("month", current_month())

    @cached_property
    def units(self):
        allowed = timeliness_units(self.request.user)
        chosen = self.filter_value("unit")
        if chosen is None:
            return allowed
        if allowed is not None and chosen not in allowed:
            return []
        return [chosen]

    @cached_property
    def summary(self):
        first, last = services.month_range(self.month)
        return services.timeliness_counts(first, last, units=self.units)

    def get_filtered_queryset(self):
        rows = [row for counts in self.summary for row in counts.late_items]
        if self.filter_value("show", "late") == "all":
            first, last = services.month_range(self.month)
            rows = services.assess_items(services.items(self.units, first, last))
        return [TimelinessRow(row) for row in sorted(rows, key=lambda r: (r.unit_name, r.formed_date, r.item.pk))]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["summary"] = self.summary
        context["month_label"] = month_label(self.month)
        return context


class TimelinessRow:
    """An ``ItemTimeliness`` with the display strings the table and export use."""

    def __init__(self, row):
        self.row = row

    def __getattr__(self, name):
        return getattr(self.row, name)

    @property
    def formed_date_display(self):
        return format_moment(self.row.formed_date)

    @property
    def first_published_display(self):
        published = self.row.first_published_at
        return format_moment(published) if published else _("未发布")

    @property
    def due_display(self):
        return format_moment(self.row.due) if self.row.due else ""

    @property
    def is_overdue(self):
        return self.row.status == Status.OVERDUE


# --- 撤稿记录 (R-SEC-6) -------------------------------------------------------------------------------


class TakeDownFilterSet(WagtailFilterSet):
    taken_down_at = django_filters.DateFromToRangeFilter(label=_("撤稿时间"), widget=DateRangePickerWidget)

    class Meta:
        model = TakeDown
        fields = ["taken_down_at"]


class TakeDownReportView(ReportView):
    """报告 → 撤稿记录: every take-down, newest first, with who, when and why."""

    page_title = _("撤稿记录")
    header_icon = "warning"
    model = TakeDown
    index_url_name = "content_reports:take_downs"
    index_results_url_name = "content_reports:take_downs_results"
    filterset_class = TakeDownFilterSet
    any_permission_required = ["add", "view"]
    columns = [
        TitleColumn(
            "page_title",
            label=_("标题"),
            get_url=lambda record: (
                reverse("wagtailadmin_pages:history", args=[record.page_id]) if record.page_id else None
            ),
        ),
        Column("page_url", label=_("原网址")),
        Column("reason", label=_("撤稿原因")),
        UserColumn("taken_down_by", label=_("操作人")),
        DateColumn("taken_down_at", label=_("撤稿时间")),
    ]
    list_export = ["page_title", "page_url", "reason", "taken_down_by", "taken_down_at"]
    export_headings = {
        "page_title": _("标题"),
        "page_url": _("原网址"),
        "reason": _("撤稿原因"),
        "taken_down_by": _("操作人"),
        "taken_down_at": _("撤稿时间"),
    }

    def get_filename(self):
        return f"撤稿记录-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return TakeDown.objects.select_related("taken_down_by", "page")
