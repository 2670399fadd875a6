"""互动交流 in the Wagtail admin: the 信箱 viewset, the 来电来信登记 entry (12345) and the
letter screens' URLs. A letter's and an error report's own panels appear on the engine's
case page (``CaseKind.extra["detail_template"]``)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from zhanqun.cases import permissions

from . import admin_urls
from .viewsets import mailbox_viewset


@hooks.register("register_admin_viewset")
def register_mailbox_viewset():
    return mailbox_viewset


@hooks.register("register_admin_urls")
def register_interaction_admin_urls():
    return [path("interaction/", include(admin_urls, namespace="interaction_admin"))]


class DispatcherMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_dispatch(request.user)


@hooks.register("register_admin_menu_item")
def register_hotline_menu_item():
    return DispatcherMenuItem(
        _("来电来信登记"), reverse("interaction_admin:letter_new"), name="letter_new", icon_name="mail", order=245
    )
