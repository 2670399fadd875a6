"""值班读网 screens in the Wagtail admin: 本班待办 (the queue), 读网 (the shift's checklist),
排班表 (the week), 按轮值排班, 值班日志, and the 整改 actions (转整改, 复读确认, 复查办结)."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from zhanqun.cases.kinds import InvalidTransition
from zhanqun.cases.permissions import CasePermissionDenied, can_approve_reply, can_view
from zhanqun.monitoring.enums import CheckCode, FindingStatus
from zhanqun.monitoring.models import Finding

from . import roster, services
from .enums import QueueSource, QueueStatus, ReadingResult
from .forms import AcknowledgeForm, CloseForm, ReadingForm, RectifyForm, RereadForm, RosterFillForm
from .models import QueueEntry, ReadingRecord, Rectification, Shift, ShiftPattern, deadline_days

WEEKDAYS = "一二三四五六日"


def _errors(form, exc):
    for message in exc.messages:
        form.add_error(None, message)


class DutyView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"


# ---------------------------------------------------------------------------
# 本班待办
# ---------------------------------------------------------------------------
class QueueView(DutyView):
    """本班待办: the running shift, its checklist progress, and every open queue entry
    (entries left by earlier shifts stay until someone deals with them)."""

    page_title = _("本班待办")
    template_name = "duty/queue.html"

    def dispatch(self, request, *args, **kwargs):
        if not services.may_view_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        shift = services.current_shift()
        entries = list(
            QueueEntry.objects.filter(status=QueueStatus.OPEN)
            .select_related("shift__pattern", "shift__person", "site", "finding", "page")
            .order_by("-created_at", "-pk")[:200]
        )
        recent = list(
            QueueEntry.objects.exclude(status=QueueStatus.OPEN)
            .filter(acted_at__gte=timezone.now() - timedelta(hours=24))
            .select_related("acted_by", "finding")
            .order_by("-acted_at")[:50]
        )
        cases = {
            r.finding_id: r.case
            for r in Rectification.objects.filter(
                finding_id__in={e.finding_id for e in entries + recent if e.finding_id}
            ).select_related("case")
        }
        for entry in entries + recent:
            entry.case = cases.get(entry.finding_id)
        context.update(
            shift=shift,
            progress=services.checklist_progress(shift) if shift else None,
            entries=entries,
            recent=recent,
            can_act=services.may_act_on_queue(user),
            can_rectify=services.may_open_rectification(user),
            can_record=shift is not None and services.may_record_reading(user, shift),
            QueueSource=QueueSource,
            next_shift=Shift.objects.filter(starts_at__gt=timezone.now()).select_related("pattern", "person").first(),
        )
        return context


def acknowledge(request, pk):
    if request.method != "POST":
        return redirect("duty:queue")
    entry = get_object_or_404(QueueEntry, pk=pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择处理结果。"))
        return redirect("duty:queue")
    try:
        services.acknowledge(entry, request.user, form.cleaned_data["status"], form.cleaned_data["note"])
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("duty:queue")
    if entry.source == QueueSource.REREAD and entry.page_id:
        shift = services.current_shift()
        if shift is not None and services.may_record_reading(request.user, shift):
            services.record_reading(
                shift, request.user, page=entry.page, result=ReadingResult.NORMAL, note=form.cleaned_data["note"]
            )
    messages.success(request, _("已记录：%(title)s") % {"title": entry.title})
    return redirect("duty:queue")


# ---------------------------------------------------------------------------
# 读网
# ---------------------------------------------------------------------------
class ReadingView(DutyView):
    """The shift's checklist: one row per item, read or not, and a form to record it.
    ``?entry=`` records the re-read of an important item from the queue instead."""

    page_title = _("读网记录")
    template_name = "duty/reading.html"

    def dispatch(self, request, *args, **kwargs):
        shift_pk = request.GET.get("shift") or request.POST.get("shift")
        self.shift = get_object_or_404(Shift, pk=shift_pk) if shift_pk else services.current_shift()
        self.entry = None
        entry_pk = request.GET.get("entry") or request.POST.get("entry")
        if entry_pk:
            self.entry = get_object_or_404(QueueEntry, pk=entry_pk, source=QueueSource.REREAD)
        if self.shift is None:
            if not services.may_view_queue(request.user):
                raise PermissionDenied
        elif not (
            services.may_record_reading(request.user, self.shift) or request.user.has_perm("duty.view_readingrecord")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, forms=None, **kwargs):
        context = super().get_context_data(**kwargs)
        shift = self.shift
        rows = []
        can_record = shift is not None and services.may_record_reading(self.request.user, shift)
        if shift is not None:
            records = {}
            for record in shift.readings.select_related("reader", "finding").order_by("read_at"):
                records.setdefault(record.item_id, record)
            for item in services.checklist_for(shift):
                form = (forms or {}).get(item.pk) or ReadingForm(prefix=f"item{item.pk}")
                rows.append({"item": item, "record": records.get(item.pk), "form": form})
        context.update(
            shift=shift,
            rows=rows,
            can_record=can_record,
            entry=self.entry,
            entry_form=(forms or {}).get("entry") or ReadingForm(prefix="entry"),
            progress=services.checklist_progress(shift) if shift else None,
            extra_records=shift.readings.filter(item__isnull=True).select_related("page", "finding") if shift else [],
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.shift is None or not services.may_record_reading(request.user, self.shift):
            raise PermissionDenied
        item = None
        if self.entry is not None:
            form = ReadingForm(request.POST, prefix="entry")
            key = "entry"
        else:
            item = get_object_or_404(services.checklist_for(self.shift), pk=request.POST.get("item"))
            form = ReadingForm(request.POST, prefix=f"item{item.pk}")
            key = item.pk
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = services.record_reading(
                    self.shift,
                    request.user,
                    item=item,
                    page=self.entry.page if self.entry else None,
                    result=data["result"],
                    note=data["note"],
                    site=data["site"],
                    url=data["url"],
                    unit=data["unit"],
                )
            except ValidationError as exc:
                _errors(form, exc)
            else:
                if self.entry is not None and self.entry.status == QueueStatus.OPEN:
                    services.acknowledge(
                        self.entry,
                        request.user,
                        QueueStatus.HANDLED,
                        note=data["note"] or str(record.get_result_display()),
                    )
                    messages.success(request, _("已记录复读情况。"))
                    return redirect("duty:queue")
                if record.finding_id:
                    messages.warning(request, _("已记录发现的问题，并加入本班待办，可转整改。"))
                else:
                    messages.success(request, _("已记录：%(item)s") % {"item": item})
                return redirect(f"{reverse('duty:reading')}?shift={self.shift.pk}")
        return self.render_to_response(self.get_context_data(forms={key: form}))


class LogView(DutyView):
    """值班日志: what was read, by whom, when, and what was found (R-SUP-2 keeps a log)."""

    page_title = _("值班日志")
    template_name = "duty/log.html"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.has_perm("duty.view_readingrecord") or services.may_view_queue(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            day = date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            day = timezone.localdate()
        records = (
            ReadingRecord.objects.filter(shift__day=day)
            .select_related("shift__pattern", "reader", "item", "page", "finding")
            .order_by("read_at")
        )
        entries = QueueEntry.objects.filter(shift__day=day).select_related("acted_by", "shift__pattern")
        context.update(
            day=day, records=records, entries=entries, prev=day - timedelta(days=1), next=day + timedelta(days=1)
        )
        return context


# ---------------------------------------------------------------------------
# 排班表
# ---------------------------------------------------------------------------
class RosterView(DutyView):
    page_title = _("排班表")
    template_name = "duty/roster.html"
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.has_perm("duty.view_shift") or services.may_view_queue(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            anchor = date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            anchor = timezone.localdate()
        monday = anchor - timedelta(days=anchor.weekday())
        week = roster.days(monday, monday + timedelta(days=6))
        patterns = list(ShiftPattern.objects.filter(active=True))
        shifts = {
            (s.day, s.pattern_id): s for s in Shift.objects.filter(day__in=week).select_related("person", "pattern")
        }
        current = services.current_shift()
        grid = [{"pattern": p, "cells": [{"day": d, "shift": shifts.get((d, p.pk))} for d in week]} for p in patterns]
        context.update(
            week=[{"day": d, "weekday": WEEKDAYS[d.weekday()], "today": d == timezone.localdate()} for d in week],
            grid=grid,
            current=current,
            prev=monday - timedelta(days=7),
            next=monday + timedelta(days=7),
            can_manage=services.may_manage(self.request.user),
        )
        return context


class RosterFillView(WagtailAdminTemplateMixin, FormView):
    page_title = _("按轮值排班")
    header_icon = "date"
    template_name = "duty/form.html"
    form_class = RosterFillForm

    def dispatch(self, request, *args, **kwargs):
        if not services.may_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        today = timezone.localdate()
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return {
            "first": monday,
            "last": monday + timedelta(days=6),
            "patterns": ShiftPattern.objects.filter(active=True),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse("duty:roster"),
            submit_label=_("排班"),
            intro=_("依次为所选日期的每个班次安排下一位值班人员（轮值）。"),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created, changed, kept = services.fill_roster(
                data["first"],
                data["last"],
                list(data["patterns"]),
                form.people(),
                self.request.user,
                overwrite=data["overwrite"],
            )
        except ValidationError as exc:
            _errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已排班：新增 %(c)s 个班次，调整 %(u)s 个，保留 %(k)s 个。") % {"c": created, "u": changed, "k": kept},
        )
        return redirect(f"{reverse('duty:roster')}?week={data['first'].isoformat()}")


# ---------------------------------------------------------------------------
# 整改
# ---------------------------------------------------------------------------
class RectifyView(WagtailAdminTemplateMixin, FormView):
    """转整改: a finding (from the queue, or any open finding by its id) becomes a 整改
    case for the responsible unit."""

    page_title = _("转整改")
    header_icon = "warning"
    template_name = "duty/rectify.html"
    form_class = RectifyForm

    def dispatch(self, request, finding_pk):
        if not services.may_open_rectification(request.user):
            raise PermissionDenied
        self.finding = get_object_or_404(Finding.objects.select_related("site", "unit"), pk=finding_pk)
        existing = Rectification.objects.filter(finding=self.finding).select_related("case").order_by("-pk").first()
        if existing is not None and not existing.case.kind_spec.is_final(existing.case.state):
            messages.info(request, _("该问题已在整改中。"))
            return redirect("cases:detail", existing.case.pk)
        return super().dispatch(request, finding_pk)

    def get_initial(self):
        return {"unit": services.responsible_unit(self.finding)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(finding=self.finding, workdays=deadline_days(self.finding.problem), **kwargs)

    def form_valid(self, form):
        try:
            rect = services.open_rectification(
                self.finding, self.request.user, unit=form.cleaned_data["unit"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已发起整改 %(number)s。") % {"number": rect.case.number})
        # The person on duty may not read other units' cases: back to the queue, which
        # shows the number.
        if can_view(self.request.user, rect.case):
            return redirect("cases:detail", rect.case.pk)
        return redirect("duty:queue")


class _RectificationFormView(WagtailAdminTemplateMixin, FormView):
    header_icon = "warning"
    template_name = "duty/form.html"

    def dispatch(self, request, case_pk):
        self.rect = get_object_or_404(Rectification.objects.select_related("case", "finding"), case_id=case_pk)
        self.allowed(request.user)
        return super().dispatch(request, case_pk)

    def get_page_subtitle(self):
        return f"{self.rect.case.number} {self.rect.case.subject}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse("cases:detail", args=[self.rect.case_id]), finding=self.rect.finding, **kwargs
        )


class CloseRectificationView(_RectificationFormView):
    """复查办结 (replaces the engine's 审核通过答复 for 整改): re-run the check, then close."""

    page_title = _("复查办结")
    form_class = CloseForm

    def allowed(self, user):
        if not can_approve_reply(user, self.rect.case):
            raise PermissionDenied

    def get_form_kwargs(self):
        manual = self.rect.finding.monitor == CheckCode.MANUAL and self.rect.finding.status == FindingStatus.OPEN
        return {**super().get_form_kwargs(), "manual": manual}

    def get_context_data(self, **kwargs):
        finding = self.rect.finding
        intro = (
            _("办结前将重新运行“%(monitor)s”监测，问题仍然存在时不能办结。")
            % {"monitor": finding.get_monitor_display()}
            if finding.monitor != CheckCode.MANUAL
            else _("值班读网发现的问题须复读确认已消除后才能办结。")
        )
        return super().get_context_data(intro=intro, submit_label=_("复查并办结"), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.close_rectification(
                self.rect,
                self.request.user,
                comment=data["comment"],
                confirm=data.get("confirm", False),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            _errors(form, exc)
            return self.form_invalid(form)
        except (InvalidTransition, CasePermissionDenied) as exc:
            messages.error(self.request, str(exc))
            return redirect("cases:detail", self.rect.case_id)
        messages.success(self.request, _("复查通过，整改 %(number)s 已办结。") % {"number": self.rect.case.number})
        return redirect("cases:detail", self.rect.case_id)


class RereadView(_RectificationFormView):
    """复读确认: the person on duty re-reads the page of a reading finding."""

    page_title = _("复读确认")
    form_class = RereadForm

    def allowed(self, user):
        if not services.may_confirm_reread(user):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submit_label=_("确认"), intro=_("请重新阅读问题页面，确认问题已经消除。"), **kwargs
        )

    def form_valid(self, form):
        try:
            services.confirm_reread(self.rect, self.request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已复读确认，问题已消除。"))
        return redirect("cases:detail", self.rect.case_id)
