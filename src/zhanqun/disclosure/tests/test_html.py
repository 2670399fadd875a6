"""Disclosure's public pages are valid HTML5 (the Nu Html Checker, as the publishing
tests run it): the guide and the catalog with their 监督举报 section and open-data links,
and a published item with its 信息索引 table."""

import json
import subprocess

import pytest

from zhanqun.conftest import column
from zhanqun.content.factories import NoticePageFactory
from zhanqun.publishing.tests.test_output_quality import _vnu_command

from .conftest import public_url, publish
from .test_catalog_and_guide import items  # noqa: F401 - the fixture is used by name
from .test_supervision import OFFICE_CHANNEL, approved

pytestmark = pytest.mark.django_db


def test_the_guide_catalog_and_an_item_page_are_valid_html5(items, coded, portal_client, tmp_path):  # noqa: F811
    command = _vnu_command()
    approved(coded.units.office, **OFFICE_CHANNEL)
    notice = publish(NoticePageFactory(parent=column(coded.portal, "tzgg"), live=False))
    pages = {
        "guide.html": portal_client.get(public_url("disclosure_public:guide")),
        "catalog.html": portal_client.get(public_url("disclosure_public:catalog")),
        "notice.html": portal_client.get(notice.get_url_parts()[2]),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'data-testid="supervision"' in html or name == "notice.html"
        (tmp_path / name).write_text(html)
        files.append(str(tmp_path / name))
    assert 'data-testid="disclosure-meta"' in (tmp_path / "notice.html").read_text()
    result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors)
