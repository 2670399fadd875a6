"""What no translation catalog reaches, set right when the app is ready
(``CoreConfig.ready``): column headings Wagtail builds from field names without
gettext ("Port", "Site name", "Root page" on 设置 → 站点), and custom screens whose
header showed only 首页."""

from django.utils.functional import cached_property
from django.utils.text import capfirst
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


def full_name_in_sidebar():
    """Wagtail's sidebar account menu shows ``user.first_name or username``: the given
    name only (晓梅, 敏), while the dashboard and every listing say 陈晓梅. It shows the
    full name in Chinese order (accounts/names.py), falling back to the username."""
    from wagtail.admin.ui.sidebar import MainMenuModule

    original = MainMenuModule.js_args
    if getattr(original, "full_name", False):
        return

    def js_args(self):
        args = original(self)
        get_full_name = getattr(self.user, "get_full_name", None)
        name = get_full_name() if get_full_name else ""
        args[2]["name"] = name or self.user.get_username()
        return args

    js_args.full_name = True
    MainMenuModule.js_args = js_args


# Wagtail's 页面类型使用情况 report lists every page model by its engineering identifier
# (content.articlepage) with group-wide counts and the last edited page of any unit: a
# platform administrator's view, not a department's.
PAGE_TYPES_REPORT = "page-types-usage"


def sees_page_types_report(user):
    from zhanqun.units.enums import Role

    if user.is_superuser:
        return True
    return user.groups.filter(name=str(Role.SYSTEM_ADMINISTRATOR.label)).exists()


def guard_page_types_report():
    """Wagtail lets anyone who may add, change or publish a page open the report; it is
    kept to superusers and 系统管理员 (the menu item is removed in wagtail_hooks.py)."""
    from django.core.exceptions import PermissionDenied
    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    original = PageTypesUsageReportView.dispatch
    if getattr(original, "guarded", False):
        return

    def dispatch(self, request, *args, **kwargs):
        if not sees_page_types_report(request.user):
            raise PermissionDenied
        return original(self, request, *args, **kwargs)

    dispatch.guarded = True
    PageTypesUsageReportView.dispatch = dispatch

    original_decorate = PageTypesUsageReportView.decorate_paginated_queryset

    def decorate_paginated_queryset(self, page_types):
        """The 应用 column names the app as its users know it (内容), not by the
        engineering identifier content.articlepage (templates/wagtailadmin/reports/listing/)."""
        page_types = original_decorate(self, page_types)
        for page_type in page_types:
            model = page_type.model_class()
            page_type.app_name = model._meta.app_config.verbose_name if model else page_type.app_label
        return page_types

    PageTypesUsageReportView.decorate_paginated_queryset = decorate_paginated_queryset


def person_column(model, field_name):
    """A listing column for a field that points to a user: the person's name (王建华), not
    the username Django's ``str(user)`` gives (office_reviewer); sortable as the field."""
    from wagtail.admin.ui.tables import Column

    from zhanqun.accounts.names import display_name

    field = model._meta.get_field(field_name)
    return Column(
        field_name,
        label=capfirst(field.verbose_name),
        accessor=lambda obj: display_name(getattr(obj, field_name)),
        sort_key=field_name,
    )


def count_without_measure_word():
    """Wagtail's pagination ends with ``f"{count} {verbose_name_plural}"``, outside any
    catalog: "3 页面", "9 内容类型" (Chinese wants a measure word, which depends on the
    noun). The list's total reads 共 3 项, as the listings' own counts do."""
    from wagtail.admin.paginator import WagtailPaginator

    def items_count_label(self):
        return _("共 %(count)s 项") % {"count": self.count}

    WagtailPaginator.items_count_label = cached_property(items_count_label)
    WagtailPaginator.items_count_label.__set_name__(WagtailPaginator, "items_count_label")
