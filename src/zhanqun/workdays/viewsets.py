"""Wagtail admin for the holiday schedule: 设置 → 工作日历.

One form edits a year (``HolidayYear``) together with all its days
(``CalendarDay`` rows as an ``InlinePanel``). Listing, create, edit, delete
and history views come from Wagtail's generic ``ModelViewSet``; access follows
the usual model permissions (add/change/delete ``holidayyear``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from .models import HolidayYear, validate_day


class HolidayYearForm(WagtailAdminModelForm):
    """Checks each day against the year entered on the same form.

    ``CalendarDay.clean`` cannot do that for rows added in the form: they are
    not linked to the year until the form is saved.
    """

    def clean(self):
        cleaned_data = super().clean()
        year = cleaned_data.get("year")
        formset = self.formsets.get("days")
        if year is None or formset is None or not formset.is_valid():
            return cleaned_data
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            day = form.cleaned_data.get("date")
            kind = form.cleaned_data.get("kind")
            existing = set(form.errors.get("date", []))
            for message in validate_day(day, kind, year):
                if str(message) not in existing:
                    form.add_error("date", message)
        return cleaned_data


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
                panels=[FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")],
                help_text=_(
                    "逐日录入：放假期间的每一天（含其中的周末）都录为“放假”；"
                    "需要上班的周六、周日录为“调休上班”。"
                ),
            ),
        ],
        base_form_class=HolidayYearForm,
    )


workdays_viewset = HolidayYearViewSet()
