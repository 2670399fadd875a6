"""Column headings that Wagtail builds from field names without gettext ("Port",
"Site name", "Root page" on 设置 → 站点), so no translation catalog can reach them.
``CoreConfig.ready`` gives them Chinese labels."""

from django.utils.translation import gettext_lazy as _

SITE_COLUMNS = {"port": _("端口"), "site_name": _("网站名称"), "root_page": _("首页")}


def label_wagtail_columns():
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in SITE_COLUMNS:
            column.label = SITE_COLUMNS[column.name]
