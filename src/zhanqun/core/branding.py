"""The back office's own name, logo and help (docs/deployment.md#branding).

Wagtail brands its admin as Wagtail: "登录Wagtail", its bird, "- Wagtail" in every tab
title, and help links to guide.wagtail.org, which an intranet cannot reach. The
templates under ``zhanqun/templates/wagtailadmin/`` override Wagtail's branding blocks
with what this module gives them, from settings an installation may change:
``ZHANQUN_PRODUCT_NAME``, ``ZHANQUN_LOGO`` and ``ZHANQUN_HELP_URL``.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse


def product_name():
    return getattr(settings, "ZHANQUN_PRODUCT_NAME", "") or "站群管理平台"


def logo_url():
    """The logo: an absolute URL or a path under /static/ (a file the installation adds
    to its static files)."""
    logo = getattr(settings, "ZHANQUN_LOGO", "") or "zhanqun/logo.svg"
    if logo.startswith(("http://", "https://", "/")):
        return logo
    return static(logo)


def help_url():
    """The installation's own user guide, or the built-in help page."""
    return getattr(settings, "ZHANQUN_HELP_URL", "") or reverse("zhanqun_help")


def branding(request):
    """Context processor: the names the overridden wagtailadmin templates use."""
    return {
        "zhanqun_product_name": product_name(),
        "zhanqun_logo_url": logo_url(),
        "zhanqun_help_url": help_url,
    }
