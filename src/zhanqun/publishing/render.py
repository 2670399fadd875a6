"""Rendering a site's pages to bytes, as the public host would serve them.

Each page is rendered through its own ``serve`` with a request for the site's host
(``Site.find_for_request``, the site settings and ``pageurl`` behave as on the public
host), under the public URLconf. A column's list is rendered once per page of its
stable pages (``columns.listing``): the index page at ``<column>/index.html`` (target
``page:<id>``, with its feeds at ``<column>/feed.xml`` and ``<column>/atom.xml``) and
archive page N at ``<column>/page/N/index.html`` (target ``list:<id>:<N>``), the paths
``{% page_url %}`` links and ``feeds.column_list_page`` serves. Nothing is rewritten: a file
is the bytes the public host serves at its path.

Besides pages, each site gets the files in ``SITE_FILES`` (the XML sitemap index, the
HTML site map, the site's feeds, the 404 page, ``robots.txt`` and ``favicon.ico``), rendered by the public views, and
the parts of its XML sitemap (target ``sitemap:<n>``, file ``sitemap-<n>.xml``).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, set_urlconf
from django.utils import translation

from . import feeds, recorder, sitemap

# Site-level files: target name -> (URL path, file path in the document root).
SITE_FILES = {
    "sitemap.xml": ("/sitemap.xml", "sitemap.xml"),
    "sitemap/": ("/sitemap/", "sitemap/index.html"),
    "feed.xml": ("/feed.xml", "feed.xml"),
    "atom.xml": ("/atom.xml", "atom.xml"),
    "404.html": ("/404.html", "404.html"),
    "robots.txt": ("/robots.txt", "robots.txt"),
    "favicon.ico": ("/favicon.ico", "favicon.ico"),
}

# A column's feeds, written next to its list page 1.
COLUMN_FEEDS = ("feed.xml", "atom.xml")


def _site_views():
    """Site files rendered by calling their view directly (they need not be routed in
    the public URLconf for the publisher to write them), with the status they answer."""
    from django.views.defaults import page_not_found

    def not_found(request):
        from django.http import Http404

        return page_not_found(request, Http404())

    return {
        "feed.xml": (feeds.rss_feed, 200),
        "atom.xml": (feeds.atom_feed, 200),
        "404.html": (not_found, 404),
    }


@dataclass
class RenderedFile:
    path: str
    content: bytes
    target: str
    page_id: int | None = None
    revision_id: int | None = None
    pages: set = field(default_factory=set)
    scopes: set = field(default_factory=set)


def page_target(page_id):
    return f"page:{page_id}"


def target_page_id(target):
    """The page of a ``page:<id>`` target (not of a list target)."""
    return int(target.split(":", 1)[1]) if target.startswith("page:") else None


def list_target(page_id, number):
    """Archive page ``number`` of the column ``page_id``: ``list:<id>:<number>``."""
    return f"list:{page_id}:{number}"


def parse_list_target(target):
    if not target.startswith("list:"):
        return None
    _kind, page_id, number = target.split(":")
    return int(page_id), int(number)


def public_urlconf():
    return getattr(settings, "PUBLIC_URLCONF", None) or settings.ROOT_URLCONF


def is_dynamic_path(path):
    """Whether the public app answers ``path`` with a view of its own (a form, a search,
    the health check) rather than as a Wagtail page, which exists only as a published
    file. Link checkers accept such a path without a file."""
    from django.urls import Resolver404, resolve
    from wagtail.views import serve

    try:
        match = resolve(path, urlconf=public_urlconf())
    except Resolver404:
        return False
    return match.func is not serve


def make_request(site, path, query=None):
    request = RequestFactory().get(path, query or {}, SERVER_PORT=str(site.port))
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    request.META["HTTP_HOST"] = host
    # The publisher renders for the site's own host whatever ALLOWED_HOSTS says.
    request.get_host = lambda: host
    request.user = AnonymousUser()
    request.is_admin_host = False
    request.urlconf = public_urlconf()
    request.is_preview = False
    request._wagtail_site = site  # noqa: SLF001  (Site.find_for_request's own cache)
    # The site's identity (header and footer), read once per publishing batch. Changing
    # it re-renders the whole site (signal_handlers.on_identity_saved).
    from zhanqun.sitegroup.models import SiteIdentity

    identity = recorder.memoize(("identity", site.pk), lambda: SiteIdentity.for_site(site))
    setattr(request, SiteIdentity.get_cache_attr_name(), identity)
    return request


class _PublicRendering:
    """Public URLconf and the site language for the duration of a render."""

    def __enter__(self):
        recorder.install()
        set_urlconf(public_urlconf())
        self._lang = translation.override(settings.LANGUAGE_CODE)
        self._lang.__enter__()
        return self

    def __exit__(self, *exc):
        self._lang.__exit__(*exc)
        set_urlconf(None)


def _body(response):
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response.content


def _file_path(url_path):
    url_path = url_path.lstrip("/")
    if url_path and not url_path.endswith("/"):
        url_path += "/"
    return url_path + "index.html"


def restricted_paths():
    """Paths of the pages with a view restriction (their subtrees are not public), read
    once per publishing batch. Two plain queries rather than a join: on SQLite with
    planner statistics the (usually empty) restriction table has none, so the planner
    would scan the whole page table to join it."""
    return recorder.memoize(("restricted_paths",), _read_restricted_paths)


def _read_restricted_paths():
    from wagtail.models import Page, PageViewRestriction

    ids = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    return sorted(Page.objects.filter(pk__in=ids).values_list("path", flat=True)) if ids else []


def exclude_restricted(pages):
    """``pages`` without those in a restricted subtree: Wagtail's ``.public()`` by our
    memoised ``restricted_paths()``."""
    for path in restricted_paths():
        pages = pages.exclude(path__startswith=path)
    return pages


def _live_page(site, page_id, preloaded=None):
    """The live, public, specific page ``page_id`` of ``site`` and its URL path, or
    (None, None)."""
    from wagtail.models import Page

    page = (preloaded or {}).get(page_id)
    if page is None:
        page = Page.objects.live().filter(pk=page_id).specific().first()
    if page is None or not page.live:
        return None, None
    if any(page.path.startswith(path) for path in restricted_paths()):
        return None, None
    request = make_request(site, "/")
    parts = page.get_url_parts(request)
    if parts is None or parts[0] != site.pk:
        return None, None
    return page, parts[2]


def render_page(site, page_id, preloaded=None):
    """The files of one page — for a column, its index page and feeds (its archive
    pages are targets of their own: ``render_list_page``) — or ``[]`` if the page is not
    live, not public or not on ``site``."""
    from zhanqun.columns.models import ListingMixin

    out = []
    with _PublicRendering():
        with recorder.recording() as rec:
            page, url_path = _live_page(site, page_id, preloaded)
            if page is None:
                return []
            request = make_request(site, url_path)
            response = page.serve(request)
            body = _body(response)
        if response.status_code != 200:
            return []
        revision_id = page.live_revision_id
        out.append(_file(url_path, None, body, page, revision_id, rec))
        base = url_path if url_path.endswith("/") else url_path + "/"
        if isinstance(page, ListingMixin):
            for name in COLUMN_FEEDS:
                with recorder.recording() as rec:
                    request = make_request(site, base + name)
                    view = feeds.atom_feed if name == "atom.xml" else feeds.rss_feed
                    response = view(request, column_path=base.lstrip("/"))
                    body = _body(response)
                if response.status_code == 200:
                    out.append(_file(url_path, None, body, page, revision_id, rec, path=base.lstrip("/") + name))
    return out


def render_list_page(site, page_id, number, preloaded=None):
    """Archive page ``number`` of a column (``columns.listing``), or ``[]``."""
    from zhanqun.columns.models import ListingMixin

    with _PublicRendering(), recorder.recording() as rec:
        page, url_path = _live_page(site, page_id, preloaded)
        if not isinstance(page, ListingMixin):
            return []
        listing = page.get_list_page(number)
        if listing is None:
            return []
        base = url_path if url_path.endswith("/") else url_path + "/"
        request = make_request(site, f"{base}page/{number}/")
        request.list_page = listing
        response = page.serve(request)
        body = _body(response)
    if response.status_code != 200:
        return []
    return [_file(url_path, number, body, page, page.live_revision_id, rec, target=list_target(page_id, number))]


def _file(url_path, number, body, page, revision_id, rec, path=None, target=None):
    base = url_path if url_path.endswith("/") else url_path + "/"
    if path is None:
        path = _file_path(f"{base}page/{number}/" if number else url_path)
    pages = set(rec.pages) | {page.pk}
    return RenderedFile(path, body, target or page_target(page.pk), page.pk, revision_id, pages, rec.bounded_scopes())


def render_site_file(site, target):
    url, path = SITE_FILES[target]
    with _PublicRendering(), recorder.recording() as rec:
        request = make_request(site, url)
        view, status = _site_views().get(target, (None, 200))
        if view is None:
            match = resolve(url, urlconf=public_urlconf())
            response = match.func(request, *match.args, **match.kwargs)
        else:
            response = view(request)
        body = _body(response)
    if response.status_code != status:
        return []
    return [RenderedFile(path, body, target, None, None, set(rec.pages), rec.bounded_scopes())]


def render_target(site, target, preloaded=None):
    page_id = target_page_id(target)
    if page_id is not None:
        return render_page(site, page_id, preloaded)
    listed = parse_list_target(target)
    if listed is not None:
        return render_list_page(site, *listed, preloaded=preloaded)
    part = sitemap.parse_part_target(target)
    if part is not None:
        return render_sitemap_part(site, part)
    return render_site_file(site, target)


def render_sitemap_part(site, number):
    """Part ``number`` of the site's XML sitemap (``sitemap.py``), or ``[]``."""
    with _PublicRendering(), recorder.recording() as rec:
        body = sitemap.render_part(site, number)
    if body is None:
        return []
    target = sitemap.part_target(number)
    return [RenderedFile(sitemap.part_path(number), body, target, None, None, set(rec.pages), rec.bounded_scopes())]
