"""The built-in help page of the back office (帮助 → 使用帮助; core/branding.py)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class HelpView(WagtailAdminTemplateMixin, TemplateView):
    """A short guide to the back office in Chinese, served by the platform itself so that
    it is reachable on an intranet; an installation with a guide of its own points
    ``ZHANQUN_HELP_URL`` there instead."""

    template_name = "core/help.html"
    page_title = _("使用帮助")
    header_icon = "help"
