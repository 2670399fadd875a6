"""Units (单位) and the staff who belong to them (R-COL-1).

A unit is the government office, a department or a township. Each registers its
head (负责人), its leader in charge (分管领导) and its staff contact (信息员). Editors
of a unit may edit exactly the columns their unit is responsible for: each unit owns a
Wagtail group (``editor_group``) holding page permissions on those columns' subtrees,
kept in step by ``zhanqun.units.permissions``.
"""

import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .enums import UnitKind

CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17):
    """The 18th character of a 统一社会信用代码, computed from the first 17."""
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value):
    """统一社会信用代码 (GB 32100-2015): 18 characters with a check character."""
    if not CREDIT_CODE_RE.match(value or ""):
        raise ValidationError(
            _("统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z），例如 11620981013923456X。"),
            code="credit_code_format",
        )
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位不正确：按前17位计算，第18位应为 %(expected)s。请核对证书上的代码。"),
            code="credit_code_checksum",
            params={"expected": expected},
        )


class Unit(index.Indexed, models.Model):
    name = models.CharField(_("单位全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("单位类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("用于生成政府信息公开索引号。"),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("单位负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leader_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分管领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("每个信息保障单位登记一名分管领导。"),
    )
    staff_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("信息员（联络人）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("每个信息保障单位登记一名具体负责网站信息工作的工作人员。"),
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    editor_group = models.OneToOneField(
        Group,
        verbose_name=_("本单位信息员组"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="editor_unit",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
                FieldPanel("parent"),
                FieldPanel("credit_code"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [FieldPanel("head"), FieldPanel("leader_in_charge"), FieldPanel("staff_contact")],
            heading=_("负责人与联络人"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("address")]), FieldPanel("sort_order")],
            heading=_("联系方式"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # Walk up the parent chain: a unit cannot be its own ancestor.
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("上级单位不能是本单位或本单位的下级单位。")})
            seen.add(node.pk)
            node = node.parent

    @property
    def editor_group_name(self):
        return f"信息员：{self.name}"


class StaffProfile(models.Model):
    """What the platform knows of a back-office user beyond Django's User: their unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    position = models.CharField(_("职务"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.unit or '—'}）"
