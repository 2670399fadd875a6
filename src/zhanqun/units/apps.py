from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class UnitsConfig(AppConfig):
    """Organisation: units (单位), staff membership and the roles (Wagtail groups)."""

    default = True
    name = "zhanqun.units"
    label = "units"
    verbose_name = "单位与角色"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401


class ZhanqunUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with the user's unit on the create and edit forms."""

    user_viewset = "zhanqun.units.viewsets.StaffUserViewSet"
