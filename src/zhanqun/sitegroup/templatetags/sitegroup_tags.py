from django import template
from django.template.loader import render_to_string
from wagtail.models import Page, Site

from zhanqun.publishing import recorder

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    """The root (home) page of the site being rendered."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    return recorder.memoize(("site_root", site.pk), lambda: site.root_page)


@register.simple_tag
def nav_columns(root):
    """Top-level columns shown in the site's navigation bar."""
    if root is None:
        return []
    # Memoised for a publishing batch: every page of a site shows the same navigation.
    return recorder.memoize(("nav_columns", root.pk), lambda: list(root.get_children().live().in_menu().specific()))


@register.simple_tag
def page_ancestors(page):
    """The page's ancestors below the tree root, for the breadcrumb; memoised per parent
    for a publishing batch (the items of a column share them)."""
    parent_path = page.path[: -page.steplen]
    return recorder.memoize(("ancestors", parent_path), lambda: list(page.get_ancestors().filter(depth__gt=1)))


def _memo_fragment(context, key, template_name, extra):
    """Render an include once per publishing batch (``recorder.memoize``) and reuse the
    HTML for every page that would render it alike; without a batch, just render."""
    def render():
        values = context.flatten()
        values.update(extra)
        return render_to_string(template_name, values)

    return recorder.memoize(key, render)


def group_links_for(site):
    """Where a site's header, footer and site map send people beyond its own columns:

    * ``portal``: the portal (门户网站) as ``{"name", "url"}`` on every other site of the
      group, None on the portal itself;
    * ``interaction``: the 互动交流 a citizen should use, ``{"url", "own", "mailboxes"}``:
      the site's own ``/hudong/`` when it is the portal or has an open mailbox, else the
      portal's (a department without a mailbox writes to the 市长信箱); ``mailboxes``
      lists the open mailboxes there as ``(name, url)``.

    Reads sites and mailboxes only, no page, so a published file does not depend on the
    portal's home page; a mailbox change re-renders its site (interaction's signal
    handlers). Memoised for a publishing batch."""
    from django.apps import apps

    from zhanqun.sitegroup.enums import SiteKind
    from zhanqun.sitegroup.models import SiteIdentity

    def compute():
        portal = SiteIdentity.objects.filter(kind=SiteKind.PORTAL).select_related("site").first()
        on_portal = portal is None or portal.site_id == site.pk

        def open_boxes(target):
            if not apps.is_installed("zhanqun.interaction"):
                return []
            mailbox = apps.get_model("interaction", "Mailbox")
            return list(mailbox.objects.filter(site=target, is_active=True).values_list("name", "slug"))

        own = open_boxes(site)
        if on_portal or own:
            target, base, boxes = site, "", own
        else:
            target, base, boxes = portal.site, portal.site.root_url, open_boxes(portal.site)
        return {
            "portal": None if on_portal else {"name": portal.full_name, "url": portal.site.root_url + "/"},
            "interaction": {
                "url": base + "/hudong/",
                "own": target.pk == site.pk,
                "mailboxes": [(name, f"{base}/hudong/xiexin/{slug}/") for name, slug in boxes],
            },
        }

    return recorder.memoize(("group_links", site.pk), compute)


@register.simple_tag(takes_context=True)
def group_links(context):
    """``{% group_links as links %}``: ``group_links_for`` the site being rendered."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return group_links_for(site) if site is not None else {"portal": None, "interaction": None}


@register.simple_tag(takes_context=True)
def site_header(context, root):
    """The site header and navigation. Every page shows the same one, except that a
    top-level column (or 互动交流, under /hudong/) marks itself current in the navigation.
    A view that is not a page names its entry with ``nav_current`` in its context (a
    column's pk, or None for no entry): the /xxgk/ pages mark 政府信息公开, the site
    map none, rather than 首页 (their ``page`` is the home page)."""
    page = context.get("page")
    current = getattr(page, "pk", None) if root is not None and getattr(page, "depth", 0) <= root.depth + 1 else None
    if "nav_current" in context:
        current = context["nav_current"]
    request = context.get("request")
    if request is not None and request.path.startswith("/hudong/"):
        current = "interaction"
    site_id = getattr(root, "pk", None)
    return _memo_fragment(
        context, ("header", site_id, current), "sitegroup/includes/header.html", {"root": root, "current": current}
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The site footer: the site's identity, alike on every page of a site."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return _memo_fragment(context, ("footer", getattr(site, "pk", None)), "sitegroup/includes/footer.html", {})


@register.simple_tag(takes_context=True)
def group_news(context, limit=8):
    """On the portal's home page: the newest items of the group's department and township
    sites' news columns (政务动态, ``ColumnKind.NEWS``) — 部门动态 — each with the site it
    comes from. Elsewhere: nothing.

    One ``descendant_of`` query per news column, so the publisher knows the portal's home
    page lists those columns and re-renders it when one of them gets an item. The query
    reads the page table alone and orders by first publication, so the database walks its
    ``first_published_at`` index and stops after a few rows."""
    from zhanqun.columns.enums import ColumnKind
    from zhanqun.columns.models import ColumnPage, SpecialTopicPage
    from zhanqun.publishing.render import exclude_restricted
    from zhanqun.sitegroup.enums import SiteKind
    from zhanqun.sitegroup.models import SiteIdentity

    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    identity = SiteIdentity.objects.filter(site=site).first() if site else None
    if identity is None or identity.kind != SiteKind.PORTAL:
        return []
    news = []
    others = SiteIdentity.objects.exclude(site=site).select_related("site__root_page").order_by("site__root_page__path")
    for other in others:
        column = ColumnPage.objects.live().descendant_of(other.site.root_page).filter(kind=ColumnKind.NEWS).first()
        if column is None:
            continue
        items = (
            exclude_restricted(Page.objects.live().descendant_of(column))
            .not_type(ColumnPage, SpecialTopicPage)
            .order_by("-first_published_at", "-pk")[:limit]
        )
        news += [(item, other) for item in items]
    news.sort(key=lambda pair: (pair[0].first_published_at, pair[0].pk), reverse=True)
    return [{"page": item, "site_name": other.full_name, "site": other.site} for item, other in news[:limit]]
