"""依申请公开办理 in the admin: the list of requests, staff entry of an offline
application, and one page per request with its steps (补正, 征求意见, 收费, 延期,
答复决定) — each a form calling ``requests``; approving and sending the letter are the
engine's (the case page, 办件)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from zhanqun.cases.kinds import InvalidTransition
from zhanqun.cases.models import Case
from zhanqun.cases.permissions import CasePermissionDenied, can_handle, can_view
from zhanqun.cases.services import provisional_dues

from .. import forms, requests
from ..models import DisclosureRequest
from ..permissions import can_approve_extension


def may_use(user):
    return user.is_active and (user.is_superuser or user.has_perm("cases.view_case"))


def visible_request(request, pk):
    disclosure_request = get_object_or_404(DisclosureRequest.objects.select_related("case", "case__unit"), case_id=pk)
    if not can_view(request.user, disclosure_request.case):
        raise PermissionDenied
    return disclosure_request


class RequestListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/admin/request_list.html"
    page_title = _("依申请公开")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cases = (
            Case.objects.visible_to(self.request.user)
            .filter(kind="disclosure_request")
            .select_related("unit", "disclosure_request")
        )
        context["cases"] = list(cases.order_by("closed_at", "due_at", "-received_at")[:200])
        provisional = provisional_dues(context["cases"])  # 期限暂定: a year without holiday data
        for case in context["cases"]:
            case.provisional_years = provisional.get(case.pk, "")
        context["new_url"] = reverse("disclosure:request_new")
        return context


class RequestEntryView(WagtailAdminTemplateMixin, FormView):
    """录入线下申请: a letter, a visit, a fax or an e-mail (R-DISC-3; Art. 31)."""

    template_name = "disclosure/admin/request_entry.html"
    form_class = forms.StaffEntryForm
    page_title = _("录入政府信息公开申请")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not (
            request.user.is_superuser
            or request.user.has_perm("cases.handle_case")
            or request.user.has_perm("cases.dispatch_case")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        unit, channel, received_at = data.pop("unit"), data.pop("channel"), data.pop("received_at")
        data.pop("submission_key", None)
        created = requests.submit_request(
            unit=unit, data=data, channel=channel, received_at=received_at, actor=self.request.user
        )
        messages.success(self.request, _("已录入：%(number)s") % {"number": created.case.number})
        return redirect("disclosure:request", created.case_id)


STEPS = {
    "correction": (forms.CorrectionForm, lambda r, u, d: requests.ask_correction(r, u, what=d["what"], workdays=d["workdays"])),
    "corrected": (forms.CorrectedForm, lambda r, u, d: requests.record_correction(r, u, description=d["description"])),
    "consult": (forms.ConsultationForm, lambda r, u, d: requests.start_consultation(r, u, kind=d["kind"], party=d["party"])),
    "end_consult": (forms.EndConsultationForm, lambda r, u, d: requests.end_consultation(r, u, result=d["result"])),
    "fee": (forms.FeeForm, lambda r, u, d: requests.send_fee_notice(r, u, method=d["method"], units=d["units"])),
    "paid": (None, lambda r, u, d: requests.record_payment(r, u)),
    "extend": (forms.ExtensionForm, lambda r, u, d: requests.extend(r, u, reason=d["reason"], workdays=d["workdays"])),
    "decide": (forms.DecisionForm, lambda r, u, d: requests.decide(r, u, outcome=d["outcome"], reason=d["reason"], note=d["note"])),
}  # fmt: skip


class RequestDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/admin/request_detail.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.object = visible_request(request, pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.object.case.number

    def get_page_subtitle(self):
        return self.object.info_description[:60]

    def steps(self, bound=None):
        """The steps that apply now, each with its form."""
        r, user = self.object, self.request.user
        case = r.case
        if case.is_final or case.state != "handling" or not can_handle(user, case):
            return {}
        open_consultation = r.consultations.filter(ended_at__isnull=True).first()
        available = {}
        if not r.correction_requested_at:
            available["correction"] = _("补正告知")
        elif not r.corrected_at and not case.is_final:
            available["corrected"] = _("收到补正")
        if open_consultation is None and not (r.correction_requested_at and not r.corrected_at):
            available["consult"] = _("征求意见（暂停计时）")
            if not r.fee_notice_at:
                available["fee"] = _("收费通知")
            available["decide"] = _("作出答复决定")
        if open_consultation is not None:
            if open_consultation.kind == "fee_payment":
                available["paid"] = _("已缴费")
            else:
                available["end_consult"] = _("结束征求意见（恢复计时）")
        if not r.extended_at and can_approve_extension(user):
            available["extend"] = _("延期答复")
        result = {}
        for slug, label in available.items():
            form_class = STEPS[slug][0]
            form = None
            if bound is not None and bound[0] == slug:
                form = bound[1]
            elif form_class is not None:
                form = form_class(prefix=slug)
            result[slug] = {"label": label, "form": form}
        return result

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        r = self.object
        context.update(
            r=r,
            case=r.case,
            clock=r.case.clocks.filter(code="reply").first(),
            strict=requests.strict_refusal(r),
            strict_reasons="、".join(requests.STRICT_REFUSAL_REASONS.values()),
            consultations=r.consultations.all(),
            challenges=r.challenges.all(),
            steps=self.steps(bound),
            case_url=reverse("cases:detail", args=[r.case_id]),
            letter_url=reverse("disclosure:request_letter", args=[r.case_id]) if r.outcome else None,
            now=timezone.now(),
        )
        return context

    def post(self, request, pk):
        slug = request.POST.get("step")
        if slug not in STEPS:
            raise PermissionDenied
        form_class, call = STEPS[slug]
        form = form_class(request.POST, prefix=slug) if form_class else None
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(bound=(slug, form)))
        try:
            call(self.object, request.user, form.cleaned_data if form else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, "；".join(exc.messages))
                return redirect("disclosure:request", pk)
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            return self.render_to_response(self.get_context_data(bound=(slug, form)))
        except (CasePermissionDenied, InvalidTransition) as exc:
            messages.error(request, str(exc))
            return redirect("disclosure:request", pk)
        messages.success(request, _("已办理：%(step)s") % {"step": slug_label(slug)})
        if slug == "decide":
            strict = requests.strict_refusal(DisclosureRequest.objects.get(pk=self.object.pk))
            if strict is not None and strict.late:
                messages.warning(
                    request,
                    _("以国家秘密、个人隐私或商业秘密为由不予公开的，应在%(due)s前作出决定，已超期%(n)s个工作日。")
                    % {"due": f"{strict.due_date:%Y年%m月%d日}", "n": strict.workdays_late()},
                )
            messages.info(request, _("答复告知书已生成，请单位负责人在办件页面审核后发送。"))
        return redirect("disclosure:request", pk)


def slug_label(slug):
    return {
        "correction": "补正告知",
        "corrected": "收到补正",
        "consult": "征求意见",
        "end_consult": "结束征求意见",
        "fee": "收费通知",
        "paid": "已缴费",
        "extend": "延期答复",
        "decide": "作出答复决定",
    }[slug]


def letter_pdf(request, pk):
    """The request's letter (告知书) as PDF."""
    disclosure_request = visible_request(request, pk)
    if not disclosure_request.outcome:
        raise PermissionDenied
    response = HttpResponse(requests.letter_pdf(disclosure_request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{disclosure_request.case.number}.pdf"'
    return response
