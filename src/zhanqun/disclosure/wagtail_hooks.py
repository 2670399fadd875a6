"""政府信息公开 in the Wagtail admin: the menu group, the catalog check, request screens."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .views import requests as request_views
from .views.admin import may_view_catalog
from .viewsets import DisclosureGroup


@hooks.register("register_admin_urls")
def register_disclosure_admin_urls():
    return [path("disclosure/", include(admin_urls, namespace="disclosure"))]


@hooks.register("register_admin_viewset")
def register_disclosure_viewsets():
    return DisclosureGroup()


class CatalogMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_catalog(request.user)


@hooks.register("register_admin_menu_item")
def register_catalog_menu_item():
    return CatalogMenuItem(_("公开目录检查"), reverse("disclosure:catalog"), name="disclosure_catalog", icon_name="list-ul", order=251)


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request_views.may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RequestsMenuItem(_("依申请公开"), reverse("disclosure:requests"), name="disclosure_requests", icon_name="mail", order=245)
