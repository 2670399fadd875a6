"""Disclosure fixtures: the site group's units with their 统一社会信用代码."""

import pytest

from zhanqun.content.tests.conftest import auditor, fgw_editor, operator  # noqa: F401 - shared fixtures

OFFICE_CODE = "11620981MB0000001G"
FGW_CODE = "11620981MB0000002E"


def public_url(name, *args):
    from django.conf import settings
    from django.urls import reverse

    return reverse(name, args=args, urlconf=settings.PUBLIC_URLCONF)


def publish(page, user=None):
    """Publish ``page`` the way the editor's 发布 button does (a revision, then publish),
    so ``page_published`` fires."""
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


@pytest.fixture
def coded(site_group):
    from zhanqun.units.models import credit_code_check_char

    units = site_group.units
    for unit, code in ((units.office, OFFICE_CODE), (units.fgw, FGW_CODE)):
        unit.credit_code = code[:17] + credit_code_check_char(code[:17])
        unit.save()
    return site_group
