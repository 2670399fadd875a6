"""Index numbers under concurrent publishing (PostgreSQL only: SQLite serialises writers).

Eight editors publish at the same moment, some publications fail after taking a number;
the numbers the committed items carry are still unique and 1…N, because the unit's
counter row is locked by the publishing transaction and a rollback gives the number back.
"""

import pytest
from django.db import connection
from wagtail.models import Page

from zhanqun.columns.enums import ColumnKind
from zhanqun.columns.models import ColumnPage
from zhanqun.conftest import run_concurrently
from zhanqun.content.factories import PolicyDocumentPageFactory
from zhanqun.disclosure.models import CatalogEntry
from zhanqun.units.factories import UnitFactory

from .conftest import OFFICE_CODE

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 8
PER_THREAD = 4


def test_concurrent_publications_get_unique_gap_free_index_numbers():
    unit = UnitFactory(name="并发测试单位", credit_code=OFFICE_CODE)
    root = Page.get_first_root_node()
    docs = root.add_child(
        instance=ColumnPage(title="政府文件", slug="zfwj-concurrency", kind=ColumnKind.DOCUMENTS, responsible_unit=unit)
    )
    pages = [
        PolicyDocumentPageFactory(parent=docs, live=False, responsible_unit=unit) for _ in range(THREADS * PER_THREAD)
    ]

    def act(n, i, abandoned):
        Page.objects.get(pk=pages[n * PER_THREAD + i].pk).specific.save_revision().publish()

    committed = run_concurrently(THREADS, PER_THREAD, act, abandon_every=4)
    assert sorted(CatalogEntry.objects.values_list("sequence", flat=True)) == list(range(1, committed + 1))
    numbers = list(CatalogEntry.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == committed
    assert all(n.startswith(OFFICE_CODE + "/") for n in numbers)
