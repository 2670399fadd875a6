"""审核情况: a read-only panel for an item's edit view (R-PUB-2, R-PUB-10).

Not placed by this app: page types belong to ``content``, which may add
``ReviewPanel()`` to ``ItemPage.item_panels``. Imports nothing of ours at module level.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ReviewPanel(Panel):
    """Where the item stands in review, the decisions of its latest round, the
    screening result of its latest version, and links to the full 审核记录."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("审核情况"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "review"

    class BoundPanel(Panel.BoundPanel):
        template_name = "review/panels/review.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            from .services import latest_screening, record_entries

            context = super().get_context_data(parent_context)
            page = self.instance
            entries = record_entries(page)
            last_round = max((e["round"] for e in entries), default=None)
            screening = latest_screening(page)
            context.update(
                workflow_state=page.current_workflow_state,
                entries=[e for e in entries if e["round"] == last_round and e["status"] != "skipped"],
                screening=screening,
                blocking=screening.unresolved_blocking() if screening else [],
                record_url=reverse("review_item_record", args=[page.pk]),
                screening_url=reverse("review_screening_detail", args=[screening.pk]) if screening else None,
            )
            return context
