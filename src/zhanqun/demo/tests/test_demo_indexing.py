"""`zhanqun seed` loads the demo with a short progress display, and without indexing each
page as it is saved (demo/indexing.py): the admin's search and 使用情况 must still work
on what it loaded."""

import pytest
from django.db import transaction
from wagtail.models import ReferenceIndex

from zhanqun.content.models import InterpretationPage, PolicyDocumentPage
from zhanqun.demo.loader import load_demo


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        labels = []
        load_demo(scale=0.05, progress=labels.append)
        yield labels
        transaction.set_rollback(True)


def test_load_demo__reports_its_progress_step_by_step(small_demo, db):
    assert small_demo[0] == "账号、单位和网站"
    assert "审核中的信息" in small_demo
    assert small_demo[-1] == "搜索索引"


def test_load_demo__pages_are_found_by_the_admin_search_and_show_their_usage(small_demo, db):
    interpretation = InterpretationPage.objects.first()
    document = PolicyDocumentPage.objects.get(pk=interpretation.document_id)
    # The back office's page search (Wagtail's search backend) finds the document by title.
    assert document.pk in {p.pk for p in PolicyDocumentPage.objects.search(document.title)}
    # The document's 使用情况 lists the interpretation that cites it.
    usage = ReferenceIndex.get_references_to(document).values_list("object_id", flat=True)
    assert str(interpretation.pk) in set(usage)
