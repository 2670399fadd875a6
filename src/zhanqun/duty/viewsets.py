"""The data of 值班读网 that operators edit in ordinary admin screens: 班次, 值班安排,
读网清单, 整改期限, 维护公告 and 安全事件 (the roster week, the queue and reading have
screens of their own in ``views.py``)."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from zhanqun.core.admin_labels import person_column

from . import services
from .forms import IncidentForm, MaintenanceNoticeForm, UserChoiceField
from .models import ChecklistItem, Incident, MaintenanceNotice, RectificationDeadline, Shift, ShiftPattern


class ShiftPatternViewSet(ModelViewSet):
    model = ShiftPattern
    name = "duty_patterns"
    icon = "time"
    menu_label = _("班次设置")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["name", "start", "end", "sort_order", "active"]
    list_display = ["name", "start", "end", "sort_order", "active"]


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField  # 陈晓梅（fgw_editor）, not the username alone


class ShiftFilterSet(WagtailFilterSet):
    person = PersonFilter(label=_("值班人员"), queryset=get_user_model().objects.order_by("username"))

    class Meta:
        model = Shift
        fields = ["pattern", "person"]


class ShiftForm(WagtailAdminModelForm):
    class Meta:
        model = Shift
        fields = ["day", "pattern", "person", "note"]
        field_classes = {"person": UserChoiceField}


class ShiftViewSet(ModelViewSet):
    model = Shift
    name = "duty_shifts"
    icon = "date"
    menu_label = _("值班安排")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["day", "pattern", "person", "note"]
    list_display = ["day", "pattern", person_column(Shift, "person"), "note"]
    filterset_class = ShiftFilterSet
    ordering = ["-day", "pattern__sort_order"]

    def get_form_class(self, for_update=False):
        return ShiftForm


class ChecklistItemViewSet(ModelViewSet):
    model = ChecklistItem
    name = "duty_checklist"
    icon = "tasks"
    menu_label = _("读网清单")
    add_to_admin_menu = False
    form_fields = ["title", "kind", "site", "url", "guidance", "patterns", "sort_order", "active"]
    list_display = ["title", "kind", "site", "sort_order", "active"]
    list_filter = ["kind", "site", "active"]
    search_fields = ["title", "guidance"]
    search_backend_name = None


class RectificationDeadlineViewSet(ModelViewSet):
    model = RectificationDeadline
    name = "duty_deadlines"
    icon = "time"
    menu_label = _("整改期限")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["problem", "workdays"]
    list_display = ["problem", "workdays"]


class MaintenanceCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        services.announce_maintenance(instance, list(self.form.cleaned_data["sites"]), self.request.user)
        log(instance=instance, action="wagtail.create", user=self.request.user, content_changed=True)
        return instance

    def get_success_message(self, instance):
        return _("维护公告“%(title)s”已登记，已在 %(n)s 个站点的通知公告栏目生成草稿，请提交审核后发布。") % {
            "title": instance.title,
            "n": instance.notice_pages.count(),
        }


class MaintenanceNoticeViewSet(ModelViewSet):
    model = MaintenanceNotice
    name = "duty_maintenance"
    icon = "warning"
    menu_label = _("维护公告")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = ["title", "sites", "starts_at", "ends_at", "reason", "approved_by"]
    list_display = ["title", "starts_at", "ends_at", person_column(MaintenanceNotice, "approved_by"), "announced_at"]
    add_view_class = MaintenanceCreateView

    def get_form_class(self, for_update=False):
        return MaintenanceNoticeForm


class IncidentCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class IncidentViewSet(ModelViewSet):
    model = Incident
    name = "duty_incidents"
    icon = "warning"
    menu_label = _("安全事件")
    add_to_admin_menu = False
    copy_view_enabled = False
    form_fields = IncidentForm.Meta.fields
    list_display = ["title", "kind", "severity", "site", "discovered_at", "recovered_at", "reported_at"]
    list_filter = ["kind", "severity", "site"]
    add_view_class = IncidentCreateView

    def get_form_class(self, for_update=False):
        return IncidentForm


shift_pattern_viewset = ShiftPatternViewSet()
shift_viewset = ShiftViewSet()
checklist_viewset = ChecklistItemViewSet()
deadline_viewset = RectificationDeadlineViewSet()
maintenance_viewset = MaintenanceNoticeViewSet()
incident_viewset = IncidentViewSet()

VIEWSETS = [
    shift_pattern_viewset,
    shift_viewset,
    checklist_viewset,
    deadline_viewset,
    maintenance_viewset,
    incident_viewset,
]
