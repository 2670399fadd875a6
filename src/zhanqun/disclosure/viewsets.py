"""政府信息公开 in the admin menu: guides, catalog templates, unit codes, letter
templates, annual reports (Wagtail ``ModelViewSet`` s in one group)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import guides
from .models import AnnualReport, CatalogEntry, CatalogTemplate, DisclosureUnit, Guide, LegalChallenge, LetterTemplate
from .permissions import guides_for


class GuideIndexView(generic.IndexView):
    def get_base_queryset(self):
        return guides_for(self.request.user, super().get_base_queryset().select_related("unit"))


class GuideEditView(generic.EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not guides_for(self.request.user, Guide.objects.filter(pk=obj.pk)).exists():
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return obj

    def save_instance(self):
        instance = super().save_instance()
        return guides.edited(instance, self.request.user)

    def get_success_url(self):
        return reverse("disclosure:guide_approval", args=[self.object.pk])


class GuideCreateView(generic.CreateView):
    def get_success_url(self):
        return reverse("disclosure:guide_approval", args=[self.object.pk])


class GuideViewSet(ModelViewSet):
    model = Guide
    name = "disclosure_guides"
    icon = "doc-full"
    menu_label = _("公开指南")
    index_view_class = GuideIndexView
    edit_view_class = GuideEditView
    add_view_class = GuideCreateView
    copy_view_enabled = False
    list_display = [
        TitleColumn("unit", label=_("单位"), get_url=lambda g: reverse("disclosure:guide_approval", args=[g.pk])),
        Column("get_status_display", label=_("状态")),
        DateColumn("approved_at", label=_("审定时间")),
        DateColumn("updated_at", label=_("修改时间")),
    ]


class CatalogTemplateViewSet(ModelViewSet):
    model = CatalogTemplate
    name = "disclosure_templates"
    icon = "list-ul"
    menu_label = _("目录模板")
    copy_view_enabled = False
    list_display = ["name", "unit_kind"]


class DisclosureUnitViewSet(ModelViewSet):
    model = DisclosureUnit
    name = "disclosure_units"
    icon = "group"
    menu_label = _("单位公开设置")
    copy_view_enabled = False
    list_display = ["unit", "org_code", "catalog_template"]


class LetterTemplateViewSet(ModelViewSet):
    model = LetterTemplate
    name = "disclosure_letters"
    icon = "doc-full-inverse"
    menu_label = _("告知书模板")
    copy_view_enabled = False
    list_display = ["title", "outcome", "reason"]


class AnnualReportEditView(generic.EditView):
    def get_success_url(self):
        return reverse("disclosure:report", args=[self.object.pk])


class AnnualReportCreateView(generic.CreateView):
    def get_success_url(self):
        return reverse("disclosure:report", args=[self.object.pk])


class AnnualReportViewSet(ModelViewSet):
    model = AnnualReport
    name = "disclosure_reports"
    icon = "table"
    menu_label = _("年度报告")
    copy_view_enabled = False
    add_view_class = AnnualReportCreateView
    edit_view_class = AnnualReportEditView
    list_display = [
        TitleColumn("__str__", label=_("报告"), get_url=lambda r: reverse("disclosure:report", args=[r.pk])),
        "year",
        DateColumn("published_at", label=_("发布时间")),
    ]


class LegalChallengeViewSet(ModelViewSet):
    """行政复议 / 行政诉讼 recorded against a request, with the result (section 四)."""

    model = LegalChallenge
    name = "disclosure_challenges"
    icon = "warning"
    menu_label = _("复议诉讼")
    copy_view_enabled = False
    form_fields = ["request", "kind", "filed_on", "result", "decided_on", "note"]
    list_display = ["request", "kind", "filed_on", "result"]


class CatalogEntryEditView(generic.EditView):
    def save_instance(self):
        """The item's page shows its category (信息索引, 主题分类 of items without a theme):
        publish it again."""
        from .catalog import rerender_page

        entry = super().save_instance()
        if entry.page_id and entry.live:
            rerender_page(entry.page.specific)
        return entry


class CatalogEntryViewSet(ModelViewSet):
    """The catalog's entries: the office corrects an entry's category and 文件类别."""

    model = CatalogEntry
    edit_view_class = CatalogEntryEditView
    name = "disclosure_entries"
    icon = "list-ol"
    menu_label = _("目录条目")
    add_view_enabled = False
    copy_view_enabled = False
    form_fields = ["category_code", "category_name", "document_kind"]
    list_display = ["index_number", "title", "unit", "category_name", "document_kind", "live"]
    list_filter = ["unit", "year", "document_kind", "live"]
    search_fields = ["title", "index_number"]
    search_backend_name = None


class DisclosureGroup(ViewSetGroup):
    menu_label = _("政府信息公开")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        GuideViewSet,
        CatalogEntryViewSet,
        CatalogTemplateViewSet,
        DisclosureUnitViewSet,
        LetterTemplateViewSet,
        LegalChallengeViewSet,
        AnnualReportViewSet,
    )
