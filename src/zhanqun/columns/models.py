"""栏目 (columns) and 专题专栏 (special topics).

Every column names its responsible unit and person and how often it must be updated
(R-COL-1, R-COL-2); its unit's editors get page permissions on its subtree
(``zhanqun.units.permissions.sync_column_permissions``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from zhanqun.publishing import recorder

from . import listing
from .enums import DEFAULT_INTERVAL, DEFAULT_UPDATE_INTERVAL_DAYS, ColumnKind

ITEM_PAGE_TYPES = [
    "content.ArticlePage",
    "content.NoticePage",
    "content.PolicyDocumentPage",
    "content.InterpretationPage",
    "content.ReprintPage",
    "content.LeaderProfilePage",
]


class ResponsibilityMixin(models.Model):
    """Who answers for a column: a unit and a named person (R-COL-1)."""

    responsible_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("信息保障单位"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("负责本栏目内容保障的单位；该单位的信息员可以编辑本栏目。"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    update_interval_days = models.PositiveSmallIntegerField(
        _("更新周期（天）"),
        default=DEFAULT_INTERVAL,
        help_text=_("超过该天数未更新即视为更新不及时。动态类默认14天，通知公告、政策文件默认180天。"),
    )

    responsibility_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("responsible_unit"), FieldPanel("responsible_person")]),
                FieldPanel("update_interval_days"),
            ],
            heading=_("栏目责任"),
        )
    ]

    class Meta:
        abstract = True


class ListingMixin:
    """The live items below a column, newest first, in stable list pages
    (``columns.listing``): the index page, and archive pages numbered from the oldest."""

    page_size = listing.PAGE_SIZE

    def get_items(self):
        from zhanqun.content.models import ItemPage

        return (
            Page.objects.live()
            .descendant_of(self)
            .type(*ItemPage.concrete_types())
            .specific()
            .order_by("-first_published_at", "-pk")
        )

    def get_item_ids(self):
        """The ids of ``get_items()``, newest first — read once per publishing batch
        (``recorder.memoize``): every archive page of a column slices the same list
        instead of counting and offsetting through the column again."""
        from zhanqun.content.models import ItemPage

        def ids():
            return list(
                Page.objects.live()
                .descendant_of(self)
                .type(*ItemPage.concrete_types())
                .order_by("-first_published_at", "-pk")
                .values_list("pk", flat=True)
            )

        return recorder.memoize(("column_item_ids", self.pk), ids)

    @staticmethod
    def fetch_items(ids):
        """The specific items with these ids, in this order."""
        found = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
        return [found[pk] for pk in ids if pk in found]

    def get_list_page(self, number=None):
        """The index page (``number`` None) or archive page ``number``; None if there is
        no such archive page. An archive page tells the publisher's recorder that it
        lists nothing newer than its newest item."""
        if number is None:
            return listing.index_page(self.get_item_ids(), self.fetch_items, self.page_size)
        with recorder.bounded() as bound:
            page = listing.archive_page(self.get_item_ids(), self.fetch_items, number, self.page_size)
            if page is not None and page.items:
                bound.upto = recorder.order_key(page.items[0].first_published_at, page.items[0].pk)
        return page

    def get_subcolumns(self):
        return child_columns(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = getattr(request, "list_page", None) or self.get_list_page()
        context["subcolumns"] = self.get_subcolumns()
        if getattr(self, "kind", None) == ColumnKind.GUIDE:
            context["guide_published"] = self.site_guide_published()
        return context

    def site_guide_published(self):
        """Whether ``/xxgk/guide/`` of this page's site answers: the site's owner unit has
        an approved 政府信息公开指南 (``disclosure.views.public.guide_view``). Until then the
        公开指南 column says the guide is being prepared and links what exists instead of a
        404; approving the guide renders the column again (``disclosure.guides.approve``)."""
        from zhanqun.disclosure.models import Guide
        from zhanqun.sitegroup.models import SiteIdentity

        site = self.get_site()
        identity = SiteIdentity.objects.filter(site=site).first() if site else None
        if identity is None or identity.owner_unit_id is None:
            return False
        guide = Guide.objects.filter(unit_id=identity.owner_unit_id).first()
        return bool(guide and guide.is_published)

    def serve_list_page(self, request, number):
        """Serve archive page ``number`` (``Http404`` if there is none)."""
        from django.http import Http404

        page = self.get_list_page(number)
        if page is None:
            raise Http404("没有这一页。")
        request.list_page = page
        return self.serve(request)


class ColumnPage(ListingMixin, ResponsibilityMixin, Page):
    kind = models.CharField(_("栏目类型"), max_length=30, choices=ColumnKind.choices, default=ColumnKind.NEWS)
    intro = RichTextField(_("栏目说明"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("intro")]
    settings_panels = Page.settings_panels
    promote_panels = Page.promote_panels

    parent_page_types = ["content.HomePage", "columns.ColumnPage", "columns.SpecialTopicPage"]
    subpage_types = ["columns.ColumnPage", *ITEM_PAGE_TYPES]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def save(self, *args, **kwargs):
        if self._state.adding and self.update_interval_days == DEFAULT_INTERVAL:
            self.update_interval_days = DEFAULT_UPDATE_INTERVAL_DAYS.get(self.kind, DEFAULT_INTERVAL)
        return super().save(*args, **kwargs)


class SpecialTopicPage(ListingMixin, ResponsibilityMixin, Page):
    """专题专栏: its own page type because it is approved separately (R-COL-3) and has a
    limited life (start and end dates)."""

    intro = RichTextField(_("专题简介"), blank=True)
    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("专题头图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("专题结束后可归档。"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("banner"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    parent_page_types = ["content.HomePage", "columns.ColumnPage"]
    subpage_types = ["columns.ColumnPage", *ITEM_PAGE_TYPES]

    class Meta:
        verbose_name = _("专题专栏")
        verbose_name_plural = _("专题专栏")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})


# Responsibility panels go on the first tab, where editors look.
for _model in (ColumnPage, SpecialTopicPage):
    _model.content_panels = _model.content_panels + ResponsibilityMixin.responsibility_panels


def child_columns(parent):
    """The live columns and special topics directly below ``parent``, in tree order.

    One query per type (not ``get_children().type(...)``), so that the publisher's
    recorder knows the list shows columns only: publishing an item does not change it.
    """
    columns = [*ColumnPage.objects.child_of(parent).live(), *SpecialTopicPage.objects.child_of(parent).live()]
    return sorted(columns, key=lambda c: c.path)
