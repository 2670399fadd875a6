"""Index numbers under concurrent publishing (PostgreSQL only: SQLite serialises writers).

Eight editors publish at the same moment, some publications fail after taking a number;
the numbers the committed items carry are still unique and 1…N, because the unit's
counter row is locked by the publishing transaction and a rollback gives the number back.
"""

import threading

import pytest
from django.db import connection, connections, transaction
from wagtail.models import Page

from zhanqun.columns.enums import ColumnKind
from zhanqun.columns.models import ColumnPage
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


class Abandoned(Exception):
    pass


def test_concurrent_publications_get_unique_gap_free_index_numbers():
    unit = UnitFactory(name="并发测试单位", credit_code=OFFICE_CODE)
    root = Page.get_first_root_node()
    docs = root.add_child(
        instance=ColumnPage(title="政府文件", slug="zfwj-concurrency", kind=ColumnKind.DOCUMENTS, responsible_unit=unit)
    )
    pages = [
        PolicyDocumentPageFactory(parent=docs, live=False, responsible_unit=unit) for _ in range(THREADS * PER_THREAD)
    ]
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                page = Page.objects.get(pk=pages[n * PER_THREAD + i].pk).specific
                if (n + i) % 4 == 0:
                    try:
                        with transaction.atomic():
                            page.save_revision().publish()
                            raise Abandoned
                    except Abandoned:
                        pass
                else:
                    page.save_revision().publish()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    committed = sum(1 for n in range(THREADS) for i in range(PER_THREAD) if (n + i) % 4 != 0)
    assert sorted(CatalogEntry.objects.values_list("sequence", flat=True)) == list(range(1, committed + 1))
    numbers = list(CatalogEntry.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == committed
    assert all(n.startswith(OFFICE_CODE + "/") for n in numbers)
