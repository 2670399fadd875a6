"""R-DISC-5: the catalog as open data in a standard form, /xxgk/catalog.json and .csv."""

import csv
import io
import json

import pytest

from zhanqun.disclosure.open_data import FIELD_NAMES

from .conftest import public_url
from .test_catalog_and_guide import items  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def test_the_portal_publishes_every_units_catalog_as_json(items, portal_client, coded):  # noqa: F811
    valid, old, notice = items
    response = portal_client.get(public_url("disclosure_public:catalog_json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="catalog.json"'
    data = json.loads(body(response).decode("utf-8"))
    assert data["dataset"] == "政府信息公开目录" and data["format_version"] == 1
    assert [f["name"] for f in data["fields"]] == FIELD_NAMES
    assert data["count"] == 3 == len(data["items"])
    document = next(i for i in data["items"] if i["index_number"] == valid.index_number)
    assert set(document) == set(FIELD_NAMES)
    assert document["title"] == valid.title and document["document_number"] == valid.document_number
    assert document["unit"] == coded.units.office.name and document["unit_code"] == coded.units.office.credit_code
    assert document["validity"] == "valid" and document["validity_label"] == "有效"
    assert document["formed_date"] == valid.formed_date.isoformat()
    assert document["published_at"].endswith("+08:00")
    assert document["url"].startswith("http://") and document["url"].endswith(valid.url_path.split("/", 2)[2])
    repealed = next(i for i in data["items"] if i["title"] == old.title)
    assert (repealed["validity"], repealed["validity_changed_on"]) == ("repealed", "2026-01-05")


def test_the_csv_is_utf8_without_bom_with_the_field_names_and_the_filters(
    items,  # noqa: F811
    portal_client,
    department_client,
):
    valid, old, notice = items
    response = portal_client.get(public_url("disclosure_public:catalog_csv"), {"validity": "repealed"})
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="catalog.csv"'
    raw = body(response)
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0] == FIELD_NAMES and [r[1] for r in rows[1:]] == [old.title]
    # a department's site publishes its own unit's catalog, like its catalog page
    rows = list(
        csv.reader(io.StringIO(body(department_client.get(public_url("disclosure_public:catalog_csv"))).decode()))
    )
    assert [r[1] for r in rows[1:]] == [notice.title]


def test_the_catalog_page_links_its_open_data(items, portal_client):  # noqa: F811
    page = portal_client.get(public_url("disclosure_public:catalog"), {"year": 2026}).content.decode()
    assert 'href="/xxgk/catalog.json?year=2026"' in page and 'href="/xxgk/catalog.csv?year=2026"' in page
    assert "开放数据" in page
