"""What no translation catalog reaches, set right when the app is ready
(``CoreConfig.ready``): column headings Wagtail builds from field names without
gettext ("Port", "Site name", "Root page" on 设置 → 站点), and custom screens whose
header showed only 首页."""

from django.utils.translation import gettext_lazy as _

SITE_COLUMNS = {"port": _("端口"), "site_name": _("网站名称"), "root_page": _("首页")}


def label_wagtail_columns():
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in SITE_COLUMNS:
            column.label = SITE_COLUMNS[column.name]


def title_in_breadcrumbs():
    """Wagtail's ``WagtailAdminTemplateMixin`` gives a screen the breadcrumbs [首页]
    only, and its slim header shows the breadcrumbs in place of a heading: every custom
    screen (本班待办, 统计报告, 使用帮助 …) read as 首页. The screen's title is appended
    where a view leaves the breadcrumbs at that default."""
    from django.urls import reverse
    from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

    original = WagtailAdminTemplateMixin.get_breadcrumbs_items
    if getattr(original, "titled", False):
        return

    def get_breadcrumbs_items(self):
        items = original(self)
        title = self.get_page_title()
        if title and len(items) == 1 and str(items[0].get("url")) == reverse("wagtailadmin_home"):
            items = [*items, {"url": "", "label": title}]
        return items

    get_breadcrumbs_items.titled = True
    WagtailAdminTemplateMixin.get_breadcrumbs_items = get_breadcrumbs_items
