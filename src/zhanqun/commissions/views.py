"""Admin views of 委托发布申请 (R-PUB-9), on top of Wagtail's generic model views.

Every view reads requests through ``Commission.objects.visible_to(user)``, so an
editor reaches only their unit's requests (others are 404); the instance checks of
``CommissionPermissionPolicy`` decide what may be changed. 转为草稿 and 退回 are open to
those who hold ``commissions.handle_commission``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import registry as log_registry
from wagtail.rich_text import expand_db_html

from . import services
from .enums import CommissionStatus
from .forms import DraftForm, ReturnForm
from .models import Commission
from .permissions import handles_commissions


def visible(request):
    return Commission.objects.visible_to(request.user).select_related("unit", "submitted_by", "handled_by")


class ScopedObjectMixin:
    """Look requests up among those the user may see; check the action on the instance."""

    instance_action = None

    def get_object(self, queryset=None):
        obj = get_object_or_404(visible(self.request), pk=self.kwargs["pk"])
        if self.instance_action and not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, obj
        ):
            raise PermissionDenied
        return obj


class CommissionIndexView(generic.IndexView):
    """The queue: waiting requests first, newest first."""

    def get_base_queryset(self):
        return visible(self.request).annotate(
            queue=Case(
                When(status=CommissionStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        return queryset.order_by("queue", "-submitted_at", "-pk")


class CommissionCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.submitted_by = self.request.user
        return super().save_instance()

    def get_success_message(self, instance):
        return _("委托发布申请“%(title)s”已提交，等待政府办公室处理。") % {"title": instance.title}

    def get_success_url(self):
        return reverse("commissions:inspect", args=[self.object.pk])


class CommissionEditView(ScopedObjectMixin, generic.EditView):
    instance_action = "change"

    def save_instance(self):
        instance = super().save_instance()
        if instance.status == CommissionStatus.RETURNED:
            services.resubmit(instance, self.request.user)
        return instance

    def get_success_url(self):
        return reverse("commissions:inspect", args=[self.object.pk])


class CommissionDeleteView(ScopedObjectMixin, generic.DeleteView):
    instance_action = "delete"


class CommissionHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return visible(self.request)


class CommissionInspectView(ScopedObjectMixin, generic.InspectView):
    """A request in full, its files, what happened to it, and the office's two actions."""

    template_name = "commissions/inspect.html"

    def get_page_title(self):
        return _("委托发布申请")

    def get_edit_url(self):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "change", self.object):
            return reverse("commissions:edit", args=[self.object.pk])

    def get_delete_url(self):
        if self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", self.object):
            return reverse("commissions:delete", args=[self.object.pk])

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_suggested_column_display_value(self):
        column = self.object.suggested_column
        return column.get_admin_display_title() if column else "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        can_handle = obj.is_pending and handles_commissions(self.request.user)
        context.update(
            content=mark_safe(expand_db_html(obj.content)),  # noqa: S308 - admin-entered rich text, Wagtail's format
            files=obj.files.select_related("document"),
            can_handle=can_handle,
            draft_url=reverse("commissions:draft", args=[obj.pk]) if can_handle else None,
            return_url=reverse("commissions:return", args=[obj.pk]) if can_handle else None,
            draft_edit_url=reverse("wagtailadmin_pages:edit", args=[obj.draft_page_id]) if obj.draft_page_id else None,
            history=log_registry.get_logs_for_instance(obj).select_related("user").order_by("timestamp", "pk"),
            history_url=reverse("commissions:history", args=[obj.pk]),
        )
        return context

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("历史记录"),
                url=reverse("commissions:history", args=[self.object.pk]),
                icon_name="history",
                priority=30,
            )
        )
        return buttons


class HandleView(WagtailAdminTemplateMixin, FormView):
    """Base of 转为草稿 and 退回: only the office's staff, only waiting requests."""

    header_icon = "mail"

    def dispatch(self, request, pk):
        if not handles_commissions(request.user):
            raise PermissionDenied
        self.commission = get_object_or_404(visible(request), pk=pk)
        if not self.commission.is_pending:
            messages.error(
                request,
                _("该申请已处理（%(status)s），不能再次处理。") % {"status": self.commission.get_status_display()},
            )
            return redirect("commissions:inspect", self.commission.pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.commission.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("commissions:index"), "label": _("委托发布申请")},
            {"url": reverse("commissions:inspect", args=[self.commission.pk]), "label": self.commission.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["commission"] = self.commission
        context["cancel_url"] = reverse("commissions:inspect", args=[self.commission.pk])
        return context


class DraftView(HandleView):
    """转为草稿: one action makes the draft item in the chosen column (R-PUB-9)."""

    form_class = DraftForm
    template_name = "commissions/draft.html"
    page_title = _("转为草稿")

    def get_initial(self):
        column = self.commission.suggested_column
        return {"column": column.pk} if column else {}

    def form_valid(self, form):
        page = services.create_draft(
            self.commission, form.cleaned_data["column"].specific, self.request.user, form.cleaned_data["draft_type"]
        )
        messages.success(
            self.request,
            _("已转为草稿：“%(title)s”在“%(column)s”栏目下，请编辑后按审核流程发布。")
            % {"title": page.title, "column": page.get_parent().title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


class ReturnView(HandleView):
    """退回: the request goes back to its unit with the reason."""

    form_class = ReturnForm
    template_name = "commissions/return.html"
    page_title = _("退回申请")

    def form_valid(self, form):
        services.return_commission(self.commission, self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, _("已退回“%(title)s”。") % {"title": self.commission.title})
        return redirect("commissions:index")
