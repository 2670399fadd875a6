"""The 工作日历 screen's notice import: paste the notice, check the preview, save.

``ImportNoticeView`` (``workdays:import_notice``) reads the pasted text with
``notice.parse_notice``; 预览 shows every holiday and make-up working day in Chinese,
保存 writes the year through ``services.load_year`` (which sends ``year_loaded``) and
logs ``workdays.import_notice`` (mirrored into the audit log). What is saved is what
was previewed: the preview carries a digest of the dates, and a text changed after
the preview is shown again instead of being saved.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .calendar import chinesecalendar_years
from .forms import NoticeImportForm
from .models import WEEKDAY_NAMES, HolidayYear
from .notice import NoticeError, NoticeSchedule, parse_notice
from .services import YearExists, load_year

IMPORT_PERMISSIONS = ("workdays.add_holidayyear", "workdays.change_holidayyear")


def may_import(user) -> bool:
    return all(user.has_perm(p) for p in IMPORT_PERMISSIONS)


def _day(d, year: int) -> str:
    label = f"{d.month}月{d.day}日" if d.year == year else f"{d.year}年{d.month}月{d.day}日"
    return f"{label}（{WEEKDAY_NAMES[d.weekday()]}）"


def _runs(days):
    """Consecutive dates grouped: [(first, last, count)]."""
    runs: list[list] = []
    for d in days:
        if runs and (d - runs[-1][1]).days == 1:
            runs[-1][1] = d
            runs[-1][2] += 1
        else:
            runs.append([d, d, 1])
    return runs


def preview_rows(schedule: NoticeSchedule) -> list[dict]:
    """One row per holiday item, in words (the preview table)."""
    rows = []
    for item in schedule.items:
        parts = []
        for first, last, _count in _runs(item.holidays):
            parts.append(
                _day(first, schedule.year)
                if first == last
                else _("%(a)s至%(b)s") % {"a": _day(first, schedule.year), "b": _day(last, schedule.year)}
            )
        rows.append(
            {
                "line": item.line,
                "name": item.name,
                "holidays": "，".join(parts),
                "holiday_count": len(item.holidays),
                "workdays": "、".join(_day(d, schedule.year) for d in item.workdays),
            }
        )
    return rows


def digest(schedule: NoticeSchedule) -> str:
    payload = json.dumps(
        {
            "year": schedule.year,
            "h": sorted((d.isoformat(), n) for d, n in schedule.holidays.items()),
            "w": sorted((d.isoformat(), n) for d, n in schedule.workdays.items()),
        },
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class ImportNoticeView(WagtailAdminTemplateMixin, FormView):
    page_title = gettext_lazy("从通知导入节假日安排")
    header_icon = "date"
    template_name = "workdays/import_notice.html"
    form_class = NoticeImportForm

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("workdays:index"), "label": _("工作日历")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("index_url", reverse("workdays:index"))
        return super().get_context_data(**kwargs)

    def _preview(self, form, schedule: NoticeSchedule, notice: str | None = None):
        data = form.data.copy()
        data["digest"] = digest(schedule)
        form = NoticeImportForm(data)
        form.is_valid()
        existing = HolidayYear.objects.filter(year=schedule.year).first()
        return self.render_to_response(
            self.get_context_data(
                form=form,
                schedule=schedule,
                rows=preview_rows(schedule),
                holiday_total=len(schedule.holidays),
                workday_total=len(schedule.workdays),
                existing=existing,
                in_package=schedule.year in chinesecalendar_years(),
                notice=notice,
            )
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            schedule = parse_notice(data["text"], data.get("year"))
        except NoticeError as exc:
            for message in exc.messages():
                form.add_error("text", message)
            return self.form_invalid(form)
        if self.request.POST.get("action") != "save":
            return self._preview(form, schedule)
        if data.get("digest") != digest(schedule):
            return self._preview(form, schedule, _("原文在预览后改动过，请核对下面新的预览，无误后再保存。"))
        try:
            holiday_year = load_year(
                schedule.year,
                schedule.holidays,
                schedule.workdays,
                notice=schedule.number or _("国务院办公厅关于%(year)s年部分节假日安排的通知") % {"year": schedule.year},
                published_on=schedule.published_on,
                note=_("由通知原文导入"),
                replace=data.get("replace", False),
                user=self.request.user,
                origin="notice",
            )
        except YearExists:
            return self._preview(
                form,
                schedule,
                _("%(year)s 年已在工作日历中。要用通知内容替换，请勾选“覆盖已录入的该年安排”后再保存。")
                % {"year": schedule.year},
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        log(
            instance=holiday_year,
            action="workdays.import_notice",
            user=self.request.user,
            data={
                "year": schedule.year,
                "notice": holiday_year.notice,
                "holidays": len(schedule.holidays),
                "workdays": len(schedule.workdays),
                "replaced": bool(data.get("replace")),
            },
        )
        messages.success(
            self.request,
            _("已保存 %(year)s 年节假日安排：放假 %(h)s 天，调休上班 %(w)s 天。")
            % {"year": schedule.year, "h": len(schedule.holidays), "w": len(schedule.workdays)},
        )
        return redirect("workdays:index")
