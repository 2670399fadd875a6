"""The public app's interaction pages (R-INT-1, R-INT-4, R-INT-6): on each site's own
host under /hudong/, dynamic because they change with every letter. No staff session
reaches them (core.middleware); personal data is shown masked or not at all.

Nothing is lost: a letter is acknowledged (number and query code) only after its
transaction committed, on the page the POST redirects to (POST-redirect-GET); the case
to acknowledge travels in a short-lived signed cookie, not in the URL. A form posted
twice (double click, reload) carries the same one-time key and yields the first case.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from zhanqun.cases import services as cases
from zhanqun.cases.kinds import InvalidTransition
from zhanqun.cases.models import Case
from zhanqun.cases.pagination import DeferredJoinPaginator
from zhanqun.cases.services import format_query_code, normalise_query_code
from zhanqun.core import ratelimit
from zhanqun.core.public_forms import new_submission_key

from .. import services
from ..case_kinds import ERROR_REPORT, LETTER
from ..enums import LetterCategory
from ..forms import ErrorReportForm, LetterForm, QueryForm, RateForm
from ..models import Mailbox
from ..text import mask_in_text

ACK_COOKIE = "zq_ack"
ACK_SALT = "zhanqun.interaction.ack"
ACK_MAX_AGE = 30 * 60
PAGE_SIZE = 20
RATE_LIMITED = "提交过于频繁，请稍后再试。您填写的内容仍保留在下方。"


def current_site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site


#: The page title (``<title>`` and the breadcrumb's last item) of each tab's pages.
TAB_TITLES = {
    "index": "互动交流",
    "query": "办理进度查询",
    "answered": "来信选登",
    "statistics": "来信办理情况统计",
    "errors": "我为政府网站找错",
}


def _render(request, template, context, status=200):
    context.setdefault("site", current_site(request))
    if not context.get("title"):
        context["title"] = _title(context)
    return render(request, template, context, status=status)


def _title(context):
    """The page's own title, as its heading says: the mailbox on its form, the tab's
    name elsewhere, 提交回执 on the receipt (a page without one read ``_云泽市人民政府``)."""
    tab, mailbox = context.get("tab"), context.get("mailbox")
    if tab == "write" and mailbox is not None:
        return mailbox.name
    if tab == "answered" and mailbox is not None:
        return f"来信选登：{mailbox.name}"
    return TAB_TITLES.get(tab, "提交回执")


def acknowledge(case):
    """Redirect to the acknowledgement, remembering the committed case in a signed cookie."""
    response = redirect("interaction:submitted")
    response.set_signed_cookie(
        ACK_COOKIE, str(case.pk), salt=ACK_SALT, max_age=ACK_MAX_AGE, httponly=True, samesite="Lax", path="/hudong/"
    )
    return response


def already_submitted(kind, key):
    """The case a form with this one-time key already made, if any."""
    if not key:
        return None
    return Case.objects.filter(kind=kind.code, submission_key=key[:64]).first()


def index(request):
    site = current_site(request)
    return _render(
        request,
        "interaction/index.html",
        {
            "mailboxes": Mailbox.objects.filter(site=site, is_active=True),
            "recent": services.answered_letters(site)[:8],
            "tab": "index",
        },
    )


@require_http_methods(["GET", "POST"])
def letter_form(request, slug):
    site = current_site(request)
    mailbox = get_object_or_404(Mailbox, site=site, slug=slug, is_active=True)
    limited = False
    if request.method == "POST":
        existing = already_submitted(LETTER, request.POST.get("submission_key", ""))
        if existing is not None:
            return acknowledge(existing)
        form = LetterForm(request.POST)
        if not ratelimit.hit(request, "letter"):
            limited = True
        elif form.is_valid():
            data = form.cleaned_data
            case = services.submit_letter(
                mailbox,
                subject=data["subject"],
                content=data["content"],
                category=data["category"],
                submitter={k: data[k] for k in ("name", "phone", "email", "address")},
                public_consent=data["public_consent"],
                submission_key=data["submission_key"],
            )
            return acknowledge(case)
    else:
        form = LetterForm(initial={"submission_key": new_submission_key(), "public_consent": True})
    return _render(
        request,
        "interaction/letter_form.html",
        {"form": form, "mailbox": mailbox, "limited": limited, "tab": "write"},
        status=429 if limited else 200,
    )


def submitted(request):
    """The acknowledgement (受理回执): number and query code of the committed case."""
    pk = request.get_signed_cookie(ACK_COOKIE, default=None, salt=ACK_SALT, max_age=ACK_MAX_AGE)
    case = Case.objects.filter(pk=pk).first() if pk and pk.isdigit() else None
    if case is not None and case.site_id != current_site(request).pk:
        case = None
    return _render(
        request,
        "interaction/submitted.html",
        {"case": case, "query_code": format_query_code(case.query_code) if case else "", "tab": ""},
    )


@require_http_methods(["GET", "POST"])
def query(request):
    """进度查询: the case behind a query code, and the citizen's rating of the reply."""
    status = None
    not_found = limited = rated = False
    error = ""
    form = QueryForm(request.POST if request.method == "POST" else None)
    rate_form = None
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(request, "query"):
            limited = True
        else:
            code = normalise_query_code(form.cleaned_data["code"])
            if request.POST.get("action") == "rate":
                rate_form = RateForm(request.POST)
                if rate_form.is_valid():
                    case = Case.objects.filter(query_code=code).first()
                    if case is not None:
                        try:
                            cases.rate(case, rate_form.cleaned_data["rating"], comment=rate_form.cleaned_data["comment"])
                            rated = True
                        except (InvalidTransition, ValidationError) as exc:
                            error = "；".join(getattr(exc, "messages", [str(exc)]))
            status = cases.public_status(code)
            not_found = status is None
            if status is not None and status.can_rate and (rate_form is None or rated):
                rate_form = RateForm(initial={"code": code})
    return _render(
        request,
        "interaction/query.html",
        {
            "form": form,
            "status": status,
            "not_found": not_found,
            "limited": limited,
            "rate_form": rate_form if status is not None and status.can_rate else None,
            "rated": rated,
            "error": error,
            "tab": "query",
        },
        status=429 if limited else 200,
    )


def answered(request):
    """来信选登: answered letters whose publication passed moderation (R-INT-3, R-INT-6)."""
    site = current_site(request)
    mailbox = None
    if request.GET.get("xinxiang"):
        mailbox = Mailbox.objects.filter(site=site, slug=request.GET["xinxiang"]).first()
    paginator = DeferredJoinPaginator(
        services.answered_letters(site, mailbox), PAGE_SIZE, keys=services.answered_letter_keys(site, mailbox)
    )
    page = paginator.get_page(request.GET.get("page"))
    for case in page.object_list:
        case.public_content = mask_in_text(case.content)
        case.public_reply = case.published_replies[-1] if case.published_replies else None
    return _render(
        request,
        "interaction/answered.html",
        {
            "page_obj": page,
            "mailbox": mailbox,
            "mailboxes": Mailbox.objects.filter(site=site),
            "tab": "answered",
        },
    )


def answered_detail(request, number):
    site = current_site(request)
    case = services.answered_letters(site).filter(number=number).first()
    if case is None:
        raise Http404
    case.public_content = mask_in_text(case.content)
    case.public_reply = case.published_replies[-1] if case.published_replies else None
    return _render(
        request,
        "interaction/answered_detail.html",
        {
            "case": case,
            "submitter": case.masked_personal_data()["name"],
            "category": dict(LetterCategory.choices).get(case.data.get("category"), ""),
            "title": case.subject,
            "tab": "answered",
        },
    )


def statistics(request):
    site = current_site(request)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if not dt.MINYEAR < year <= this_year:
        year = this_year
    return _render(
        request,
        "interaction/statistics.html",
        {
            "stats": services.letter_statistics(site, year),
            "years": list(range(this_year, this_year - 5, -1)),
            "tab": "statistics",
        },
    )


@require_http_methods(["GET", "POST"])
def error_form(request):
    """我为政府网站找错 (R-INT-4)."""
    site = current_site(request)
    limited = False
    if request.method == "POST":
        existing = already_submitted(ERROR_REPORT, request.POST.get("submission_key", ""))
        if existing is not None:
            return acknowledge(existing)
        form = ErrorReportForm(request.POST, request.FILES)
        if not ratelimit.hit(request, "error"):
            limited = True
        elif form.is_valid():
            data = form.cleaned_data
            case = services.submit_error_report(
                site,
                page_url=data["page_url"],
                error_type=data["error_type"],
                description=data["description"],
                submitter={k: data[k] for k in ("name", "phone", "email")},
                screenshot=data.get("screenshot"),
                submission_key=data["submission_key"],
            )
            return acknowledge(case)
    else:
        form = ErrorReportForm(initial={"submission_key": new_submission_key(), "page_url": request.GET.get("url", "")})
    return _render(
        request,
        "interaction/error_form.html",
        {"form": form, "limited": limited, "tab": "errors"},
        status=429 if limited else 200,
    )
