"""Wagtail admin for the holiday schedule: 设置 → 工作日历.

One form edits a year (``HolidayYear``) together with all its days
(``CalendarDay`` rows as an ``InlinePanel``). Listing, create, edit, delete
and history views come from Wagtail's generic ``ModelViewSet``; access follows
the usual model permissions (add/change/delete ``holidayyear``).
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from . import services, views
from .calendar import chinesecalendar_years
from .models import HolidayYear


class HolidayYearForm(WagtailAdminModelForm):
    """Links each inline day to the year being edited before the days are validated.

    ``CalendarDay.clean`` checks that a day belongs to its year. Without this,
    rows added in the form have no year yet, and existing rows would be
    checked against the year number stored in the database rather than the
    one just typed in (renumbering 2027 → 2028 together with its days).
    ``ClusterForm.is_valid`` validates this form first, then the formsets.
    """

    def _post_clean(self):
        super()._post_clean()
        formset = self.formsets.get("days")
        if formset is not None:
            for form in formset.forms:
                form.instance.year = self.instance


class HolidayYearIndexView(generic.IndexView):
    """The list of years, with 从通知导入 and, from 1 November, the missing-year warning.

    Titled 工作日历 like its menu entry (the model's plural, 节假日安排年份, read as a
    different screen), and its add button says 添加年份."""

    page_title = _("工作日历")
    add_item_label = _("添加年份")
    verbose_name_plural = _("已录入的年份")  # the empty list says 暂无已录入的年份。

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if views.may_import(self.request.user):
            buttons.insert(
                0, HeaderButton(_("从通知导入"), url=reverse("workdays:import_notice"), icon_name="doc-full")
            )
        return buttons

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["missing_year"] = services.missing_next_year()
        context["can_import"] = views.may_import(self.request.user)
        years = chinesecalendar_years()
        context["package_years"] = (min(years), max(years)) if years else None
        return context


class _SendsYearLoaded:
    """A year added or edited on this screen is a year loaded: tell the calendar's users."""

    def save_instance(self):
        instance = super().save_instance()
        services.invalidate_calendar_cache()
        services.send_year_loaded(instance, user=self.request.user, origin="admin")
        return instance


class HolidayYearCreateView(_SendsYearLoaded, generic.CreateView):
    pass


class HolidayYearEditView(_SendsYearLoaded, generic.EditView):
    pass


class HolidayYearViewSet(ModelViewSet):
    """设置 → 工作日历: the years chinesecalendar does not cover, and corrections."""

    model = HolidayYear
    name = "workdays"
    icon = "date"
    menu_label = _("工作日历")
    menu_name = "workdays"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["year", "source", "notice", "published_on", "updated_at"]
    list_filter = ["source"]
    ordering = ["-year"]
    index_view_class = HolidayYearIndexView
    add_view_class = HolidayYearCreateView
    edit_view_class = HolidayYearEditView
    index_template_name = "workdays/index.html"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import-notice/", views.ImportNoticeView.as_view(), name="import_notice"),
        ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("year"),
                    FieldPanel("source"),
                    FieldPanel("notice"),
                    FieldPanel("published_on"),
                    FieldPanel("note"),
                ],
                heading=_("年份与公告"),
            ),
            InlinePanel(
                "days",
                heading=_("放假日与调休上班日"),
                label=_("日期"),
                panels=[
                    FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")])
                ],
                help_text=_(
                    "逐日录入：放假期间的每一天（含其中的周末）都录为“放假”；"
                    "需要上班的周六、周日录为“调休上班”。"
                ),
            ),
        ],
        base_form_class=HolidayYearForm,
    )


workdays_viewset = HolidayYearViewSet()
