"""RSS 2.0 and Atom feeds, per site and per column, and the columns' archive pages.

Both are served on public hosts (``urlpatterns`` below, included by the public URLconf)
and written by the publisher (``render.py``) through the very same views, so a static
file and its dynamic twin are byte for byte alike:

    /feed.xml, /atom.xml                     the site's newest 50 items
    /<column>/feed.xml, /<column>/atom.xml   a column's newest 50 items (its subtree)
    /<column>/page/<n>/                      archive page n of a column (columns.listing)

The items are found with ``descendant_of`` and instantiated as pages, so the recorder
notes the subtree and every listed page: publishing a new item re-renders the feeds
that list it without any feed-specific code in the publisher.
"""

from datetime import UTC, datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import path, re_path
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

FEED_SIZE = 50
# The date an empty feed reports as its last change (not "now": the bytes would change
# on every render and the publisher would rewrite the file every time).
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


class _StableDate:
    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return self.feed.get("fallback_date") or EMPTY_FEED_DATE


class StableRss(_StableDate, Rss201rev2Feed):
    pass


class StableAtom(_StableDate, Atom1Feed):
    pass


class Scope:
    """What a feed lists: a site's tree or one column's subtree."""

    def __init__(self, site, page, identity):
        self.site, self.page, self.identity = site, page, identity

    @property
    def is_site(self):
        return self.page.pk == self.site.root_page_id


def _identity(site):
    from zhanqun.sitegroup.models import SiteIdentity

    return SiteIdentity.objects.filter(site=site).first()


def _site(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有这个网站。")
    return site


def route_listing(request, column_path):
    """The live, public column (or special topic) at ``column_path`` of the request's
    site, or ``Http404``."""
    from wagtail.models import PageViewRestriction

    from zhanqun.columns.models import ListingMixin

    site = _site(request)
    components = [c for c in column_path.split("/") if c]
    page, args, kwargs = site.root_page.localized.specific.route(request, components)
    if args or kwargs or not isinstance(page, ListingMixin):
        raise Http404("不是栏目。")
    if PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).exists():
        raise Http404("栏目不公开。")
    return page


def feed_items(root):
    """The newest ``FEED_SIZE`` live, public items below ``root`` — read once per
    publishing batch for the RSS and the Atom feed alike (``recorder.memoize``)."""
    from . import recorder

    return recorder.memoize(("feed_items", root.pk), lambda: _feed_items(root))


def _feed_items(root):
    from wagtail.models import Page

    from zhanqun.content.models import ItemPage

    from .render import exclude_restricted

    items = list(
        exclude_restricted(Page.objects.live().descendant_of(root))
        .type(*ItemPage.concrete_types())
        .specific()
        .order_by("-first_published_at", "-pk")[:FEED_SIZE]
    )
    # Each item's column names its category: read them in one query, not one per item.
    parent_paths = {item.path[: -item.steplen] for item in items}
    titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
    for item in items:
        item.feed_category = titles.get(item.path[: -item.steplen])
    return items


class SiteFeed(Feed):
    """RSS 2.0 of the site (``column_path`` empty) or of one column."""

    feed_type = StableRss
    description_template = None

    def get_object(self, request, column_path=""):
        self.request = request
        if column_path:
            page = route_listing(request, column_path)
            site = _site(request)
        else:
            site = _site(request)
            page = site.root_page.specific
        return Scope(site, page, _identity(site))

    def _site_name(self, obj):
        return (obj.identity.full_name if obj.identity else "") or obj.site.site_name or obj.site.hostname

    def title(self, obj):
        name = self._site_name(obj)
        return name if obj.is_site else f"{obj.page.title}_{name}"

    def link(self, obj):
        return obj.page.get_url(self.request) or "/"

    def description(self, obj):
        if obj.is_site:
            return f"{self._site_name(obj)}最新信息"
        return f"{self._site_name(obj)}“{obj.page.title}”栏目最新信息"

    subtitle = description  # Atom

    def feed_extra_kwargs(self, obj):
        return {"fallback_date": obj.page.last_published_at}

    def items(self, obj):
        return feed_items(obj.page)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_url(self.request)

    def item_description(self, item):
        cached = getattr(item, "_feed_description", None)
        if cached is None:
            text = getattr(item, "summary", "") or item.search_description
            if not text:
                text = strip_tags(str(getattr(item, "body", "") or ""))
            cached = item._feed_description = Truncator(" ".join(text.split())).chars(200)
        return cached

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        category = getattr(item, "feed_category", None)
        return [category] if category else []


class SiteAtomFeed(SiteFeed):
    feed_type = StableAtom


rss_feed = SiteFeed()
atom_feed = SiteAtomFeed()


def column_list_page(request, column_path, n):
    """Archive page ``n`` of a column (``columns.listing``); 404 if there is none."""
    from wagtail import hooks

    page = route_listing(request, column_path)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, [], {})
        if isinstance(result, HttpResponse):
            return result
    return page.serve_list_page(request, int(n))


urlpatterns = [
    path("feed.xml", rss_feed, name="site_feed"),
    path("atom.xml", atom_feed, name="site_atom"),
    re_path(r"^(?P<column_path>(?:[^/]+/)+)feed\.xml$", rss_feed, name="column_feed"),
    re_path(r"^(?P<column_path>(?:[^/]+/)+)atom\.xml$", atom_feed, name="column_atom"),
    re_path(r"^(?P<column_path>(?:[^/]+/)+)page/(?P<n>[0-9]+)/$", column_list_page, name="column_list_page"),
]
