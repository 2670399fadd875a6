"""The XML sitemap of a site (sitemaps.org 0.9): an index and its parts.

``/sitemap.xml`` is a sitemap index; the URLs are in parts ``/sitemap-<n>.xml``, part
``n`` holding the site's live, public pages whose id falls in the ``n``-th block of
``IDS_PER_PART`` ids. Page ids only grow, so a new page lands in the newest part and
the others stay as they are: publishing an article re-renders the index (cheap: which
parts exist) and one part of at most 2,000 URLs, never a 100,000-URL file. An edit, unpublish, move or
deletion re-renders the part showing that page (each part records a dependency on every
page it lists).

The rows are read as plain values, not pages: our pages are all routed by their
``url_path``, and Wagtail's own sitemap instantiates every page as its specific type
(about a millisecond a page).
"""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.html import escape

# A part lists at most this many URLs (the protocol allows 50,000). Small parts keep a
# publish cheap: an edit re-renders one part and re-records its dependencies, one per
# URL (2,000 URLs: about 15 ms; 10,000: about 80 ms, measured with bench/publish_latency.py).
IDS_PER_PART = 2_000


def part_target(number):
    return f"sitemap:{number}"


def parse_part_target(target):
    return int(target.split(":", 1)[1]) if target.startswith("sitemap:") else None


def part_path(number):
    return f"sitemap-{number}.xml"


def _restricted():
    from .render import restricted_paths  # render imports this module

    return restricted_paths()


def part_numbers(site):
    """The numbers of the non-empty parts of the site's sitemap, read once per publishing
    batch. The tree query goes through ``descendant_of``, so the index is re-rendered
    whenever a page of the site appears or goes away."""
    from . import recorder

    return recorder.memoize(("sitemap_parts", site.pk), lambda: _read_part_numbers(site))


def _read_part_numbers(site):
    # The database groups the ids into parts (integer division on SQLite and PostgreSQL
    # alike) and returns a dozen numbers, not a row per page.
    from django.db.models import F
    from wagtail.models import Page

    from .render import exclude_restricted

    pages = exclude_restricted(Page.objects.live().descendant_of(site.root_page, inclusive=True))
    numbers = pages.order_by().annotate(part=F("pk") / IDS_PER_PART + 1).values_list("part", flat=True).distinct()
    return sorted(int(n) for n in numbers)


def part_urls(site, number, newest):
    """(page id, absolute URL, last published) of part ``number``'s pages. Only the
    newest part (``newest``) can gain pages, so only its query is a recorded tree
    query; the others depend on the pages they list."""
    from wagtail.models import Page

    root = site.root_page
    base = site.root_url
    prefix = len(root.url_path) - 1  # the root's url_path ends with "/"
    restricted = _restricted()
    pages = Page.objects.live()
    pages = (
        pages.descendant_of(root, inclusive=True)
        if newest
        else pages.filter(path__startswith=root.path)
    )
    rows = (
        pages.filter(pk__gte=(number - 1) * IDS_PER_PART, pk__lt=number * IDS_PER_PART)
        .order_by("path")
        .values_list("pk", "path", "url_path", "last_published_at")
    )
    for pk, path, url_path, published in rows.iterator(chunk_size=5000):
        if restricted and any(path.startswith(r) for r in restricted):
            continue
        yield pk, base + url_path[prefix:], published


def render_part(site, number):
    """The bytes of part ``number``, or None if the site has no such part."""
    from . import recorder

    numbers = _numbers_unrecorded(site)
    if number not in numbers:
        return None
    rec = recorder.current()
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for pk, url, published in part_urls(site, number, newest=number == numbers[-1]):
        if rec is not None:
            rec.pages.add(pk)
        # The Beijing date, as the page shows it (``|date`` in TIME_ZONE), not the UTC date
        # stored: a page published before 08:00 would otherwise be listed a day early.
        lastmod = f"<lastmod>{timezone.localdate(published):%Y-%m-%d}</lastmod>" if published else ""
        parts.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts).encode()


def _numbers_unrecorded(site):
    # Which parts exist, without recording the tree query (a part is not changed by
    # pages appearing in other parts; the index is).
    from . import recorder

    with recorder.recording():
        return recorder.memoize(("sitemap_parts_unrecorded", site.pk), lambda: _read_part_numbers(site))


def render_index(site):
    base = site.root_url
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for number in part_numbers(site):
        parts.append(f"<sitemap><loc>{escape(base)}/{part_path(number)}</loc></sitemap>\n")
    parts.append("</sitemapindex>\n")
    return "".join(parts).encode()


def _site(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404("没有这个网站。")
    return site


def sitemap_index(request):
    return HttpResponse(render_index(_site(request)), content_type="application/xml; charset=utf-8")


def sitemap_part(request, number):
    body = render_part(_site(request), int(number))
    if body is None:
        raise Http404("没有这一部分。")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
