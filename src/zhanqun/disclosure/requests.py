"""Disclosure requests (依申请公开, R-DISC-3): receiving, correcting, consulting,
extending, fees, deciding and closing — each step on top of the case engine.

Deadlines (条例 = 《中华人民共和国政府信息公开条例》, 2019):

* Art. 31: the receipt date — in person: the day handed in; by post: the day signed
  for; online, fax, e-mail: the day the office confirms it (online: on submission).
* Art. 33: the answer within 20 working days of receipt (the case's 答复期限 clock).
* Art. 30: a correction (补正) may be asked once, within 7 working days of receipt;
  the clock stands still until the corrected application arrives and then counts its
  20 days again from that day; no correction within the period given closes the request
  (其他处理: 申请人无正当理由逾期不补正).
* Art. 32 / 34: consulting a third party (which has 15 working days to answer) or
  another agency does not count: the clock is paused.
* Art. 33: one extension of at most 20 working days, approved by the head of the
  disclosure office, with a notice to the applicant.
* 国办函〔2020〕109号: free by default; a fee notice pauses the clock until payment;
  no payment within 20 working days closes the request (其他处理: 逾期未缴费).
* R-DISC-3 (002d:14, the stricter local rule): a refusal (不予公开) because the
  information is a state secret, or would harm a third party's personal privacy or trade
  secrets, is due within 3 working days of receipt (``strict_refusal``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from zhanqun.cases import clocks as clockmath
from zhanqun.cases import services as cases
from zhanqun.cases.lifecycle import close_case, restart_clock
from zhanqun.cases.permissions import CasePermissionDenied, can_handle
from zhanqun.workdays.services import get_calendar

from . import fees, letters
from .case_kinds import DISCLOSURE_REQUEST
from .enums import ApplicantType, Channel, ConsultationKind, FeeMethod, Outcome
from .models import Consultation, DisclosureRequest
from .permissions import can_approve_extension

CORRECTION_ASK_WORKDAYS = 7  # Art. 30
THIRD_PARTY_WORKDAYS = 15  # Art. 32
MAX_EXTENSION_WORKDAYS = 20  # Art. 33
STRICT_REFUSAL_WORKDAYS = 3  # R-DISC-3 (002d:14)

#: R-DISC-3: the 不予公开 reasons of the national report that mean a state secret (Art. 14)
#: or a third party's personal privacy or trade secrets (Art. 15) — refused within 3
#: working days.
STRICT_REFUSAL_REASONS = {
    "state_secret": "国家秘密",
    "third_party_rights": "个人隐私、商业秘密等第三方合法权益",
}


def correction_workdays():
    """How long the applicant has to correct (the office sets a reasonable period)."""
    return getattr(settings, "ZHANQUN_DISCLOSURE_CORRECTION_WORKDAYS", 15)


def _date(moment):
    return timezone.localtime(moment).date()


def applicant_key(id_number: str) -> str:
    """A keyed digest of the ID number: counts one applicant's requests (按件计收)
    without storing the number searchable (R-SEC-8)."""
    normalised = "".join((id_number or "").split()).upper()
    if not normalised:
        return ""
    key = (getattr(settings, "ZHANQUN_CASES_KEY", "") or "zhanqun").encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------
# receiving (Art. 29, 31)
# ---------------------------------------------------------------------------
REQUIRED = {
    "applicant_type": "申请人类型",
    "name": "申请人姓名或者名称",
    "id_document_type": "身份证明类型",
    "id_number": "身份证明号码",
    "contact": "联系方式（电话、电子邮箱或通信地址）",
    "info_description": "所需政府信息的名称、文号或者便于查询的其他特征性描述",
    "info_format": "所需信息的载体形式",
    "delivery_method": "获取信息的方式",
}


def check_application(data: dict) -> None:
    """Art. 29: refuse an application missing what the law requires, naming each item."""
    missing = {}
    for key, label in REQUIRED.items():
        if key == "contact":
            if not any((data.get(k) or "").strip() for k in ("phone", "email", "address")):
                missing["phone"] = f"请填写{label}。"
        elif not str(data.get(key) or "").strip():
            missing[key] = f"请填写{label}。"
    if data.get("applicant_type") and data["applicant_type"] != ApplicantType.NATURAL_PERSON:
        if not (data.get("organisation") or "").strip():
            missing["organisation"] = "法人或者其他组织申请的，请填写法人或者其他组织名称。"
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def submit_request(
    *, unit, data: dict, channel=Channel.ONLINE, received_at=None, actor=None, site=None, submission_key=None
) -> DisclosureRequest:
    """Receive an application: online (the applicant, ``actor=None``, received now) or
    entered by staff from a letter or a visit (``actor``, ``received_at`` per Art. 31)."""
    check_application(data)
    received_at = received_at or timezone.now()
    submitter = {
        "name": data.get("name", ""),
        "phone": data.get("phone", ""),
        "id_number": data.get("id_number", ""),
        "address": data.get("address", ""),
        "email": data.get("email", ""),
    }
    case = cases.submit_case(
        DISCLOSURE_REQUEST,
        subject=data["info_description"][:190],
        content=data.get("purpose", ""),
        submitter=submitter,
        unit=unit,
        site=site,
        received_at=received_at,
        actor=actor,
        data={"channel": str(channel), "applicant_type": data["applicant_type"]},
        submission_key=submission_key,
    )
    existing = DisclosureRequest.objects.filter(case=case).first()
    if existing is not None:  # the same form submitted twice
        return existing
    return DisclosureRequest.objects.create(
        case=case,
        channel=channel,
        applicant_type=data["applicant_type"],
        organisation=data.get("organisation", ""),
        legal_representative=data.get("legal_representative", ""),
        id_document_type=data["id_document_type"],
        info_description=data["info_description"],
        info_document_number=data.get("info_document_number", ""),
        info_format=data["info_format"],
        delivery_method=data["delivery_method"],
        purpose=data.get("purpose", ""),
        fee_waiver_requested=bool(data.get("fee_waiver_requested")),
        applicant_key=applicant_key(data.get("id_number", "")),
    )


def _lock(request: DisclosureRequest) -> DisclosureRequest:
    return (
        DisclosureRequest.objects.select_for_update(of=("self",))
        .select_related("case", "case__unit")
        .get(pk=request.pk)
    )


def _require_handler(actor, request):
    if not can_handle(actor, request.case):
        raise CasePermissionDenied("只有承办单位的工作人员可以办理该申请。")


def _reply_clock(request):
    return request.case.clocks.filter(code="reply").first()


# ---------------------------------------------------------------------------
# correction (补正, Art. 30)
# ---------------------------------------------------------------------------
def _add_workdays(start: datetime.date, n: int) -> datetime.date:
    """``n`` working days after ``start``; into a year whose holidays are not loaded, with
    weekends only for that year (as the engine's provisional clocks, ``cases.clocks``)
    rather than refusing the step (a correction asked on 24 December)."""
    return clockmath.lenient(get_calendar(), lambda cal: cal.add_workdays(start, n), start)[0]


def correction_deadline_for_asking(request) -> datetime.date:
    return _add_workdays(_date(request.case.received_at), CORRECTION_ASK_WORKDAYS)


@transaction.atomic
def ask_correction(request, actor, *, what: str, workdays: int | None = None, at=None) -> DisclosureRequest:
    """补正告知: within 7 working days of receipt, say what to correct and by when; the
    answer's clock stands still meanwhile."""
    request = _lock(request)
    _require_handler(actor, request)
    at = at or timezone.now()
    what = (what or "").strip()
    if not what:
        raise ValidationError({"what": "请写明需要补正的事项。"})
    if request.correction_requested_at:
        raise ValidationError("已经要求过补正，条例第三十条规定只能一次性告知补正。")
    limit = correction_deadline_for_asking(request)
    if _date(at) > limit:
        raise ValidationError(f"补正须在收到申请之日起7个工作日内（{limit:%Y年%m月%d日}前）一次性告知，已超过期限。")
    request.correction_requested_at = at
    request.correction_request = what
    request.correction_due = _add_workdays(_date(at), workdays or correction_workdays())
    request.save(update_fields=["correction_requested_at", "correction_request", "correction_due"])
    cases.pause(request.case, actor, f"补正：等待申请人补正（{request.correction_due:%Y-%m-%d}前）", at=at)
    _notify(request, f"请在{request.correction_due:%Y年%m月%d日}前补正您的政府信息公开申请：{what}")
    return request


@transaction.atomic
def record_correction(request, actor, *, description: str = "", at=None) -> DisclosureRequest:
    """收到补正: the corrected application starts the 20 working days again (Art. 30)."""
    request = _lock(request)
    _require_handler(actor, request)
    at = at or timezone.now()
    if not request.correction_requested_at or request.corrected_at:
        raise ValidationError("该申请没有待补正的事项。")
    if _date(at) > request.correction_due:
        raise ValidationError(
            f"补正期限（{request.correction_due:%Y-%m-%d}）已过，申请视为放弃，请按逾期不补正终止办理。"
        )
    if description.strip():
        request.info_description = description.strip()
    request.corrected_at = at
    request.save(update_fields=["corrected_at", "info_description"])
    restart_clock(
        request.case, actor, clock="reply", reason="收到补正后的申请，答复期限重新计算（条例第三十条）", at=at
    )
    return request


# ---------------------------------------------------------------------------
# consultation and fees: paused time (Art. 32, 34; 109号)
# ---------------------------------------------------------------------------
@transaction.atomic
def start_consultation(request, actor, *, kind, party: str, at=None) -> Consultation:
    request = _lock(request)
    _require_handler(actor, request)
    kind = ConsultationKind(kind)
    if request.consultations.filter(ended_at__isnull=True).exists():
        raise ValidationError("已有正在进行的征求意见或等待缴费，请先结束。")
    if kind != ConsultationKind.FEE_PAYMENT and not (party or "").strip():
        raise ValidationError({"party": "请填写征求意见的对象。"})
    at = at or timezone.now()
    due = _add_workdays(_date(at), THIRD_PARTY_WORKDAYS) if kind == ConsultationKind.THIRD_PARTY else None
    consultation = Consultation.objects.create(request=request, kind=kind, party=party or "", started_at=at, due=due)
    cases.pause(request.case, actor, f"{kind.label}{('：' + party) if party else ''}（不计入答复期限）", at=at)
    return consultation


@transaction.atomic
def end_consultation(request, actor, *, result: str = "", at=None) -> Consultation:
    request = _lock(request)
    _require_handler(actor, request)
    consultation = request.consultations.filter(ended_at__isnull=True).first()
    if consultation is None:
        raise ValidationError("没有正在进行的征求意见。")
    at = at or timezone.now()
    consultation.ended_at, consultation.result = at, result
    consultation.save(update_fields=["ended_at", "result"])
    cases.resume(request.case, actor, at=at)
    return consultation


def fee_for(request, method, units=None) -> tuple[Decimal, int | None]:
    """The fee by 109号's bands: per page for ``units`` pages, or per request by the
    applicant's requests received in the same calendar month up to this one."""
    method = FeeMethod(method)
    if method == FeeMethod.NONE:
        return Decimal(0), None
    if method == FeeMethod.PER_PAGE:
        if not units:
            raise ValidationError({"units": "按量计收请填写页数。"})
        return Decimal(fees.per_page_fee(int(units))), int(units)
    received = timezone.localtime(request.case.received_at)
    month_start = received.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    nth = (
        DisclosureRequest.objects.filter(
            applicant_key=request.applicant_key,
            case__received_at__gte=month_start,
            case__received_at__lte=request.case.received_at,
        ).count()
        if request.applicant_key
        else 1
    )
    return Decimal(fees.per_request_fee(nth)), nth


@transaction.atomic
def send_fee_notice(request, actor, *, method, units=None, at=None) -> DisclosureRequest:
    """收费通知: record the fee and wait for payment; the waiting does not count."""
    request = _lock(request)
    _require_handler(actor, request)
    amount, counted = fee_for(request, method, units)
    if amount <= 0:
        raise ValidationError("按该标准本申请不收费（按件计收：每月前10件免费；按量计收：30页以内免费）。")
    at = at or timezone.now()
    request.fee_method, request.fee_units, request.fee_amount = FeeMethod(method), counted, amount
    request.fee_notice_at = at
    request.fee_due = _add_workdays(_date(at), fees.PAYMENT_WORKDAYS)
    request.save(update_fields=["fee_method", "fee_units", "fee_amount", "fee_notice_at", "fee_due"])
    start_consultation(request, actor, kind=ConsultationKind.FEE_PAYMENT, party="", at=at)
    _notify(request, f"您的政府信息公开申请需缴纳信息处理费{amount}元，请在{request.fee_due:%Y年%m月%d日}前缴纳。")
    return request


@transaction.atomic
def record_payment(request, actor, *, at=None) -> DisclosureRequest:
    request = _lock(request)
    if not request.fee_notice_at or request.fee_paid_at:
        raise ValidationError("该申请没有待缴的信息处理费。")
    at = at or timezone.now()
    request.fee_paid_at = at
    request.save(update_fields=["fee_paid_at"])
    end_consultation(request, actor, result="已缴费", at=at)
    return request


# ---------------------------------------------------------------------------
# extension (Art. 33)
# ---------------------------------------------------------------------------
@transaction.atomic
def extend(request, actor, *, reason: str, workdays: int = MAX_EXTENSION_WORKDAYS, at=None) -> DisclosureRequest:
    """延期答复: once, by at most 20 working days, by the office head; the applicant is told."""
    request = _lock(request)
    if not can_approve_extension(actor):
        raise CasePermissionDenied("延长答复期限须经政府信息公开工作机构负责人同意。")
    if request.extended_at:
        raise ValidationError("答复期限只能延长一次（条例第三十三条）。")
    if not 1 <= int(workdays) <= MAX_EXTENSION_WORKDAYS:
        raise ValidationError({"workdays": "延长的期限最长不得超过20个工作日。"})
    clock = _reply_clock(request)
    if clock is None or clock.stopped_at:
        raise ValidationError("答复期限已办结。")
    new_due = _add_workdays(clock.due_date, int(workdays))
    at = at or timezone.now()
    cases.extend(request.case, actor, clock="reply", new_due=new_due, reason=reason, at=at)
    request.extended_at, request.extension_approved_by, request.extension_reason = at, actor, reason
    request.save(update_fields=["extended_at", "extension_approved_by", "extension_reason"])
    _notify(request, f"您的政府信息公开申请答复期限延长至{new_due:%Y年%m月%d日}。理由：{reason}")
    return request


# ---------------------------------------------------------------------------
# R-DISC-3: refusals for secrets, privacy and trade secrets within 3 working days
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class StrictRefusal:
    """The 3-working-day limit of a request: when a refusal on those grounds is due, and
    whether the one decided (if any) was late."""

    due_at: datetime.datetime
    decided_at: datetime.datetime | None  # a refusal on those grounds, when decided
    paused: bool  # the limit stands still (correction, consultation, fee)
    provisional: bool  # counted Monday–Friday for a year the calendar lacks

    @property
    def due_date(self) -> datetime.date:
        return _date(self.due_at)

    @property
    def late(self) -> bool:
        return self.decided_at is not None and self.decided_at > self.due_at

    def workdays_late(self) -> int:
        return clockmath.workdays_overdue(self.due_at, self.decided_at) if self.late else 0

    def is_overdue(self, now=None) -> bool:
        """Still undecided, running and past the limit: a refusal on those grounds now
        would be late."""
        return self.decided_at is None and not self.paused and (now or timezone.now()) > self.due_at


def is_strict_refusal(outcome, reason) -> bool:
    return outcome == Outcome.WITHHELD and reason in STRICT_REFUSAL_REASONS


def strict_refusal(request, now=None) -> StrictRefusal | None:
    """R-DISC-3: a refusal for a state secret, personal privacy or trade secrets is due at
    the end of the 3rd working day after receipt, counted like the 20-day answer with the
    engine's clock arithmetic (``cases.clocks``) from the reply clock: from the corrected
    application after a correction (Art. 30), later by the working days paused for a
    consultation or a fee (pauses that began before the limit). Not extendable.

    None when it does not apply: the request was decided otherwise or closed."""
    clock = _reply_clock(request)
    if clock is None:
        return None
    strict = is_strict_refusal(request.outcome, request.outcome_reason)
    if request.outcome and not strict:
        return None
    if not request.outcome and request.case.is_final:
        return None
    now = now or timezone.now()
    due, provisional = clockmath.compute_due(clock.started_at, STRICT_REFUSAL_WORKDAYS, clock.unit)
    paused = False
    for pause in clock.pauses.filter(paused_at__gte=clock.started_at).order_by("paused_at", "pk"):
        if pause.paused_at > due:
            break  # the limit had passed before the clock stopped
        if pause.resumed_at is None:
            paused = True
            break
        due = clockmath.shift_due(due, pause.shift_seconds, clock.unit)
    return StrictRefusal(
        due_at=due, decided_at=request.decided_at if strict else None, paused=paused, provisional=provisional
    )


# ---------------------------------------------------------------------------
# decision and letter; closing
# ---------------------------------------------------------------------------
@transaction.atomic
def decide(request, actor, *, outcome, reason: str = "", note: str = "", at=None):
    """作出答复决定: the outcome (a row of the national report), its reason where the row
    has reasons, and the letter drafted from its template as the case's reply, for the
    unit head to approve (``cases.services.approve_reply``) and send."""
    request = _lock(request)
    _require_handler(actor, request)
    request.outcome, request.outcome_reason, request.outcome_note = outcome or "", reason or "", note or ""
    request.clean_outcome()
    if Outcome(request.outcome) in (Outcome.WITHHELD, Outcome.PARTIAL) and not request.outcome_note.strip():
        raise ValidationError({"outcome_note": "不予公开或部分公开的，须写明理由和依据（条例第三十六条）。"})
    at = at or timezone.now()
    request.decided_at = at
    request.save(update_fields=["outcome", "outcome_reason", "outcome_note", "decided_at"])
    title, body = letters.render(request, at=at)
    return cases.draft_reply(request.case, actor, f"{title}\n\n{body}", at=at)


def letter(request) -> tuple[str, str]:
    """(title, body) of the letter as it stands: the sent or drafted reply, else rendered."""
    reply = request.case.current_reply
    if reply is not None:
        title, _sep, body = reply.body.partition("\n\n")
        return title, body
    return letters.render(request)


def letter_pdf(request) -> bytes:
    title, body = letter(request)
    return letters.pdf(title, body, number=request.case.number)


@transaction.atomic
def close_lapsed(request, *, at=None) -> bool:
    """终止办理 without a reply when the applicant let the correction or payment period
    pass (其他处理 rows 1 and 2). Returns whether it closed the request."""
    request = _lock(request)
    case = request.case
    if case.is_final:
        return False
    today = _date(at or timezone.now())
    if request.correction_requested_at and not request.corrected_at and today > request.correction_due:
        reason, why = "no_correction", f"申请人未在{request.correction_due:%Y-%m-%d}前补正"
    elif request.fee_notice_at and not request.fee_paid_at and today > request.fee_due:
        reason, why = "fee_unpaid", f"申请人未在{request.fee_due:%Y-%m-%d}前缴纳信息处理费"
    else:
        return False
    request.outcome, request.outcome_reason, request.outcome_note = Outcome.OTHER, reason, why
    request.decided_at = at or timezone.now()
    request.save(update_fields=["outcome", "outcome_reason", "outcome_note", "decided_at"])
    close_case(case, None, f"{why}，视为放弃申请，不再处理", at=at)
    return True


def lapsed_requests(at=None):
    """Open requests whose correction or payment period has passed."""
    today = _date(at or timezone.now())
    qs = DisclosureRequest.objects.select_related("case").exclude(case__state__in=["replied", "closed"])
    return [
        r
        for r in qs.filter(correction_due__lt=today, corrected_at__isnull=True)
        | qs.filter(fee_due__lt=today, fee_paid_at__isnull=True)
    ]


def _notify(request, text):
    """A notice to the applicant by e-mail, after the commit (correction, fee, extension)."""
    case = request.case
    if not case.submitter_email:
        return
    email, subject = case.submitter_email, f"政府信息公开申请（{case.number}）办理通知"

    def send():
        try:
            send_mail(subject, text, None, [email])
        except Exception:  # noqa: BLE001 - a mail outage must not undo the step
            import logging

            logging.getLogger(__name__).exception("could not e-mail the notice of %s", case.number)

    transaction.on_commit(send)
