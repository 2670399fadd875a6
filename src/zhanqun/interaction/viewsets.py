"""信箱 in the admin menu (Wagtail ``ModelViewSet``): each site's leader and unit mailboxes."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Mailbox


class MailboxViewSet(ModelViewSet):
    model = Mailbox
    name = "mailboxes"
    icon = "mail"
    menu_label = _("信箱")
    menu_name = "mailboxes"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["name", "site", "kind", "unit", "is_active"]
    list_filter = ["site", "kind", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("site"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
            FieldRowPanel([FieldPanel("leader_name"), FieldPanel("unit")]),
            FieldPanel("intro"),
            FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
        ]
    )


mailbox_viewset = MailboxViewSet()
