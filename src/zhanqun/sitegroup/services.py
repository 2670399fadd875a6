"""Opening a site of the group: its Wagtail Site, home page, identity and standard columns."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from .enums import SiteKind
from .models import SiteIdentity


def public_hostname(domain):
    """The host the platform serves a site on: its domain, plus a suffix in the demo."""
    return domain + settings.ZHANQUN_DEMO_HOST_SUFFIX


@transaction.atomic
def create_site(*, domain, identity, home_title, owner_unit=None, columns_unit=None, port=80):
    """Create a government site with the standard disclosure columns (R-COL-4).

    ``identity`` holds the SiteIdentity fields (full_name, sponsor, …); it is validated
    with the same rules as the admin form, so a bad domain or number stops here.
    ``columns_unit`` is the unit made responsible for the standard columns
    (defaults to ``owner_unit``).
    """
    from zhanqun.columns.standard import create_standard_columns
    from zhanqun.content.models import HomePage

    root = Page.get_first_root_node()
    kind = identity.get("kind", SiteKind.DEPARTMENT)
    home = root.add_child(instance=HomePage(title=home_title, slug=domain.split(".")[0] if kind != SiteKind.PORTAL else "portal"))
    site = Site.objects.create(
        hostname=public_hostname(domain),
        port=port,
        root_page=home,
        site_name=identity["full_name"],
        is_default_site=False,
    )
    record = SiteIdentity(site=site, domain=domain, owner_unit=owner_unit, **identity)
    record.full_clean()
    record.save()
    create_standard_columns(home, unit=columns_unit or owner_unit)
    return site
