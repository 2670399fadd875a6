"""The handler's screens in the Wagtail admin (案件办理): the dashboard, a case, its actions.

* ``CaseDashboardView`` — the user's unit's cases (every unit's for supervisors holding
  ``cases.view_all_cases``), by due time, with traffic lights; filters by kind, state,
  light (and unit for supervisors).
* ``CaseDetailView`` — the case, the citizen's data masked (unmasked on request for roles
  that need it, logged), the clocks, the timeline, the replies and the actions the user
  may take now.
* ``CaseActionView`` — one form per action; each calls its function in ``services``.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from zhanqun.units.models import Unit

from . import forms, permissions, services
from .enums import Action, Light, ReplyStatus
from .kinds import InvalidTransition, all_kinds
from .models import PERSONAL_FIELDS, Case
from .pagination import DeferredJoinPaginator

LIGHT_CLASSES = {
    Light.ON_TIME: "cases-light--on-time",
    Light.DUE_SOON: "cases-light--due-soon",
    Light.OVERDUE: "cases-light--overdue",
}


def may_use_cases(user):
    return permissions.has(user, "view_case") or permissions.sees_all_cases(user)


def kind_choices():
    return [(k.code, k.label) for k in all_kinds()]


def state_choices():
    seen = {}
    for kind in all_kinds():
        for state in kind.states:
            seen.setdefault(state.code, state.label)
    return list(seen.items())


class CaseFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=kind_choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=state_choices, empty_label=_("全部"))
    light = django_filters.ChoiceFilter(
        label=_("红绿灯"), choices=Light.choices, empty_label=_("全部"), method="filter_light"
    )
    unit = django_filters.ModelChoiceFilter(label=_("承办单位"), queryset=Unit.objects.all())

    class Meta:
        model = Case
        fields = ["kind", "state", "light", "unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not permissions.sees_all_cases(user):
            del self.filters["unit"]

    def filter_light(self, queryset, name, value):
        return queryset.with_light(value)


class LightColumn(Column):
    cell_template_name = "cases/tables/light_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        light = instance.light
        context["light"] = light
        context["light_class"] = LIGHT_CLASSES.get(light, "")
        context["light_label"] = light.label if light else (_("已办结") if instance.closed_at else _("暂停/无期限"))
        return context


class DueColumn(Column):
    """办理期限, with 暂定 under a provisional one (a year without holiday data)."""

    cell_template_name = "cases/tables/due_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["due_display"] = instance.due_display
        context["provisional_years"] = instance.provisional_years
        return context


class CaseDashboardView(ReportView):
    """案件办理 → 办件: due first; cases with no running clock last."""

    page_title = _("办件")
    header_icon = "mail"
    index_url_name = "cases:index"
    index_results_url_name = "cases:index_results"
    filterset_class = CaseFilterSet
    model = Case
    paginate_by = 50
    paginator_class = DeferredJoinPaginator  # deep pages without reading the skipped rows
    columns = [
        TitleColumn("number", label=_("编号"), url_name="cases:detail"),
        Column("kind_label", label=_("类型"), accessor="kind_label"),
        Column("subject", label=_("标题")),
        Column("unit", label=_("承办单位")),
        Column("state", label=_("状态"), accessor="get_state_display"),
        DueColumn("due", label=_("办理期限")),
        LightColumn("light", label=_("红绿灯")),
    ]
    list_export = ["number", "kind_label", "subject", "unit", "get_state_display", "due_display", "light_display"]
    export_headings = {
        "number": _("编号"),
        "kind_label": _("类型"),
        "subject": _("标题"),
        "unit": _("承办单位"),
        "get_state_display": _("状态"),
        "due_display": _("办理期限"),
        "light_display": _("红绿灯"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_use_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_queryset(self):
        return (
            Case.objects.visible_to(self.request.user)
            .select_related("unit")
            .order_by(F("due_at").asc(nulls_last=True), "received_at", "pk")
        )

    def decorate_paginated_queryset(self, object_list):
        provisional = services.provisional_dues(object_list)
        for case in object_list:
            case.due_display = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M") if case.due_at else "—"
            case.provisional_years = provisional.get(case.pk, "")
            if case.provisional_years:
                case.due_display += "（暂定）"
            light = case.light
            case.light_display = light.label if light else ""
        return object_list


def visible_case(request, pk):
    case = get_object_or_404(Case.objects.select_related("unit", "site"), pk=pk)
    if not permissions.can_view(request.user, case):
        raise PermissionDenied
    return case


# Action slug → (engine action, form, button label, who may, service call)
ACTIONS = {
    "triage": (Action.TRIAGE, forms.TriageForm, _("分拣"), permissions.can_dispatch,
               lambda c, u, d: services.triage(c, u, note=d["note"])),
    "assign": (Action.ASSIGN, forms.AssignForm, _("交办"), permissions.can_dispatch,
               lambda c, u, d: services.assign(c, u, d["unit"], note=d["note"])),
    "transfer": (Action.TRANSFER, forms.TransferForm, _("转办"), permissions.can_dispatch,
                 lambda c, u, d: services.transfer(c, u, d["unit"], reason=d["reason"])),
    "return": (Action.RETURN, forms.ReturnForm, _("退回"), permissions.can_handle,
               lambda c, u, d: services.return_case(c, u, d["reason"])),
    "instruct": (Action.INSTRUCT, forms.InstructForm, _("批示"), permissions.can_instruct,
                 lambda c, u, d: services.add_instruction(c, u, d["instruction"])),
    "pause": (Action.PAUSE, forms.PauseForm, _("暂停计时"), permissions.can_handle,
              lambda c, u, d: services.pause(c, u, d["reason"])),
    "resume": (Action.RESUME, forms.ConfirmForm, _("恢复计时"), permissions.can_handle,
               lambda c, u, d: services.resume(c, u)),
    "extend": (Action.EXTEND, forms.ExtendForm, _("延期"), permissions.can_handle,
               lambda c, u, d: services.extend(c, u, clock=d["clock"], new_due=d["new_due"], reason=d["reason"])),
    "draft": (Action.DRAFT_REPLY, forms.DraftReplyForm, _("拟写答复"), permissions.can_handle,
              lambda c, u, d: services.draft_reply(c, u, d["body"], public=d.get("public", False))),
    "approve": (Action.APPROVE_REPLY, forms.ApproveReplyForm, _("审核通过答复"), permissions.can_approve_reply,
                lambda c, u, d: services.approve_reply(c, u, comment=d["comment"])),
    "reject": (Action.REJECT_REPLY, forms.RejectReplyForm, _("退回修改"), permissions.can_approve_reply,
               lambda c, u, d: services.reject_reply(c, u, d["reason"])),
    "send": (Action.SEND_REPLY, forms.ConfirmForm, _("发送答复"), permissions.can_handle,
             lambda c, u, d: services.send_reply(c, u)),
    "publish": (Action.PUBLISH, forms.ConfirmForm, _("公开答复"), permissions.can_dispatch,
                lambda c, u, d: services.publish_reply(c, u)),
}  # fmt: skip


def _applicable(case, action):
    """Whether the action makes sense beyond the state machine (a clock to pause …)."""
    running = case.clocks.filter(stopped_at__isnull=True)
    if action == Action.PAUSE:
        return running.filter(paused_at__isnull=True).exists()
    if action == Action.RESUME:
        return running.filter(paused_at__isnull=False).exists()
    if action == Action.EXTEND:
        return running.exists()
    if action == Action.PUBLISH:
        return case.kind_spec.public_replies and case.published_at is None
    return True


def available_actions(user, case):
    """The actions the kind allows now and the user may take, in the order above."""
    kind = case.kind_spec
    overrides = kind.extra.get("action_urls", {})  # the kind's own form for an action
    result = []
    for slug, (action, _form, label, allowed, _call) in ACTIONS.items():
        if kind.allows(case.state, action) and allowed(user, case) and _applicable(case, action):
            url = reverse(overrides[slug], args=[case.pk]) if slug in overrides else reverse("cases:action", args=[case.pk, slug])
            result.append({"slug": slug, "label": label, "url": url})
    return result


class CaseDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/detail.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.case = visible_case(request, pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.case.number

    def get_page_subtitle(self):
        return self.case.subject

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cases:index"), "label": _("办件")},
            {"url": "", "label": self.case.number},
        ]

    def post(self, request, pk):
        """查看完整信息: unmask the citizen's data for this response, and log it."""
        form = forms.RevealForm(request.POST)
        purpose = form.cleaned_data["purpose"] if form.is_valid() else ""
        try:
            revealed = services.reveal_personal_data(self.case, request.user, purpose=purpose)
        except permissions.CasePermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return self.render_to_response(self.get_context_data(revealed=revealed))

    def get_context_data(self, revealed=None, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.case
        user = self.request.user
        shown = revealed or case.masked_personal_data()
        now = timezone.now()
        clocks = list(case.clocks.prefetch_related("extensions", "pauses"))
        for clock in clocks:
            clock.deadline = services.clock_deadline(clock)
            clock.status_label = clock.status(now).label
            light = clock.light(now)
            clock.light_label = light.label if light else ""
            clock.light_class = LIGHT_CLASSES.get(light, "")
        context.update(
            case=case,
            kind=case.kind_spec,
            personal=[(PERSONAL_FIELDS[key], shown[key]) for key in PERSONAL_FIELDS],
            revealed=bool(revealed),
            can_reveal=permissions.can_view_personal_data(user, case) and not revealed,
            clocks=clocks,
            events=case.events.select_related("unit"),
            replies=case.replies.select_related("drafted_by", "decided_by", "unit"),
            actions=available_actions(user, case),
            ReplyStatus=ReplyStatus,
        )
        return context


class CaseActionView(WagtailAdminTemplateMixin, FormView):
    template_name = "cases/action.html"
    header_icon = "mail"

    def dispatch(self, request, pk, action):
        self.case = visible_case(request, pk)
        if action not in ACTIONS:
            raise PermissionDenied
        self.action, self.form_class, self.label, allowed, self.call = ACTIONS[action]
        if not allowed(request.user, self.case):
            raise PermissionDenied
        if not self.case.kind_spec.allows(self.case.state, self.action):
            messages.error(request, str(InvalidTransition(self.case, self.action)))
            return redirect("cases:detail", self.case.pk)
        return super().dispatch(request, pk, action)

    def get_page_title(self):
        return self.label

    def get_page_subtitle(self):
        return f"{self.case.number} {self.case.subject}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cases:index"), "label": _("办件")},
            {"url": reverse("cases:detail", args=[self.case.pk]), "label": self.case.number},
            {"url": "", "label": self.label},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case=self.case, label=self.label, cancel_url=reverse("cases:detail", args=[self.case.pk]))
        return context

    def form_valid(self, form):
        try:
            self.call(self.case, self.request.user, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except (InvalidTransition, permissions.CasePermissionDenied) as exc:
            messages.error(self.request, str(exc))
            return redirect("cases:detail", self.case.pk)
        messages.success(
            self.request, _("已%(action)s：%(number)s") % {"action": self.label, "number": self.case.number}
        )
        return redirect("cases:detail", self.case.pk)
