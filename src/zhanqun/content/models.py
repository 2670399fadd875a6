"""Page types: the home page and the items columns hold (R-PUB-1, R-PUB-6, R-PUB-7).

Every item records its responsible unit, the date the information was formed and its
importance class, which the review workflow uses to pick the approval chain (R-PUB-2).
The formed date starts the item's publishing clock (R-PUB-5, ``timeliness.py``); a
site operator can take a live item down with a reason (``TakeDown``, R-SEC-6).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from zhanqun.review.panels import ReviewPanel

from .enums import Importance, InterpretationForm, PolicyTheme, Validity
from .forms import ItemPageForm
from .panels import TimelinessPanel
from .timeliness import Rule, assess

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image"]


def default_item_slug(on=None):
    return f"t{(on or timezone.localdate()):%Y%m%d}_{uuid.uuid4().hex[:6]}"


class HomePage(Page):
    """A site's home page: the root of one site of the group."""

    intro = models.CharField(_("首页导语"), max_length=200, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["columns.ColumnPage", "columns.SpecialTopicPage"]

    class Meta:
        verbose_name = _("网站首页")
        verbose_name_plural = _("网站首页")

    def get_context(self, request, *args, **kwargs):
        from zhanqun.columns.enums import ColumnKind
        from zhanqun.columns.models import ColumnPage, SpecialTopicPage

        context = super().get_context(request, *args, **kwargs)
        blocks = []
        for kind in (ColumnKind.NEWS, ColumnKind.NOTICES, ColumnKind.DOCUMENTS, ColumnKind.INTERPRETATIONS):
            column = ColumnPage.objects.live().child_of(self).filter(kind=kind).first()
            if column is None:
                column = ColumnPage.objects.live().descendant_of(self).filter(kind=kind).first()
            if column is not None:
                blocks.append({"column": column, "items": column.get_items()[:8]})
        context["blocks"] = blocks
        context["special_topics"] = SpecialTopicPage.objects.live().child_of(self)
        # Township columns are grouped under one 乡镇动态 column; list the townships themselves.
        townships = ColumnPage.objects.live().descendant_of(self).filter(kind=ColumnKind.TOWNSHIP)
        context["township_columns"] = townships.filter(depth__gt=self.depth + 1) or townships
        return context


class ItemPage(Page):
    """What every item has, whatever its type."""

    responsible_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("责任单位"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    formed_date = models.DateField(
        _("信息形成日期"),
        default=timezone.localdate,
        help_text=_("信息制作或获取的日期；发布时效从该日起算。"),
    )
    importance = models.CharField(
        _("信息类别"),
        max_length=20,
        choices=Importance.choices,
        default=Importance.GENERAL,
        help_text=_("决定审核流程：一般、业务由本单位审核；重要报政府办公室；重大报领导小组；标注“此件公开发布”的文件由制发单位审核。"),
    )
    summary = models.TextField(_("摘要"), blank=True, max_length=500)
    body = RichTextField(_("正文"), blank=True, features=BODY_FEATURES)

    base_form_class = ItemPageForm
    parent_page_types = ["columns.ColumnPage", "columns.SpecialTopicPage"]
    subpage_types = []

    item_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("responsible_unit"), FieldPanel("formed_date"), FieldPanel("importance")]),
                TimelinessPanel(),
            ],
            heading=_("责任与类别"),
        ),
        ReviewPanel(),  # 审核情况 (R-PUB-2, R-PUB-10)
    ]
    #: The timeliness rule every item of this type follows (R-PUB-5); ``None``: decided
    #: by the columns the item is in (``get_timeliness_rule``).
    timeliness_rule = None
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        # Government sites address items by date and number (/zwdt/t20261122_3f9a1c/),
        # not by a pinyin or Chinese slug of the title.
        if not self.slug:
            self.slug = default_item_slug()
        return super().full_clean(*args, **kwargs)

    @staticmethod
    def concrete_types():
        return (ArticlePage, NoticePage, PolicyDocumentPage, InterpretationPage, ReprintPage, LeaderProfilePage)

    @property
    def column(self):
        return self.get_parent().specific

    # --- timeliness (R-PUB-5) -------------------------------------------------------------------

    def column_kinds(self):
        """Kinds of the columns the item sits in, its own column and those above it."""
        from zhanqun.columns.models import ColumnPage

        return set(ColumnPage.objects.ancestor_of(self).values_list("kind", flat=True))

    def get_timeliness_rule(self, column_kinds=None):
        """Which clock the item runs on: its type's rule if it has one, else the active-
        disclosure rule in a disclosure column (002:3 counts everything a body must
        proactively disclose), else the ordinary rule (001:17). ``column_kinds`` saves the
        query when assessing many items (``services.assess_items``)."""
        if self.timeliness_rule is not None:
            return self.timeliness_rule
        kinds = self.column_kinds() if column_kinds is None else column_kinds
        return Rule.ACTIVE_DISCLOSURE if set(kinds) & disclosure_column_kinds() else Rule.ORDINARY

    def get_timeliness_start(self):
        """The moment the clock starts: the day the information was formed."""
        return self.formed_date

    def get_timeliness(self, calendar=None, now=None, column_kinds=None):
        """How late the item is against its rule, to its first publication or to now.

        Raises ``YearNotCovered`` when the working-day calendar lacks a year it needs.
        """
        from zhanqun.workdays.services import get_calendar

        return assess(
            self.get_timeliness_rule(column_kinds),
            self.get_timeliness_start(),
            self.first_published_at,
            now or timezone.now(),
            calendar or get_calendar(),
        )


def disclosure_column_kinds():
    """Columns whose items are proactively disclosed government information (R-COL-4):
    政府信息公开 and the standard columns under it, 政策文件, 政策解读 and 通知公告."""
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.standard import REQUIRED_DISCLOSURE_KINDS

    return {
        *map(str, REQUIRED_DISCLOSURE_KINDS),
        ColumnKind.DISCLOSURE,
        ColumnKind.DOCUMENTS,
        ColumnKind.INTERPRETATIONS,
        ColumnKind.NOTICES,
    }


class ArticlePage(ItemPage):
    """政务动态: work news, leader activities, meetings."""

    author = models.CharField(_("作者"), max_length=60, blank=True)
    source = models.CharField(_("信息来源"), max_length=100, blank=True, help_text=_("供稿单位，如“市发展改革委”。"))
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("配图"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("source"), FieldPanel("author")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        *ItemPage.item_panels,
    ]

    class Meta:
        verbose_name = _("政务动态")
        verbose_name_plural = _("政务动态")


class NoticePage(ItemPage):
    """通知公告: a standard disclosure column, so 3 working days (R-PUB-5, R-COL-4)."""

    issuer = models.CharField(_("发布机构"), max_length=100, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("issuer"), FieldPanel("valid_until")]),
        FieldPanel("body"),
        *ItemPage.item_panels,
    ]
    timeliness_rule = Rule.ACTIVE_DISCLOSURE

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")


class PolicyDocumentPage(ItemPage):
    """政策文件 (规章, 规范性文件 and other documents) with the metadata the policy library
    and the disclosure catalog use; validity is tracked and lapsed documents point to
    their replacement (R-PUB-7)."""

    document_number = models.CharField(_("文号"), max_length=60, blank=True, help_text=_("例如 云政发〔2026〕12号。"))
    issuing_body = models.CharField(_("发文机关"), max_length=100)
    written_date = models.DateField(_("成文日期"))
    publish_date = models.DateField(_("发布日期"), default=timezone.localdate)
    index_number = models.CharField(
        _("索引号"), max_length=60, blank=True, help_text=_("政府信息公开索引号；发布时由公开目录分配。")
    )
    theme = models.CharField(_("主题分类"), max_length=30, choices=PolicyTheme.choices, default=PolicyTheme.GENERAL_AFFAIRS)
    validity = models.CharField(_("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField(
        _("失效/废止/修订日期"), null=True, blank=True, help_text=_("有效性不是“有效”时必填。")
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("已修订的文件须指向修订后的文件。"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_body")]),
                FieldRowPanel([FieldPanel("written_date"), FieldPanel("publish_date")]),
                FieldRowPanel([FieldPanel("index_number", read_only=True), FieldPanel("theme")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_changed_on")]),
                FieldPanel("replaced_by"),
            ],
            heading=_("文件属性"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件"), heading=_("附件")),
        *ItemPage.item_panels,
    ]
    search_fields = ItemPage.search_fields + [index.SearchField("document_number"), index.FilterField("validity")]
    timeliness_rule = Rule.ACTIVE_DISCLOSURE  # 002:3, 002d:13 (R-PUB-5)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    def clean(self):
        super().clean()
        errors = {}
        if self.validity != Validity.VALID and not self.validity_changed_on:
            errors["validity_changed_on"] = _("有效性为“%(state)s”的文件须填写%(state)s日期。") % {
                "state": self.get_validity_display()
            }
        if self.validity == Validity.REVISED and not self.replaced_by_id:
            errors["replaced_by"] = _("已修订的文件须指明修订后的替代文件。")
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("替代文件不能是本文件。")
        if self.written_date and self.publish_date and self.publish_date < self.written_date:
            errors["publish_date"] = _("发布日期不能早于成文日期。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_valid(self):
        return self.validity == Validity.VALID

    @property
    def validity_notice(self):
        """Plain words for readers of a lapsed document: 本文件已失效 / 已废止 / 已修订."""
        label = str(self.get_validity_display())
        return _("本文件%(state)s，仅供查阅。") % {"state": label if label.startswith("已") else f"已{label}"}

    def live_interpretations(self):
        return self.interpretations.live().order_by("-first_published_at")


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("附件文件"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("附件名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.title or self.document.title


class InterpretationPage(ItemPage):
    """政策解读: always linked to the document it interprets; both pages link to each
    other (R-PUB-6)."""

    document = models.ForeignKey(
        PolicyDocumentPage,
        verbose_name=_("所解读的政策文件"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    form = models.CharField(_("解读形式"), max_length=20, choices=InterpretationForm.choices, default=InterpretationForm.TEXT)
    interpreter = models.CharField(_("解读人/解读机关"), max_length=100, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("图解"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    media = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("音视频文件"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    required_messages = {"document": _("政策解读必须关联所解读的政策文件，两者页面互相链接。")}
    content_panels = Page.content_panels + [
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("form"), FieldPanel("interpreter")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("media")]),
        *ItemPage.item_panels,
    ]
    timeliness_rule = Rule.ACTIVE_DISCLOSURE  # 002:3 names 解读材料 with the documents (R-PUB-5)

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")


class ReprintPage(ItemPage):
    """转载: an item taken from another site; it must name its source (R-PUB-7).

    An important policy published by the superior's site or the portal must be
    reprinted within 12 hours (003:10, 004:16): the editor ticks 上级重要政策 and gives
    the time the original went out, which starts the clock (R-PUB-5).
    """

    source_name = models.CharField(_("来源名称"), max_length=100, help_text=_("例如“中国政府网”。"))
    source_url = models.URLField(_("来源网址"), max_length=500)
    source_published_on = models.DateField(_("原文发布日期"), null=True, blank=True)
    superior_policy = models.BooleanField(
        _("上级重要政策"),
        default=False,
        help_text=_("上级政府网站或本级门户网站发布的重要政策信息，须在12小时内转载。"),
    )
    source_published_at = models.DateTimeField(
        _("原文发布时间"),
        null=True,
        blank=True,
        help_text=_("上级重要政策必填：12小时转载时限从此时起算。"),
    )

    required_messages = {
        "source_name": _("转载信息必须注明来源名称。"),
        "source_url": _("转载信息必须注明来源网址。"),
    }
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_published_on")]),
                FieldPanel("source_url"),
                FieldRowPanel([FieldPanel("superior_policy"), FieldPanel("source_published_at")]),
            ],
            heading=_("转载来源"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        *ItemPage.item_panels,
    ]

    class Meta:
        verbose_name = _("转载")
        verbose_name_plural = _("转载")

    def clean(self):
        super().clean()
        if self.superior_policy and not self.source_published_at:
            raise ValidationError(
                {"source_published_at": _("上级重要政策须填写原文发布时间，12小时转载时限从此时起算。")}
            )

    def get_timeliness_rule(self, column_kinds=None):
        if self.superior_policy:
            return Rule.SUPERIOR_POLICY_REPRINT
        return super().get_timeliness_rule(column_kinds)

    def get_timeliness_start(self):
        if self.superior_policy and self.source_published_at:
            return self.source_published_at
        return super().get_timeliness_start()


class LeaderProfilePage(ItemPage):
    """领导信息: name, post, portfolio and résumé of a leader."""

    name = models.CharField(_("姓名"), max_length=30)
    position = models.CharField(_("职务"), max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("照片"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsibilities = models.TextField(_("工作分工"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position"), FieldPanel("sort_order")]),
        FieldPanel("photo"),
        FieldPanel("responsibilities"),
        FieldPanel("body", heading=_("简历")),
        *ItemPage.item_panels,
    ]

    class Meta:
        verbose_name = _("领导信息")
        verbose_name_plural = _("领导信息")


class TakeDown(models.Model):
    """撤稿: a live item taken down at once by a site operator, with a written reason
    (R-SEC-6; 001:23 lets the site's administrator "作出临时性处置").

    ``services.take_down`` unpublishes the page through Wagtail, so ``page_unpublished``
    fires and the static publisher removes its files, and logs the reason in the page's
    history. This record keeps who, when, what and why even after the page is deleted.
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("信息"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="take_downs",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("撤下的版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_title = models.CharField(_("标题"), max_length=255)
    page_url = models.CharField(_("原网址"), max_length=500, blank=True)
    reason = models.TextField(_("撤稿原因"))
    taken_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_down_at = models.DateTimeField(_("撤稿时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("撤稿记录")
        verbose_name_plural = _("撤稿记录")
        ordering = ["-taken_down_at", "-pk"]

    def __str__(self):
        return f"{self.page_title}（{timezone.localtime(self.taken_down_at):%Y-%m-%d %H:%M}）"
