"""Stable list pages (columns.listing), without a database: a list stands in for the
newest-first queryset."""

from zhanqun.columns import listing


def newest_first(n):
    return list(range(n, 0, -1))  # item k was the k-th published


def fetch(ids):
    return list(ids)


def test_a_short_column_is_all_on_its_index_page():
    for n in (0, 1, 20, 40):
        page = listing.index_page(newest_first(n), fetch, 20)
        assert page.items == list(range(n, 0, -1))
        assert not page.has_other_pages and page.older is None


def test_the_index_shows_the_two_newest_pages_and_links_the_archive_below():
    page = listing.index_page(newest_first(45), fetch, 20)
    assert page.items == list(range(45, 20, -1))  # 25 items: 41–45 and 21–40
    assert page.archive_pages == 1 and page.older == 1


def test_archive_pages_count_from_the_oldest_and_keep_their_items_as_news_arrives():
    before = listing.archive_page(newest_first(100), fetch, 2, 20)
    after = listing.archive_page(newest_first(117), fetch, 2, 20)
    assert before.items == after.items == list(range(40, 20, -1))
    assert listing.archive_page(newest_first(100), fetch, 1, 20).items == list(range(20, 0, -1))


def test_archive_links_go_newer_up_to_the_index_and_older_down_to_the_first():
    assert listing.archive_count(100, 20) == 3
    top = listing.archive_page(newest_first(100), fetch, 3, 20)
    assert (top.newer, top.older) == (0, 2)
    middle = listing.archive_page(newest_first(100), fetch, 2, 20)
    assert (middle.newer, middle.older) == (3, 1)
    oldest = listing.archive_page(newest_first(100), fetch, 1, 20)
    assert (oldest.newer, oldest.older) == (2, None)


def test_there_is_no_archive_page_zero_or_past_the_newest():
    assert listing.archive_page(newest_first(100), fetch, 0, 20) is None
    assert listing.archive_page(newest_first(100), fetch, 4, 20) is None
    assert listing.archive_page(newest_first(30), fetch, 1, 20) is None
