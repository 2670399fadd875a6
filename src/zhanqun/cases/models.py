"""Cases (案件), their timeline, clocks, replies and the log of who saw personal data.

The engine is described in docs/cases.md. In short: a ``Case`` belongs to a kind
(``kinds.CaseKind``, declared by another app), gets a number ``PREFIX-YYYY-NNNNNN`` from
its kind's ``CaseCounter`` row in the transaction that creates it, moves through its
kind's states only by the service functions in ``services.py``, and every step is a
``CaseEvent`` that is never changed or deleted. Its ``Clock`` s count working days or
office hours on the workdays calendar.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .enums import ClockStatus, ClockUnit, EventType, Light, ReplyStatus
from .fields import EncryptedTextField
from .kinds import get_kind

PERSONAL_FIELDS = {
    "name": _("姓名"),
    "phone": _("联系电话"),
    "id_number": _("身份证号"),
    "address": _("联系地址"),
    "email": _("电子邮箱"),
}


class AppendOnlyError(Exception):
    """A timeline entry (or an access-log row) was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("办理记录只能追加，不能修改。"))

    def delete(self):
        raise AppendOnlyError(_("办理记录只能追加，不能删除。"))


class AppendOnlyModel(models.Model):
    """Rows written once: ``save()`` of an existing row and ``delete()`` raise."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("%(model)s 只能追加，不能修改。") % {"model": self._meta.verbose_name})
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("%(model)s 只能追加，不能删除。") % {"model": self._meta.verbose_name})


class CaseCounter(models.Model):
    """The last number given for one kind and year; locked (SELECT … FOR UPDATE) by the
    transaction that creates a case, so numbers are unique and gap-free."""

    kind = models.CharField(_("案件类型"), max_length=30)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用编号"), default=0)

    class Meta:
        verbose_name = _("案件编号计数")
        verbose_name_plural = _("案件编号计数")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="cases_counter_kind_year")]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last}"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Supervisors (``cases.view_all_cases``) see every case; others their unit's and
        those of the units they head or lead (``permissions.can_view``)."""
        from .permissions import sees_all_cases, user_unit_id

        if sees_all_cases(user):
            return self
        if user is None or not user.is_authenticated:
            return self.none()
        from zhanqun.units.models import Unit

        # The units' ids first: ``unit_id IN (…)`` uses the (unit, due) index, where an OR
        # across a join to the units would scan every case.
        units = set(
            Unit.objects.filter(models.Q(head=user) | models.Q(leader_in_charge=user)).values_list("pk", flat=True)
        )
        unit_id = user_unit_id(user)
        if unit_id:
            units.add(unit_id)
        return self.filter(unit_id__in=sorted(units))

    def with_light(self, light, now=None):
        """Cases whose traffic light is ``light`` now (see ``clocks.light_for``)."""
        from .clocks import soon_threshold

        now = now or timezone.now()
        light = Light(light)
        if light == Light.OVERDUE:
            return self.filter(due_at__lt=now)
        threshold = soon_threshold(now)
        if light == Light.DUE_SOON:
            return self.filter(due_at__gte=now, due_at__lte=threshold)
        return self.filter(due_at__gt=threshold)

    def overdue(self, now=None):
        return self.with_light(Light.OVERDUE, now)

    def published(self):
        return self.filter(published_at__isnull=False)


class Case(models.Model):
    kind = models.CharField(_("案件类型"), max_length=30, db_index=True)
    number = models.CharField(_("编号"), max_length=40, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年份"), editable=False)
    sequence = models.PositiveIntegerField(_("序号"), editable=False)
    state = models.CharField(_("状态"), max_length=30, editable=False, db_index=True)

    subject = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"), blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("网站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now, db_index=True)
    query_code = models.CharField(_("查询码"), max_length=20, unique=True, editable=False)
    submission_key = models.CharField(
        _("提交标识"),
        max_length=64,
        null=True,
        blank=True,
        editable=False,
        help_text=_("同一次提交重复发送时据此只受理一次。"),
    )

    # Citizens' personal data, encrypted at rest (R-SEC-8); shown masked (masking.py).
    submitter_name = EncryptedTextField(_("姓名"))
    submitter_phone = EncryptedTextField(_("联系电话"))
    submitter_id_number = EncryptedTextField(_("身份证号"))
    submitter_address = EncryptedTextField(_("联系地址"))
    submitter_email = EncryptedTextField(_("电子邮箱"))

    data = models.JSONField(_("类型数据"), default=dict, blank=True, help_text=_("案件类型自有的少量数据。"))
    due_at = models.DateTimeField(
        _("办理期限"), null=True, blank=True, editable=False, help_text=_("正在计时的最早期限。")
    )  # indexed by cases_due_order (Meta.indexes)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, editable=False)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True, editable=False)
    rating_comment = models.TextField(_("评价意见"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("工作人员代为录入（如 12345 热线来电）时为录入人，公众自行提交时为空。"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="cases_case_kind_year_sequence"),
            models.UniqueConstraint(fields=["kind", "submission_key"], name="cases_case_kind_submission_key"),
        ]
        indexes = [
            models.Index(fields=["unit", "due_at"], name="cases_unit_due"),
            # The dashboard's order (due first, then received, then pk): its first page and,
            # with DeferredJoinPaginator, its deep pages are read off this index; its prefix
            # serves the traffic-light filters on due_at.
            models.Index(fields=["due_at", "received_at", "id"], name="cases_due_order"),
            # Published replies newest first, per kind: the public lists of answered cases.
            models.Index(
                fields=["kind", "-replied_at", "-id"],
                condition=models.Q(published_at__isnull=False),
                name="cases_published_replied",
            ),
            # A kind's cases received in a period: the public statistics.
            models.Index(fields=["kind", "received_at"], name="cases_kind_received"),
        ]
        permissions = [
            ("view_all_cases", "可查看所有单位的案件（督办）"),
            ("dispatch_case", "可分拣、交办、转办、公开案件"),
            ("handle_case", "可办理本单位的案件"),
            ("approve_reply", "可审核答复"),
            ("instruct_case", "可批示案件"),
            ("view_personal_data", "可查看公众完整个人信息"),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def kind_spec(self):
        return get_kind(self.kind)

    @property
    def kind_label(self):
        return self.kind_spec.label

    def get_state_display(self):
        return self.kind_spec.state_label(self.state)

    @property
    def is_final(self):
        return self.kind_spec.is_final(self.state)

    def personal_data(self) -> dict[str, str]:
        """Decrypted personal data by short name (name, phone, id_number, address, email).
        Show it to staff only through ``services.reveal_personal_data`` (logged)."""
        return {key: getattr(self, f"submitter_{key}") for key in PERSONAL_FIELDS}

    def masked_personal_data(self) -> dict[str, str]:
        from .masking import MASKERS

        return {key: MASKERS[key](value) for key, value in self.personal_data().items()}

    @property
    def current_reply(self):
        return self.replies.exclude(status=ReplyStatus.REJECTED).order_by("-pk").first()

    @property
    def light(self):
        from .clocks import light_for

        return light_for(self.due_at)

    @cached_property
    def citizen_deadline(self):
        """The running 答复期限 as the citizen is told it (receipts, query pages), or None."""
        from .services import citizen_deadline

        return citizen_deadline(self)


class CaseEvent(AppendOnlyModel):
    """One entry of a case's timeline (办理记录). Never changed, never deleted (R-SEC-3)."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("事项"), max_length=30, choices=EventType.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("公众或系统的操作为空。"),
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    state = models.CharField(_("办理后状态"), max_length=30)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payload = models.JSONField(_("内容"), default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.get_type_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def summary(self):
        """A one-line description for the timeline."""
        p = self.payload or {}
        parts = []
        for key, label in (
            ("from_unit", "原承办单位"),
            ("to_unit", "承办单位"),
            ("reason", "理由"),
            ("instruction", "批示"),
            ("clock", "期限"),
            ("previous_due", "原期限"),
            ("new_due", "新期限"),
            ("channels", "答复方式"),
            ("rating", "评价"),
            ("comment", "意见"),
        ):
            if p.get(key) not in (None, "", []):
                value = p[key]
                if key in ("previous_due", "new_due"):
                    value = [_due_text(v) for v in value] if isinstance(value, list) else _due_text(value)
                if isinstance(value, list):
                    value = "、".join(str(v) for v in value)
                parts.append(f"{label}：{value}")
        return "；".join(parts)


def _due_text(value):
    """A due time stored in a payload (ISO 8601) as staff read it: the date alone for the end
    of a day (a working-day clock), else date and time."""
    from datetime import datetime

    try:
        moment = timezone.localtime(datetime.fromisoformat(str(value)))
    except (TypeError, ValueError):
        return value
    if (moment.hour, moment.minute, moment.second) == (23, 59, 59):
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"


class Clock(models.Model):
    """A deadline of a case (办理时限): from ``started_at``, ``amount`` working days or
    office hours; paused time does not count; extensions move ``due_at`` later."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="clocks")
    code = models.CharField(_("代码"), max_length=30)
    label = models.CharField(_("名称"), max_length=60)
    unit = models.CharField(_("计时单位"), max_length=20, choices=ClockUnit.choices)
    amount = models.FloatField(_("时限"))
    started_at = models.DateTimeField(_("起算时间"))
    original_due_at = models.DateTimeField(_("原定期限"))
    due_at = models.DateTimeField(_("期限"))
    paused_at = models.DateTimeField(_("暂停于"), null=True, blank=True)
    provisional = models.BooleanField(
        _("期限暂定"),
        default=False,
        help_text=_("期限所涉年份的节假日安排尚未录入，暂按周一至周五计算。"),
    )
    stopped_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="cases_clock_case_code")]

    def __str__(self):
        return f"{self.label} {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self):
        return self.stopped_at is None

    @property
    def is_paused(self):
        return self.stopped_at is None and self.paused_at is not None

    def status(self, now=None) -> ClockStatus:
        """办理中 / 已超期 while running (a paused clock is judged at the moment it was
        paused), 按期办结 / 超期办结 once stopped."""
        if self.stopped_at is not None:
            return ClockStatus.MET if self.stopped_at <= self.due_at else ClockStatus.MISSED
        moment = self.paused_at or now or timezone.now()
        return ClockStatus.OVERDUE if moment > self.due_at else ClockStatus.DUE

    def get_status_display(self, now=None):
        return self.status(now).label

    def light(self, now=None):
        """The traffic light of a running clock; None once stopped or while paused."""
        from .clocks import light_for

        if not self.is_running or self.is_paused:
            return None
        return light_for(self.due_at, now)

    @property
    def is_workdays(self):
        return self.unit == ClockUnit.WORKDAYS

    @property
    def due_date(self):
        return timezone.localtime(self.due_at).date()


class ClockPause(models.Model):
    """A period the clock stood still (e.g. waiting for the citizen's correction or a third
    party's opinion); written when paused, closed when resumed."""

    clock = models.ForeignKey(Clock, verbose_name=_("时限"), on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField(_("暂停时间"))
    resumed_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    reason = models.TextField(_("暂停原因"))
    shift_seconds = models.FloatField(_("顺延（秒或工作日）"), default=0, help_text=_("恢复时期限顺延的量。"))

    class Meta:
        verbose_name = _("暂停计时")
        verbose_name_plural = _("暂停计时")
        ordering = ["paused_at", "pk"]

    def __str__(self):
        return f"{self.clock} {self.paused_at:%Y-%m-%d %H:%M}"


class ClockExtension(AppendOnlyModel):
    """An extension (延期) of a clock with its reason and new due date."""

    clock = models.ForeignKey(Clock, verbose_name=_("时限"), on_delete=models.PROTECT, related_name="extensions")
    previous_due_at = models.DateTimeField(_("原期限"))
    new_due_at = models.DateTimeField(_("新期限"))
    reason = models.TextField(_("延期理由"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("延期")
        verbose_name_plural = _("延期")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.clock} → {self.new_due_at:%Y-%m-%d}"


class Reply(models.Model):
    """The answer to a case: drafted by the handling unit, approved by the role the kind
    names, sent to the citizen, and published where the kind allows (R-INT-2, R-INT-6).
    Frozen once approved; a rejected draft stays as it was and a new one is written."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="replies")
    body = models.TextField(_("答复内容"))
    public = models.BooleanField(_("公开答复"), default=False, help_text=_("答复后在网站公开（个人信息隐去）。"))
    status = models.CharField(_("状态"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("答复单位"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("拟稿人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("拟稿时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审核意见"), blank=True)
    sent_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["drafted_at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.get_status_display()}"


class PersonalDataAccess(AppendOnlyModel):
    """Each time a member of staff saw a citizen's personal data unmasked (R-SEC-8)."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="data_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查看人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("查看时间"), default=timezone.now, db_index=True)
    fields = models.JSONField(_("查看内容"), default=list)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user_id} {self.case_id} {self.at:%Y-%m-%d %H:%M}"
