"""Rendering a site's pages to bytes, as the public host would serve them.

Each page is rendered through its own ``serve`` with a request for the site's host
(``Site.find_for_request``, the site settings and ``pageurl`` behave as on the public
host), under the public URLconf. A column's list is rendered once per page of its
paginator: page 1 at ``<column>/index.html``, page N at ``<column>/page/N/index.html``;
the ``?page=N`` links the template writes are rewritten to those paths.

Besides pages, each site gets the files in ``SITE_FILES`` (the XML sitemap and the
HTML site map), rendered through the public URLconf's views.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, set_urlconf
from django.utils import translation

from . import recorder

# Site-level files: target name -> (URL path, file path in the document root).
SITE_FILES = {
    "sitemap.xml": ("/sitemap.xml", "sitemap.xml"),
    "sitemap/": ("/sitemap/", "sitemap/index.html"),
}

PAGINATION_LINK = re.compile(rb'href="\?page=(\d+)"')


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
        for n in range(2, num_pages + 1):
            with recorder.recording() as rec:
                page = Page.objects.get(pk=page_id).specific
                request = make_request(site, url_path, {"page": n})
                response = page.serve(request)
                body = _body(response)
            if response.status_code == 200:
                out.append(_file(url_path, n, body, page, revision_id, rec))
    return out


def _file(url_path, n, body, page, revision_id, rec):
    base = url_path if url_path.endswith("/") else url_path + "/"

    def link(match):
        k = int(match.group(1))
        return b'href="' + (base if k == 1 else f"{base}page/{k}/").encode() + b'"'

    body = PAGINATION_LINK.sub(link, body)
    path = _file_path(url_path if n == 1 else f"{base}page/{n}/")
    pages = set(rec.pages) | {page.pk}
    return RenderedFile(path, body, page_target(page.pk), page.pk, revision_id, pages, set(rec.scopes))


def render_site_file(site, target):
    url, path = SITE_FILES[target]
    with _PublicRendering(), recorder.recording() as rec:
        match = resolve(url, urlconf=public_urlconf())
        request = make_request(site, url)
        response = match.func(request, *match.args, **match.kwargs)
        body = _body(response)
    if response.status_code != 200:
        return []
    return [RenderedFile(path, body, target, None, None, set(rec.pages), set(rec.scopes))]


def render_target(site, target):
    page_id = target_page_id(target)
    if page_id is not None:
        return render_page(site, page_id)
    return render_site_file(site, target)
