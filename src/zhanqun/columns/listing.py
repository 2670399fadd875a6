"""Stable list pages of a column: archive pages that do not move when news arrives.

A column list numbered the usual way (page 2 = items 21–40, newest first) changes on
every one of its pages whenever an item is published: every item moves down one place.
For a column of 20,000 items that is a thousand files re-rendered and re-written for
one article, and a reader's bookmark of "page 37" shows something else tomorrow.

So the pages are numbered from the oldest item, like an archive's volumes:

* archive page ``k`` (``<column>/page/k/``) holds the items in places
  ``(k-1)·size … k·size-1`` counted from the oldest, newest first on the page. Once full
  it never changes again unless an item at or before its newest one is added, removed
  or edited.
* the two newest archive pages (``T`` — still filling — and ``T-1``) are not separate
  files: the column's index page shows both together, so it always shows between
  ``size+1`` and ``2·size`` items (all of them when the column has ``2·size`` or fewer)
  and links to the archive page below them. Archive pages are ``1 … T-2``.

Publishing a new article therefore changes the index page (always), the newest archive
page's "newer" link when a new archive page is created, and nothing else of the list;
the static publisher re-renders only those (``publishing.recorder.bounded``).
"""

from dataclasses import dataclass
from math import ceil

PAGE_SIZE = 20


@dataclass
class ListPage:
    """One page of a column list, as its template needs it."""

    items: list
    number: int | None  # the archive page number; None for the index page
    total: int  # items in the column
    archive_pages: int  # how many archive pages exist (T-2, or 0)
    newer: int | None = None  # archive number of the next newer page; 0 = the index
    older: int | None = None  # archive number of the next older page

    @property
    def is_index(self):
        return self.number is None

    @property
    def has_other_pages(self):
        return self.archive_pages > 0

    @property
    def newest_date(self):
        return self.items[0].first_published_at if self.items else None

    @property
    def oldest_date(self):
        return self.items[-1].first_published_at if self.items else None


def archive_count(total, size=PAGE_SIZE):
    """Number of archive pages (``T-2``) of a column with ``total`` items."""
    return max(0, ceil(total / size) - 2)


def archive_bounds(total, number, size=PAGE_SIZE):
    """(start, stop) of archive page ``number`` in the newest-first order of ``total``
    items, or None if there is no such archive page."""
    if not 1 <= number <= archive_count(total, size):
        return None
    return total - number * size, total - (number - 1) * size


def index_page(ids, fetch, size=PAGE_SIZE):
    """The index page of a column whose item ids, newest first, are ``ids``;
    ``fetch(ids)`` returns those items in that order."""
    total = len(ids)
    archives = archive_count(total, size)
    shown = total - archives * size
    return ListPage(
        items=fetch(ids[:shown]),
        number=None,
        total=total,
        archive_pages=archives,
        older=archives or None,
    )


def archive_page(ids, fetch, number, size=PAGE_SIZE):
    """Archive page ``number`` (see ``index_page``), or None if it does not exist."""
    total = len(ids)
    bounds = archive_bounds(total, number, size)
    if bounds is None:
        return None
    archives = archive_count(total, size)
    start, stop = bounds
    return ListPage(
        items=fetch(ids[start:stop]),
        number=number,
        total=total,
        archive_pages=archives,
        newer=number + 1 if number < archives else 0,
        older=number - 1 if number > 1 else None,
    )
