"""委托发布 in the admin menu: the request queue and form (Wagtail ``ModelViewSet``)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet

from . import views
from .forms import CommissionForm
from .models import Commission


class CommissionViewSet(ModelViewSet):
    model = Commission
    name = "commissions"
    icon = "mail"
    menu_label = _("委托发布")
    menu_name = "commissions"
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False

    index_view_class = views.CommissionIndexView
    add_view_class = views.CommissionCreateView
    edit_view_class = views.CommissionEditView
    delete_view_class = views.CommissionDeleteView
    history_view_class = views.CommissionHistoryView
    inspect_view_class = views.CommissionInspectView

    list_display = [
        TitleColumn("title", label=_("标题"), get_url=lambda c: reverse("commissions:inspect", args=[c.pk])),
        Column("unit", label=_("申请单位")),
        Column("publish_date", label=_("发布日期")),
        Column("get_status_display", label=_("状态")),
        UserColumn("submitted_by", label=_("申请人")),
        DateColumn("submitted_at", label=_("提交时间")),
        UserColumn("handled_by", label=_("处理人")),
    ]
    inspect_view_fields = [
        "unit",
        "title",
        "publish_date",
        "formed_date",
        "source",
        "form",
        "requirements",
        "suggested_column",
        "status",
        "submitted_by",
        "submitted_at",
        "handled_by",
        "handled_at",
    ]
    list_filter = ["status", "unit"]
    search_fields = ["title"]
    search_backend_name = None

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("unit"),
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("publish_date"), FieldPanel("formed_date")]),
                    FieldRowPanel([FieldPanel("source"), FieldPanel("form")]),
                    PageChooserPanel("suggested_column", ["columns.ColumnPage", "columns.SpecialTopicPage"]),
                    FieldPanel("requirements"),
                ],
                heading=_("发布单位、日期、来源、形式和要求"),
            ),
            FieldPanel("content"),
            InlinePanel(
                "files",
                heading=_("附件"),
                label=_("附件"),
                panels=[FieldRowPanel([FieldPanel("document"), FieldPanel("title")])],
            ),
        ],
        base_form_class=CommissionForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("draft/<int:pk>/", views.DraftView.as_view(), name="draft"),
            path("return/<int:pk>/", views.ReturnView.as_view(), name="return"),
        ]


commission_viewset = CommissionViewSet()
