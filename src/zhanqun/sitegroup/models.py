"""Each site's identity record (R-SITE-2, R-SITE-3).

One ``SiteIdentity`` per Wagtail ``Site``: the name shown in every page header and the
items every footer must carry. Validation follows the formats the rules fix; see
``validators``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import validators
from .enums import SiteKind

NATIONAL_ERROR_REPORT_URL = (
    "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode={site_code}"
)
ICP_LOOKUP_URL = "https://beian.miit.gov.cn/"
POLICE_LOOKUP_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={digits}"


def public_hostname(domain):
    """The host the platform serves a site on: its domain, plus a suffix in the demo."""
    return domain + settings.ZHANQUN_DEMO_HOST_SUFFIX


@register_setting(icon="site", order=10)
class SiteIdentity(BaseSiteSetting):
    kind = models.CharField(_("站点类型"), max_length=20, choices=SiteKind.choices, default=SiteKind.DEPARTMENT)
    full_name = models.CharField(
        _("网站所属机构全称"),
        max_length=100,
        help_text=_("网站以机构名称命名，页头显示全称，例如“云泽市人民政府”。"),
    )
    owner_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sponsor = models.CharField(_("主办单位"), max_length=100)
    organizer = models.CharField(_("承办单位"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("联系邮箱"))
    address = models.CharField(_("联系地址"), max_length=200)
    site_code = models.CharField(
        _("网站标识码"),
        max_length=10,
        validators=[validators.validate_site_code],
        help_text=_("全国政府网站信息报送系统分配的10位标识码。"),
    )
    icp_number = models.CharField(_("ICP备案编号"), max_length=40, validators=[validators.validate_icp_number])
    police_number = models.CharField(_("公安机关备案号"), max_length=40, validators=[validators.validate_police_number])
    domain = models.CharField(
        _("英文域名"),
        max_length=100,
        help_text=_("门户为 www.<拼音>.gov.cn；部门网站为 <部门简称>.<拼音>.gov.cn。"),
    )
    chinese_domain = models.CharField(_("中文域名"), max_length=100, help_text=_("机构全称.政务"))
    conac_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        help_text=_("中央编办事业单位登记管理局核发的党政机关网站标识的验证链接。"),
    )

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("owner_unit")]), FieldPanel("full_name")],
            heading=_("网站"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sponsor"), FieldPanel("organizer")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("address"),
            ],
            heading=_("主办、承办与联系方式"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_code"),
                FieldRowPanel([FieldPanel("icp_number"), FieldPanel("police_number")]),
                FieldRowPanel([FieldPanel("domain"), FieldPanel("chinese_domain")]),
                FieldPanel("conac_url"),
            ],
            heading=_("标识与备案"),
        ),
    ]

    class Meta:
        verbose_name = _("网站标识信息")
        verbose_name_plural = _("网站标识信息")

    def __str__(self):
        return self.full_name or str(self.site)

    # --- validation -----------------------------------------------------------------

    def portal(self):
        return SiteIdentity.objects.filter(kind=SiteKind.PORTAL).exclude(pk=self.pk).first()

    def clean(self):
        super().clean()
        errors = {}
        self.domain = (self.domain or "").strip().lower()
        try:
            if self.kind == SiteKind.PORTAL:
                if self.portal() is not None:
                    raise ValidationError(
                        _("站群只能有一个门户网站：已有“%(name)s”。"), params={"name": self.portal().full_name}
                    )
                validators.validate_portal_domain(self.domain)
            else:
                portal = self.portal()
                validators.validate_department_domain(self.domain, portal.domain if portal else "")
        except ValidationError as e:
            errors.setdefault("domain", []).extend(e.messages)
        if "domain" not in errors and self.site_id:
            expected = {self.domain, public_hostname(self.domain)}
            if self.site.hostname not in expected:
                errors["domain"] = [
                    _("英文域名 %(domain)s 与站点主机名 %(host)s 不一致：页面必须在本站域名下访问，请同时修改“站点”中的主机名。")
                    % {"domain": self.domain, "host": self.site.hostname}
                ]
        try:
            validators.validate_chinese_domain(self.chinese_domain, self.full_name)
        except ValidationError as e:
            errors.setdefault("chinese_domain", []).extend(e.messages)
        if errors:
            raise ValidationError(errors)

    # --- footer links ---------------------------------------------------------------

    @property
    def error_report_url(self):
        """我为政府网站找错: the national platform's page for this site."""
        return NATIONAL_ERROR_REPORT_URL.format(site_code=self.site_code)

    @property
    def icp_url(self):
        return ICP_LOOKUP_URL

    @property
    def police_url(self):
        digits = "".join(c for c in self.police_number if c.isdigit())
        return POLICE_LOOKUP_URL.format(digits=digits)
