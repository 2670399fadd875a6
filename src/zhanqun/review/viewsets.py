"""设置 → 审核流程规则: which levels each importance class goes through (R-PUB-2)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ReviewChainRule


class ReviewChainRuleViewSet(ModelViewSet):
    model = ReviewChainRule
    name = "review_chain_rules"
    icon = "list-ol"
    menu_label = _("审核流程规则")
    menu_name = "review-chain-rules"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["__str__", "steps_display", "note"]
    list_filter = ["importance"]
    ordering = ["site_id", "importance"]

    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("site"), FieldPanel("importance")]),
            MultiFieldPanel(
                [
                    FieldPanel("unit_head"),
                    FieldPanel("leader_in_charge"),
                    FieldPanel("office"),
                    FieldPanel("leading_group"),
                ],
                heading=_("审核环节（按顺序进行，未勾选的环节自动跳过）"),
            ),
            FieldPanel("note"),
        ]
    )


review_chain_rule_viewset = ReviewChainRuleViewSet()
