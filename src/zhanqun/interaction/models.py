"""Letters (来信) and error reports (找错): kind data beside the engine's ``Case``.

A letter or an error report **is** a ``cases.Case`` (kinds ``letter`` and
``error_report``, declared in ``case_kinds``); what only that kind needs lives here, in a
row with a ``OneToOneField`` to the case: the mailbox and channel of a letter, whether
its writer agreed to publication and the moderation of its publication (R-INT-3); the
page, problem type and evidence of an error report (R-INT-4). Category, complexity and
the special flag of a letter are in ``Case.data`` because its clocks read them.

``InteractionSettings`` holds each site's deadlines (R-INT-2, R-INT-4), editable under
设置 → 互动交流设置.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .enums import Channel, Complexity, ErrorSource, ErrorType, LetterCategory, MailboxKind


def private_storage():
    """Where evidence files go: ``STORAGES["private"]``, a folder no web server serves
    (the admin streams a screenshot to staff who may see the case). No fallback to the
    default storage: that is MEDIA_ROOT, which the web server serves to anyone."""
    return storages["private"]


def screenshot_path(instance, filename):
    """A random name: nothing of what the citizen called the file reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"interaction/screenshots/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Mailbox(models.Model):
    """A leader's or a unit's mailbox on one site (市长信箱, 市发展改革委信箱) (R-INT-1)."""

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("信箱名称"), max_length=60, help_text=_("例如“市长信箱”“市发展改革委信箱”。"))
    slug = models.SlugField(_("网址标识"), max_length=40, help_text=_("信箱网址 /hudong/xiexin/<标识>/ 中的部分，如 szxx。"))
    kind = models.CharField(_("信箱类型"), max_length=20, choices=MailboxKind.choices, default=MailboxKind.UNIT)
    leader_name = models.CharField(_("领导姓名"), max_length=40, blank=True, help_text=_("领导信箱填写。"))
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("普通来信分拣后默认交办的单位；部门信箱即该部门。"),
    )
    intro = models.TextField(_("信箱说明"), blank=True)
    is_active = models.BooleanField(_("开放"), default=True, help_text=_("关闭后公众不能再向该信箱写信。"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["site", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="interaction_mailbox_site_slug")]

    def __str__(self):
        return self.name


class Letter(models.Model):
    """A letter's own data (the case holds the rest)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="letter", primary_key=True
    )
    mailbox = models.ForeignKey(Mailbox, verbose_name=_("信箱"), on_delete=models.PROTECT, related_name="letters")
    channel = models.CharField(_("来信渠道"), max_length=20, choices=Channel.choices, default=Channel.WEBSITE)
    public_consent = models.BooleanField(
        _("同意公开"), default=True, help_text=_("来信人同意在网站公开来信和答复（个人信息隐去）。")
    )
    moderation = models.ForeignKey(
        "review.ModerationItem",
        verbose_name=_("公开审核"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("答复公开后进入“公众提交审核”，审核通过才在网站显示。"),
    )
    shown_replied_at = models.DateTimeField(
        _("选登答复时间"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("公开审核通过、在“来信选登”中显示的来信的答复时间（按此排序）；未通过审核为空。"),
    )  # set from the moderation decision (signal_handlers.on_moderation_decided)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        indexes = [
            # 来信选登 (views.public.answered): a site's shown letters newest reply first, and
            # their count, read off these partial indexes without touching the cases.
            models.Index(
                fields=["-shown_replied_at", "-case"],
                condition=models.Q(shown_replied_at__isnull=False),
                name="interaction_letter_shown",
            ),
            models.Index(
                fields=["mailbox", "-shown_replied_at", "-case"],
                condition=models.Q(shown_replied_at__isnull=False),
                name="interaction_letter_shown_box",
            ),
        ]

    def __str__(self):
        return str(self.case)

    @property
    def category_label(self):
        return dict(LetterCategory.choices).get(self.case.data.get("category"), "")

    @property
    def complexity_label(self):
        return dict(Complexity.choices).get(self.case.data.get("complexity"), "")


class ErrorReport(models.Model):
    """An error report's page, problem and evidence (R-INT-4)."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="error_report", primary_key=True
    )
    source = models.CharField(_("来源"), max_length=20, choices=ErrorSource.choices, default=ErrorSource.SITE)
    national_id = models.CharField(
        _("平台编号"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("全国政府网站找错平台的问题编号；重复导入时据此跳过。"),
    )
    page_url = models.URLField(_("问题页面地址"), max_length=1000)
    error_type = models.CharField(_("问题类型"), max_length=20, choices=ErrorType.choices, default=ErrorType.OTHER)
    screenshot = models.FileField(_("截图"), storage=private_storage, upload_to=screenshot_path, blank=True)
    screenshot_url = models.URLField(_("截图地址（平台）"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("网站找错")
        verbose_name_plural = _("网站找错")

    def __str__(self):
        return str(self.case)


@register_setting(icon="mail", order=40)
class InteractionSettings(BaseSiteSetting):
    """Deadlines of letters and error reports on one site (R-INT-2, R-INT-4)."""

    letter_triage_days = models.PositiveSmallIntegerField(
        _("来信分拣交办时限（工作日）"), default=1, validators=[MinValueValidator(1)]
    )
    consult_days = models.PositiveSmallIntegerField(
        _("咨询、建议答复时限（工作日）"), default=5, validators=[MinValueValidator(1)], help_text=_("规定时限为 5 个工作日。")
    )
    other_days = models.PositiveSmallIntegerField(
        _("投诉、举报答复时限（工作日）"), default=15, validators=[MinValueValidator(1)], help_text=_("规定时限为 15 个工作日。")
    )
    investigation_days = models.PositiveSmallIntegerField(
        _("复杂需调查的答复时限（工作日）"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("需要调查的最长 20 个工作日。"),
    )
    confidential_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("机要室"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("特殊来信分拣后交机要室，呈领导批示后再转承办单位。"),
    )
    error_triage_hours = models.PositiveSmallIntegerField(
        _("找错分拣转办时限（工作小时）"), default=1, validators=[MinValueValidator(1)]
    )
    error_fix_days = models.PositiveSmallIntegerField(
        _("找错整改时限（工作日）"), default=1, validators=[MinValueValidator(1)]
    )
    error_reply_days = models.PositiveSmallIntegerField(
        _("找错答复时限（工作日）"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("规定时限为 3 个工作日；山西等省份要求 2 个工作日的，改为 2。"),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("letter_triage_days"),
                FieldRowPanel([FieldPanel("consult_days"), FieldPanel("other_days"), FieldPanel("investigation_days")]),
                FieldPanel("confidential_unit"),
            ],
            heading=_("来信（市长信箱、部门信箱、12345 热线）"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("error_triage_hours"), FieldPanel("error_fix_days"), FieldPanel("error_reply_days")])],
            heading=_("我为政府网站找错"),
        ),
    ]

    class Meta:
        verbose_name = _("互动交流设置")
        verbose_name_plural = _("互动交流设置")

    def __str__(self):
        return str(_("互动交流设置"))

    def clean(self):
        super().clean()
        if self.consult_days and self.other_days and self.consult_days > self.other_days:
            raise ValidationError({"consult_days": _("咨询、建议的时限不应长于投诉、举报。")})
        if self.other_days and self.investigation_days and self.other_days > self.investigation_days:
            raise ValidationError({"investigation_days": _("复杂需调查的时限不应短于投诉、举报。")})


def settings_for(site) -> InteractionSettings:
    """The site's settings, or the defaults (unsaved) when none were saved."""
    found = InteractionSettings.objects.filter(site=site).first() if site is not None else None
    return found or InteractionSettings()
