"""互动交流 in the admin: register a 12345 call as a letter, triage a letter (分拣交办),
print its handling slip, open an error report's screenshot."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from zhanqun.cases import permissions
from zhanqun.cases.kinds import InvalidTransition
from zhanqun.cases.views import visible_case

from .. import services
from ..forms import HotlineLetterForm, LetterTriageForm
from ..slip import letter_slip


class HotlineLetterView(WagtailAdminTemplateMixin, FormView):
    """12345 热线来电登记: a call (or a letter by post, a visit) entered as a letter."""

    template_name = "interaction/admin/form.html"
    form_class = HotlineLetterForm
    page_title = _("来电来信登记")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_dispatch(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(submit_label=_("登记"), cancel_url=reverse("cases:index"))
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        case = services.submit_letter(
            data["mailbox"],
            subject=data["subject"],
            content=data["content"],
            category=data["category"],
            complexity=data["complexity"],
            submitter={k: data[k] for k in ("name", "phone", "email", "address")},
            channel=data["channel"],
            public_consent=data["public_consent"],
            actor=self.request.user,
            received_at=data["received_at"],
        )
        messages.success(self.request, _("已登记：%(number)s") % {"number": case.number})
        return redirect("cases:detail", case.pk)


class LetterTriageView(WagtailAdminTemplateMixin, FormView):
    """分拣交办 of a letter (replaces the engine's generic 分拣 for letters)."""

    template_name = "interaction/admin/form.html"
    form_class = LetterTriageForm
    header_icon = "mail"
    page_title = _("分拣交办")

    def dispatch(self, request, pk):
        self.case = visible_case(request, pk)
        if self.case.kind != "letter" or not permissions.can_dispatch(request.user):
            raise PermissionDenied
        if not self.case.kind_spec.allows(self.case.state, "triage"):
            messages.error(request, str(InvalidTransition(self.case, "triage")))
            return redirect("cases:detail", self.case.pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return f"{self.case.number} {self.case.subject}"

    def get_initial(self):
        data = self.case.data
        letter = getattr(self.case, "letter", None)
        return {
            "category": data.get("category"),
            "complexity": data.get("complexity"),
            "special": data.get("special", False),
            "unit": letter.mailbox.unit if letter else None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            case=self.case, submit_label=_("分拣交办"), cancel_url=reverse("cases:detail", args=[self.case.pk])
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.triage_letter(
                self.case,
                self.request.user,
                category=data["category"],
                complexity=data["complexity"],
                special=data["special"],
                unit=data["unit"],
                note=data["note"].strip(),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except (InvalidTransition, permissions.CasePermissionDenied) as exc:
            messages.error(self.request, str(exc))
            return redirect("cases:detail", self.case.pk)
        messages.success(self.request, _("已分拣交办：%(number)s") % {"number": self.case.number})
        return redirect("cases:detail", self.case.pk)


class LetterSlipView(View):
    """收件处理单 (PDF) of a letter, for anyone who may see it."""

    def get(self, request, pk):
        case = visible_case(request, pk)
        if case.kind != "letter":
            raise Http404
        response = HttpResponse(letter_slip(case), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="slip-{case.number}.pdf"'
        return response


class ScreenshotView(View):
    """An error report's screenshot, streamed from the private storage to staff who may
    see the case; never a public URL."""

    def get(self, request, pk):
        case = visible_case(request, pk)
        report = getattr(case, "error_report", None)
        if report is None or not report.screenshot:
            raise Http404
        extension = report.screenshot.name.rsplit(".", 1)[-1].lower()
        content_type = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(extension, f"image/{extension}")
        response = FileResponse(report.screenshot.open("rb"), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'"
        return response
