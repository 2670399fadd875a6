"""Wagtail admin for the holiday schedule: 设置 → 工作日历.

One form edits a year (``HolidayYear``) together with all its days
(``CalendarDay`` rows as an ``InlinePanel``). Listing, create, edit, delete
and history views come from Wagtail's generic ``ModelViewSet``; access follows
the usual model permissions (add/change/delete ``holidayyear``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.viewsets.model import ModelViewSet

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
