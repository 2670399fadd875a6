"""Government information disclosure (政府信息公开, R-DISC-1..4): index numbers and the
catalog, catalog templates, the guide, disclosure requests and the annual report.

* ``IndexCounter`` / ``CatalogEntry``: every proactively disclosed item gets an index
  number (索引号) the first time it is published (``services.assign_index_number``),
  and a catalog entry that mirrors its metadata for the public catalog (目录).
* ``CatalogTemplate`` / ``CatalogCategory``: the categories a unit's catalog must have
  (R-DISC-2), by unit kind or for one unit; ``services.empty_required_categories``.
* ``Guide``: the disclosure guide (指南) with the fields Art. 12 names; published only
  once the unit head approves it, from a frozen copy.
* ``DisclosureRequest``: the disclosure-specific part of a case of kind
  ``disclosure_request`` (``case_kinds.py``): applicant, what is asked, outcome, fee.
* ``Consultation``, ``LegalChallenge``, ``LetterTemplate``, ``AnnualReport``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from zhanqun.units.enums import UnitKind

from .enums import (
    NO_REASON,
    REASONS,
    ApplicantType,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    DocumentKind,
    FeeMethod,
    GuideStatus,
    IdDocumentType,
    InfoFormat,
    Outcome,
    ReviewKind,
    ReviewResult,
    reason_choices,
    reason_label,
)


# ---------------------------------------------------------------------------
# index numbers and the catalog
# ---------------------------------------------------------------------------
class IndexCounter(models.Model):
    """The last index-number sequence used by a unit in a year. Locked (SELECT … FOR
    UPDATE) by the transaction that assigns a number, so numbers never repeat."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("索引号计数")
        verbose_name_plural = _("索引号计数")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="disclosure_counter_unit_year")]

    def __str__(self):
        return f"{self.unit_id} {self.year}: {self.last}"


class DisclosureUnit(models.Model):
    """What disclosure needs of a unit beyond ``units.Unit``: the 组织机构代码 used when
    it has no 统一社会信用代码, and a catalog template of its own."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="disclosure"
    )
    org_code = models.CharField(
        _("组织机构代码"),
        max_length=10,
        blank=True,
        help_text=_("单位没有统一社会信用代码时用于生成索引号，9位，例如 01392345-6。"),
    )
    catalog_template = models.ForeignKey(
        "CatalogTemplate",
        verbose_name=_("公开目录模板"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("为空时使用该类单位的默认模板。"),
    )

    panels = [FieldPanel("unit"), FieldPanel("org_code"), FieldPanel("catalog_template")]

    class Meta:
        verbose_name = _("单位公开设置")
        verbose_name_plural = _("单位公开设置")

    def __str__(self):
        return str(self.unit)


class CatalogTemplate(ClusterableModel):
    """公开目录模板: the categories of a catalog (R-DISC-1: the catalog follows the
    superior's catalog; R-DISC-2: what each kind of body must proactively disclose)."""

    name = models.CharField(_("模板名称"), max_length=60, unique=True)
    unit_kind = models.CharField(
        _("适用单位类型"),
        max_length=20,
        choices=UnitKind.choices,
        blank=True,
        help_text=_("该类单位默认使用本模板；为空时作为所有单位的通用模板。"),
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("unit_kind")]), InlinePanel("categories", label=_("类目"))]

    class Meta:
        verbose_name = _("公开目录模板")
        verbose_name_plural = _("公开目录模板")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CatalogCategory(Orderable):
    template = ParentalKey(CatalogTemplate, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("类目代码"), max_length=30)
    name = models.CharField(_("类目名称"), max_length=60)
    column_kind = models.CharField(
        _("对应栏目类型"),
        max_length=30,
        blank=True,
        help_text=_("发布在该类栏目中的信息自动归入本类目。"),
    )
    required = models.BooleanField(_("必须公开"), default=True, help_text=_("必须公开的类目为空时在后台提示。"))
    description = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("column_kind"), FieldPanel("required")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("目录类目")
        verbose_name_plural = _("目录类目")
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="disclosure_category_code")]

    def __str__(self):
        return self.name


class CatalogEntryQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)


class CatalogEntry(models.Model):
    """One proactively disclosed item in its unit's catalog, with its index number.

    The index number is assigned once, when the item is first published, and stays with
    the entry for ever: unpublishing hides the entry (``live``), deleting the page keeps
    the row (``page`` becomes null), so the number is never given again. The metadata
    (title, 文号 …) is copied from the page at each publication, so the catalog is one
    table to filter and export.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalog_entry",
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="+")
    index_number = models.CharField(_("索引号"), max_length=40, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年份"), editable=False)
    sequence = models.PositiveIntegerField(_("序号"), editable=False)
    category_code = models.CharField(_("类目"), max_length=30, blank=True, db_index=True)
    category_name = models.CharField(_("类目名称"), max_length=60, blank=True)

    title = models.CharField(_("名称"), max_length=255)
    summary = models.TextField(_("内容概述"), blank=True)
    formed_date = models.DateField(_("生成日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issuing_body = models.CharField(_("发布机构"), max_length=100, blank=True)
    theme = models.CharField(_("主题分类"), max_length=60, blank=True)
    doc_type = models.CharField(_("体裁分类"), max_length=30, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, blank=True, default="valid")
    validity_changed_on = models.DateField(_("失效/废止日期"), null=True, blank=True)
    document_kind = models.CharField(
        _("文件类别"), max_length=20, choices=DocumentKind.choices, blank=True,
        help_text=_("年度报告第二部分按此统计规章和行政规范性文件。"),
    )
    url = models.CharField(_("网址"), max_length=500, blank=True)
    live = models.BooleanField(_("已公开"), default=True, db_index=True)
    late_label = models.CharField(_("发布时效"), max_length=100, blank=True)
    late = models.BooleanField(_("超期发布"), default=False)
    beyond_legal_limit = models.BooleanField(_("超过法定期限"), default=False)
    assigned_at = models.DateTimeField(_("赋号时间"), default=timezone.now, editable=False)

    objects = CatalogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开目录条目")
        verbose_name_plural = _("公开目录条目")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "sequence"], name="disclosure_entry_unit_year_sequence")
        ]
        indexes = [models.Index(fields=["unit", "live", "year"], name="disclosure_entry_unit_live")]

    def __str__(self):
        return f"{self.index_number} {self.title}"

    def get_validity_display(self):
        from zhanqun.content.enums import Validity

        try:
            return Validity(self.validity).label
        except ValueError:
            return self.validity


# ---------------------------------------------------------------------------
# the guide (指南)
# ---------------------------------------------------------------------------
GUIDE_FIELDS = [
    "classification",
    "arrangement",
    "access",
    "office_name",
    "office_address",
    "office_hours",
    "phone",
    "fax",
    "online_contact",
    "postcode",
    "request_procedure",
    "remedies",
    "supervision_body",
    "supervision_phone",
    "supervision_email",
    "supervision_address",
]

#: R-DISC-6: where to complain about the unit's disclosure work (监督举报), shown apart.
SUPERVISION_FIELDS = ["supervision_body", "supervision_phone", "supervision_email", "supervision_address"]


class Guide(models.Model):
    """政府信息公开指南 (Art. 12): how the unit's information is classified and arranged,
    how to obtain it, and its disclosure office's name, address, hours, phone, fax and
    online contact. R-DISC-1: approved by the unit's head before it is published; the
    public page shows the last approved copy (``approved_content``), so editing a
    published guide does not change the public page until it is approved again.
    """

    unit = models.OneToOneField("units.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="guide")
    classification = models.TextField(_("信息分类"), help_text=_("本机关政府信息的分类。"))
    arrangement = models.TextField(_("编排体系"), help_text=_("公开目录的编排方式，例如按主题、体裁、年份。"))
    access = models.TextField(_("获取方式"), help_text=_("主动公开的途径和依申请公开的方式。"))
    office_name = models.CharField(_("政府信息公开工作机构名称"), max_length=100)
    office_address = models.CharField(_("办公地址"), max_length=200)
    office_hours = models.CharField(_("办公时间"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40)
    fax = models.CharField(_("传真"), max_length=40, blank=True)
    online_contact = models.CharField(_("互联网联系方式"), max_length=200, help_text=_("电子邮箱或网上申请地址。"))
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    request_procedure = models.TextField(_("依申请公开办理程序"), blank=True)
    remedies = models.TextField(_("监督和救济"), blank=True, help_text=_("投诉举报渠道、行政复议和行政诉讼。"))
    # 监督举报 (R-DISC-6; 条例 Art. 47, 51): the office that receives complaints about the
    # unit's disclosure work — usually the government's 政府信息公开工作主管部门.
    supervision_body = models.CharField(
        _("监督举报受理机构"), max_length=100, blank=True,
        help_text=_("受理政府信息公开工作投诉、举报的机构，一般为本级政府信息公开工作主管部门（政府办公室）。"),
    )
    supervision_phone = models.CharField(_("监督举报电话"), max_length=40, blank=True)
    supervision_email = models.EmailField(_("监督举报电子邮箱"), blank=True)
    supervision_address = models.CharField(_("监督举报通信地址"), max_length=200, blank=True)

    status = models.CharField(
        _("状态"), max_length=20, choices=GuideStatus.choices, default=GuideStatus.DRAFT, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审定人"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True, editable=False)
    approved_content = models.JSONField(_("已审定内容"), default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    panels = [
        FieldPanel("unit"),
        MultiFieldPanel([FieldPanel("classification"), FieldPanel("arrangement"), FieldPanel("access")],
                        heading=_("分类、编排和获取方式")),
        MultiFieldPanel(
            [
                FieldPanel("office_name"),
                FieldRowPanel([FieldPanel("office_address"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("office_hours"), FieldPanel("phone"), FieldPanel("fax")]),
                FieldPanel("online_contact"),
            ],
            heading=_("政府信息公开工作机构"),
        ),
        FieldPanel("request_procedure"),
        FieldPanel("remedies"),
        MultiFieldPanel(
            [
                FieldPanel("supervision_body"),
                FieldRowPanel([FieldPanel("supervision_phone"), FieldPanel("supervision_email")]),
                FieldPanel("supervision_address"),
            ],
            heading=_("监督举报（在指南和公开目录页面显示）"),
        ),
    ]

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")
        ordering = ["unit__sort_order", "unit__name"]
        permissions = [("approve_guide", "可审定本单位的政府信息公开指南")]

    def __str__(self):
        return f"{self.unit}政府信息公开指南"

    def content(self):
        return {name: getattr(self, name) for name in GUIDE_FIELDS}

    @property
    def is_published(self):
        return bool(self.approved_content)

    def published_fields(self):
        """(label, value) of the approved copy, in the form's order, for the public page
        (the 监督举报 channel apart: ``published_supervision``)."""
        return [
            (self._meta.get_field(name).verbose_name, self.approved_content.get(name, ""))
            for name in GUIDE_FIELDS
            if self.approved_content.get(name) and name not in SUPERVISION_FIELDS
        ]

    def published_supervision(self):
        """R-DISC-6: the approved 监督举报 channel as {"body", "phone", "email",
        "address"}, or None when the approved copy names no way to reach it."""
        values = {name.removeprefix("supervision_"): self.approved_content.get(name, "") for name in SUPERVISION_FIELDS}
        if not (values["phone"] or values["email"] or values["address"]):
            return None
        return values


# ---------------------------------------------------------------------------
# disclosure requests (依申请公开)
# ---------------------------------------------------------------------------
class DisclosureRequest(models.Model):
    """What a disclosure request (依申请公开) has beyond its case (Art. 29–45).

    The applicant's name, phone, ID number, address and e-mail are the case's encrypted
    personal data (``Case.submitter_*``); this row holds the rest of Art. 29's fields,
    the correction (补正, Art. 30), the outcome in the national report's terms and the
    fee (国办函〔2020〕109号). Changes go through ``services``.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="disclosure_request"
    )
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    organisation = models.CharField(_("法人或其他组织名称"), max_length=200, blank=True)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=60, blank=True)
    id_document_type = models.CharField(_("身份证明类型"), max_length=20, choices=IdDocumentType.choices)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    info_description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    info_document_number = models.CharField(_("文号"), max_length=100, blank=True)
    info_format = models.CharField(_("信息载体形式"), max_length=20, choices=InfoFormat.choices, default=InfoFormat.ELECTRONIC)
    delivery_method = models.CharField(_("获取方式"), max_length=20, choices=DeliveryMethod.choices, default=DeliveryMethod.EMAIL)
    purpose = models.TextField(_("用途说明"), blank=True)
    fee_waiver_requested = models.BooleanField(_("申请减免费用"), default=False)
    applicant_key = models.CharField(
        _("申请人标识"), max_length=64, blank=True, editable=False, db_index=True,
        help_text=_("身份证明号码的带密钥摘要，用于按件计费时统计同一申请人的申请件数，不可还原。"),
    )

    # 延期 (Art. 33): once, at most 20 working days, approved by the office head
    extended_at = models.DateTimeField(_("延期时间"), null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("延期批准人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)

    # 补正 (Art. 30)
    correction_requested_at = models.DateTimeField(_("补正告知时间"), null=True, blank=True)
    correction_request = models.TextField(_("补正内容"), blank=True)
    correction_due = models.DateField(_("补正期限"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("收到补正时间"), null=True, blank=True)

    # outcome (section 三 of the annual report)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(_("具体情形"), max_length=40, choices=reason_choices(), blank=True)
    outcome_note = models.TextField(_("理由和依据"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    # fee (国办函〔2020〕109号)
    fee_method = models.CharField(_("信息处理费"), max_length=20, choices=FeeMethod.choices, default=FeeMethod.NONE)
    fee_units = models.PositiveIntegerField(_("计费件数或页数"), null=True, blank=True)
    fee_amount = models.DecimalField(_("收费金额（元）"), max_digits=10, decimal_places=2, default=0)
    fee_notice_at = models.DateTimeField(_("收费通知时间"), null=True, blank=True)
    fee_due = models.DateField(_("缴费期限"), null=True, blank=True)
    fee_paid_at = models.DateTimeField(_("缴费时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self):
        return str(self.case)

    @property
    def outcome_label(self):
        if not self.outcome:
            return ""
        label = str(Outcome(self.outcome).label)
        reason = reason_label(self.outcome, self.outcome_reason)
        return f"{label}（{reason}）" if reason else label

    def clean_outcome(self):
        """An outcome with reasons must name one of its own (the issue's bad input)."""
        if not self.outcome:
            raise ValidationError({"outcome": _("请选择处理结果。")})
        outcome = Outcome(self.outcome)
        if outcome in NO_REASON:
            self.outcome_reason = ""
            return
        codes = [code for code, _label in REASONS[outcome]]
        if self.outcome_reason not in codes:
            raise ValidationError(
                {"outcome_reason": _("“%(outcome)s”须选择具体情形：%(reasons)s。") % {
                    "outcome": outcome.label, "reasons": "、".join(label for _c, label in REASONS[outcome])}}
            )


class Consultation(models.Model):
    """A pause of the answer's clock: consulting a third party (Art. 32: 15 working days
    for its opinion), another agency (Art. 34), or waiting for the fee (109号)."""

    request = models.ForeignKey(DisclosureRequest, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("类型"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("征求对象"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    due = models.DateField(_("答复期限"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    result = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.party}"


class LegalChallenge(models.Model):
    """行政复议 or 行政诉讼 against a disclosure decision, with its result (section 四)."""

    request = models.ForeignKey(DisclosureRequest, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="challenges")
    kind = models.CharField(_("类型"), max_length=30, choices=ReviewKind.choices)
    filed_on = models.DateField(_("受理日期"))
    result = models.CharField(_("结果"), max_length=20, choices=ReviewResult.choices, default=ReviewResult.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("行政复议/诉讼")
        verbose_name_plural = _("行政复议/诉讼")
        ordering = ["filed_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_result_display()}"

    def clean(self):
        if self.result != ReviewResult.PENDING and not self.decided_on:
            raise ValidationError({"decided_on": _("已审结的须填写审结日期。")})


class LetterTemplate(models.Model):
    """The text of a reply letter (告知书) for an outcome (and reason), editable by the
    office. Placeholders in ``{}``: applicant, received, number, info, unit, date,
    reason, note, fee — see docs/disclosure.md. The most specific template wins: the
    outcome and reason, then the outcome alone."""

    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("具体情形"), max_length=40, choices=reason_choices(), blank=True)
    title = models.CharField(_("告知书标题"), max_length=100)
    body = models.TextField(_("正文"))

    panels = [FieldRowPanel([FieldPanel("outcome"), FieldPanel("reason")]), FieldPanel("title"), FieldPanel("body")]

    class Meta:
        verbose_name = _("告知书模板")
        verbose_name_plural = _("告知书模板")
        ordering = ["outcome", "reason"]
        constraints = [models.UniqueConstraint(fields=["outcome", "reason"], name="disclosure_letter_outcome_reason")]

    def __str__(self):
        return self.title


class AnnualReport(models.Model):
    """政府信息公开工作年度报告 of a unit, or of the whole government (``unit`` empty):
    the figures are computed (``annual_report.build``); sections 一, 五, 六 are written
    by the office."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("为空时为本级政府的年度报告。"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    licensing_decisions = models.PositiveIntegerField(_("行政许可本年处理决定数量"), default=0)
    penalty_decisions = models.PositiveIntegerField(_("行政处罚本年处理决定数量"), default=0)
    coercion_decisions = models.PositiveIntegerField(_("行政强制本年处理决定数量"), default=0)
    fee_amount = models.DecimalField(_("行政事业性收费本年收费金额（万元）"), max_digits=12, decimal_places=4, default=0)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("报告页面"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("year")]),
        FieldPanel("overview"),
        FieldRowPanel([FieldPanel("licensing_decisions"), FieldPanel("penalty_decisions"),
                       FieldPanel("coercion_decisions"), FieldPanel("fee_amount")],
                      heading=_("二、主动公开（平台没有记录的数字）")),
        FieldPanel("problems"),
        FieldPanel("other"),
    ]

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="disclosure_report_unit_year")]

    def __str__(self):
        return f"{self.unit or '本级政府'}{self.year}年政府信息公开工作年度报告"
