"""Opening a site of the group: its Wagtail Site, home page, identity and standard columns."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from .enums import SiteKind
from .models import SiteIdentity, public_hostname


@transaction.atomic
def create_site(*, domain, identity, home_title, owner_unit=None, columns_unit=None, port=None):
    """Create a government site with the standard disclosure columns (R-COL-4).

    ``identity`` holds the SiteIdentity fields (full_name, sponsor, …); it is validated
    with the same rules as the admin form, so a bad domain or number stops here.
    ``columns_unit`` is the unit made responsible for the standard columns
    (defaults to ``owner_unit``).
    """
    from zhanqun.columns.standard import create_standard_columns
    from zhanqun.content.models import HomePage

    # Validate the identity before anything is created, so a bad domain or number
    # leaves no half-made site behind and the operator sees the rule that was broken.
    record = SiteIdentity(domain=domain, owner_unit=owner_unit, **identity)
    record.full_clean(exclude=["site"])
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=home_title, slug=domain.replace(".", "-")))
    record.site = Site.objects.create(
        hostname=public_hostname(domain),
        port=port or settings.ZHANQUN_PUBLIC_PORT,
        root_page=home,
        site_name=identity["full_name"],
        # The portal answers hosts no other site claims, and is the site the admin's
        # settings screens open first.
        is_default_site=identity.get("kind") == SiteKind.PORTAL,
    )
    record.full_clean()
    record.save()
    site = record.site
    create_standard_columns(home, unit=columns_unit or owner_unit)
    return site


class SiteNotFound(LookupError):
    pass


def find_sites(spec=None):
    """The sites a command's ``--site`` names — a host name, its first label (``fgw``),
    an official domain or an id — or every site (the default site first) without one.
    Raises ``SiteNotFound`` with a message for the user when nothing matches."""
    from django.db.models import Q

    sites = Site.objects.select_related("root_page").order_by("-is_default_site", "hostname")
    if not spec:
        return list(sites)
    q = Q(hostname=spec) | Q(hostname__startswith=spec + ".") | Q(siteidentity__domain=spec)
    if spec.isdigit():
        q |= Q(pk=int(spec))
    found = list(sites.filter(q).distinct())
    if not found:
        raise SiteNotFound(f"没有找到站点“{spec}”。")
    return found
