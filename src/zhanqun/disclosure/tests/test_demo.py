"""The demo shows disclosure: numbered items, approved guides, requests at several stages."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_has_index_numbers_guides_and_requests_at_different_stages(django_capture_on_commit_callbacks):
    from zhanqun.demo.loader import load_demo
    from zhanqun.disclosure.models import CatalogEntry, DisclosureRequest, Guide

    load_demo(scale=0.05)
    assert CatalogEntry.objects.live().count() > 10
    assert all("/" in n for n in CatalogEntry.objects.values_list("index_number", flat=True))
    assert Guide.objects.filter(approved_content__has_key="office_name").count() == 2
    states = {(r.case.state, bool(r.correction_requested_at), r.outcome) for r in DisclosureRequest.objects.all()}
    assert ("handling", True, "") in states and ("replied", False, "partial") in states
    assert DisclosureRequest.objects.filter(consultations__ended_at__isnull=True).exists()
