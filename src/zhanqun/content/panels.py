"""Read-only panels on the item editor."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class TimelinessPanel(Panel):
    """发布时效 on an item's edit view (R-PUB-5): the rule the item runs on, its last day,
    its first publication and how late it is — or was. Shown once the item exists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("发布时效"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "timeliness"

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/panels/timeliness.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            from zhanqun.workdays.calendar import YearNotCovered

            context = super().get_context_data(parent_context)
            try:
                context["timeliness"] = self.instance.get_timeliness()
            except YearNotCovered as error:
                context["calendar_error"] = str(error)
            context["first_published_at"] = self.instance.first_published_at
            return context
