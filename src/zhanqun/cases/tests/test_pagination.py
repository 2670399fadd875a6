"""DeferredJoinPaginator: the same pages as Django's Paginator, with the skipped rows
never loaded (bench/cases_pages.py measures the time)."""

import pytest
from django.core.paginator import Paginator
from django.db.models import F

from zhanqun.cases.factories import submit
from zhanqun.cases.models import Case
from zhanqun.cases.pagination import DeferredJoinPaginator

from .kinds import TEST_KIND

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven_cases(units):
    return [submit(TEST_KIND, subject=f"第{i}件来信的标题", unit=units.fgw if i % 2 else None) for i in range(7)]


def dashboard_order():
    return Case.objects.select_related("unit").order_by(F("due_at").asc(nulls_last=True), "received_at", "pk")


@pytest.mark.parametrize("orphans", [0, 1, 2])
def test_every_page_lists_the_same_cases_in_the_same_order_as_django_s_paginator(seven_cases, orphans):
    plain, deferred = Paginator(dashboard_order(), 3, orphans=orphans), DeferredJoinPaginator(dashboard_order(), 3, orphans=orphans)
    assert (deferred.count, deferred.num_pages) == (plain.count, plain.num_pages)
    for number in plain.page_range:
        assert [c.number for c in deferred.page(number)] == [c.number for c in plain.page(number)]
        assert deferred.page(number).has_next() == plain.page(number).has_next()


def test_a_page_loads_its_rows_with_their_joins_in_one_query(seven_cases, django_assert_num_queries):
    paginator = DeferredJoinPaginator(dashboard_order(), 3)
    paginator.count  # noqa: B018 - counted once, as a list page does
    with django_assert_num_queries(2):  # the page's keys, then its rows with their units
        names = [case.unit.name if case.unit else "" for case in paginator.page(2)]
    assert len(names) == 3


def test_given_keys_decide_the_count_and_the_order(seven_cases):
    newest_first = Case.objects.order_by("-pk").values_list("pk", flat=True)
    paginator = DeferredJoinPaginator(Case.objects.all(), 5, keys=newest_first.filter(unit__isnull=False))
    assert paginator.count == 3
    assert [c.pk for c in paginator.page(1)] == list(newest_first.filter(unit__isnull=False))
