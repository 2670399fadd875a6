"""通报批评名单 (R-SUP-4): the units criticised in a year, barred from that year's awards.
Kept by the government office (``reports.add/change/delete_unitcriticism``); every
change is in the page's history and the audit log (Wagtail logs the viewset's saves)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from zhanqun.core.admin_labels import person_column

from .models import UnitCriticism


class CriticismCreateView(CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.recorded_by = self.request.user
        instance.save()
        return instance


class UnitCriticismViewSet(ModelViewSet):
    model = UnitCriticism
    name = "unit_criticisms"
    icon = "warning"
    menu_label = _("通报批评名单")
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = CriticismCreateView
    form_fields = ["unit", "year", "date", "reason", "source"]
    list_display = ["unit", "year", "date", "source", person_column(UnitCriticism, "recorded_by")]
    list_filter = ["year", "unit"]
    search_fields = ["reason", "source"]
    search_backend_name = None
    ordering = ["-year", "-date"]


criticism_viewset = UnitCriticismViewSet()
