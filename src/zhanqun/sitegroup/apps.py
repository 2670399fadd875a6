from django.apps import AppConfig


class SitegroupConfig(AppConfig):
    """The site group: sites, their identity records, opening a site, the footer."""

    name = "zhanqun.sitegroup"
    label = "sitegroup"
    verbose_name = "站群"
    default_auto_field = "django.db.models.BigAutoField"
