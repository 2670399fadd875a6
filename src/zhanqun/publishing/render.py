"""Rendering a site's pages to bytes, as the public host would serve them.

Each page is rendered through its own ``serve`` with a request for the site's host
(``Site.find_for_request``, the site settings and ``pageurl`` behave as on the public
host), under the public URLconf. A column's list is rendered once per page of its
paginator: page 1 at ``<column>/index.html``, page N at ``<column>/page/N/index.html``
(the paths ``{% page_url %}`` links and ``feeds.column_list_page`` serves), and its
feeds at ``<column>/feed.xml`` and ``<column>/atom.xml``. Nothing is rewritten: a file
is the bytes the public host serves at its path.

Besides pages, each site gets the files in ``SITE_FILES`` (the XML sitemap, the HTML
site map, the site's feeds and the 404 page), rendered by the public views.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, set_urlconf
from django.utils import translation

from . import feeds, recorder

# Site-level files: target name -> (URL path, file path in the document root).
SITE_FILES = {
    "sitemap.xml": ("/sitemap.xml", "sitemap.xml"),
    "sitemap/": ("/sitemap/", "sitemap/index.html"),
    "feed.xml": ("/feed.xml", "feed.xml"),
    "atom.xml": ("/atom.xml", "atom.xml"),
    "404.html": ("/404.html", "404.html"),
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
    return int(target.split(":", 1)[1]) if target.startswith("page:") else None


def public_urlconf():
    return getattr(settings, "PUBLIC_URLCONF", None) or settings.ROOT_URLCONF


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


def _page_path(page, request):
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    _site_id, _root, page_path = parts
    return page_path


def _file_path(url_path):
    url_path = url_path.lstrip("/")
    if url_path and not url_path.endswith("/"):
        url_path += "/"
    return url_path + "index.html"


def render_page(site, page_id):
    """The files of one page: ``[]`` if it is not live, not public or not on ``site``."""
    from wagtail.models import Page

    from zhanqun.columns.models import ListingMixin

    out = []
    with _PublicRendering():
        with recorder.recording() as rec:
            page = Page.objects.live().public().filter(pk=page_id).first()
            if page is None:
                return []
            page = page.specific
            request = make_request(site, "/")
            url_path = _page_path(page, request)
            if url_path is None or (page.get_site() or site).pk != site.pk:
                return []
            request = make_request(site, url_path)
            response = page.serve(request)
            context = getattr(response, "context_data", None) or {}
            body = _body(response)
        if response.status_code != 200:
            return []
        items = context.get("items")
        num_pages = getattr(getattr(items, "paginator", None), "num_pages", 1) or 1
        revision_id = page.live_revision_id
        out.append(_file(url_path, 1, body, page, revision_id, rec))
        base = url_path if url_path.endswith("/") else url_path + "/"
        for n in range(2, num_pages + 1):
            with recorder.recording() as rec:
                page = Page.objects.get(pk=page_id).specific
                request = make_request(site, f"{base}page/{n}/")
                response = feeds.serve_list_page(page, request, n)
                body = _body(response)
            if response.status_code == 200:
                out.append(_file(url_path, n, body, page, revision_id, rec))
        if isinstance(page, ListingMixin):
            for name in COLUMN_FEEDS:
                with recorder.recording() as rec:
                    request = make_request(site, base + name)
                    view = feeds.atom_feed if name == "atom.xml" else feeds.rss_feed
                    response = view(request, column_path=base.lstrip("/"))
                    body = _body(response)
                if response.status_code == 200:
                    pages = set(rec.pages) | {page.pk}
                    out.append(
                        RenderedFile(
                            base.lstrip("/") + name,
                            body,
                            page_target(page.pk),
                            page.pk,
                            revision_id,
                            pages,
                            set(rec.scopes),
                        )
                    )
    return out


def _file(url_path, n, body, page, revision_id, rec):
    base = url_path if url_path.endswith("/") else url_path + "/"
    path = _file_path(url_path if n == 1 else f"{base}page/{n}/")
    pages = set(rec.pages) | {page.pk}
    return RenderedFile(path, body, page_target(page.pk), page.pk, revision_id, pages, set(rec.scopes))


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
    return [RenderedFile(path, body, target, None, None, set(rec.pages), set(rec.scopes))]


def render_target(site, target):
    page_id = target_page_id(target)
    if page_id is not None:
        return render_page(site, page_id)
    return render_site_file(site, target)
