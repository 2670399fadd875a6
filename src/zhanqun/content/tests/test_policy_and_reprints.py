"""Policy documents, their interpretations and reprints (R-PUB-1, R-PUB-6, R-PUB-7).

A document and its interpretation link to each other on the public site; the editor
cannot publish an interpretation without its document, a reprint without its source,
or a revised document without the document that replaces it.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from zhanqun.conftest import column, field_errors
from zhanqun.content.enums import InterpretationForm, Validity
from zhanqun.content.factories import (
    InterpretationPageFactory,
    PolicyDocumentPageFactory,
    ReprintPageFactory,
    item_form_data,
)
from zhanqun.content.models import InterpretationPage, PolicyDocumentPage, ReprintPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(site_group):
    return column(site_group.portal, "zfwj")


@pytest.fixture
def interpretations(site_group):
    return column(site_group.portal, "zcjd")


@pytest.fixture
def news(site_group):
    return column(site_group.portal, "zwdt")


@pytest.fixture
def policy(documents):
    return PolicyDocumentPageFactory(
        parent=documents, title="云泽市促进民营经济发展若干措施", slug="myjj", document_number="云政发〔2026〕12号"
    )


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def add_url(parent, model):
    return reverse("wagtailadmin_pages:add", args=["content", model, parent.pk])


def publish(data):
    data["action-publish"] = "action-publish"
    return data


# --- a document and its interpretations link to each other (R-PUB-6) ------------------------------


def test_policy_page__lists_its_published_interpretations(site_group, portal_client, policy, interpretations):
    InterpretationPageFactory(
        parent=interpretations,
        document=policy,
        slug="tj",
        title="一图读懂民营经济若干措施",
        form=InterpretationForm.GRAPHIC,
    )
    related = soup(portal_client.get("/zfxxgk/zfwj/myjj/")).find(attrs={"data-testid": "related-interpretations"})
    assert related is not None, "the document page has no 相关解读"
    link = related.find("a")
    assert link.get_text(strip=True) == "一图读懂民营经济若干措施"
    assert link["href"].endswith("/zcjd/tj/")
    assert "图解" in related.get_text()
    assert portal_client.get("/zcjd/tj/").status_code == 200


def test_policy_page__leaves_out_unpublished_interpretations(site_group, portal_client, policy, interpretations):
    InterpretationPageFactory(parent=interpretations, document=policy, title="解读初稿", live=False)
    page = soup(portal_client.get("/zfxxgk/zfwj/myjj/"))
    assert "解读初稿" not in page.get_text()
    assert page.find(attrs={"data-testid": "related-interpretations"}) is None


def test_interpretation_page__links_back_to_its_document(site_group, portal_client, policy, interpretations):
    InterpretationPageFactory(parent=interpretations, document=policy, slug="jd")
    related = soup(portal_client.get("/zcjd/jd/")).find(attrs={"data-testid": "related-document"})
    assert related is not None, "the interpretation page does not link to its document"
    link = related.find("a")
    assert link.get_text(strip=True) == "云泽市促进民营经济发展若干措施"
    assert link["href"].endswith("/zfxxgk/zfwj/myjj/")
    assert "云政发〔2026〕12号" in related.get_text()


def test_interpretation_page__of_a_withdrawn_document_has_no_dead_link(
    site_group, portal_client, policy, interpretations
):
    InterpretationPageFactory(parent=interpretations, document=policy, slug="jd")
    policy.unpublish()
    page = soup(portal_client.get("/zcjd/jd/"))
    assert page.find(attrs={"data-testid": "related-document"}) is None
    assert "/zfxxgk/zfwj/myjj/" not in str(page)


def test_policy_page__shows_the_document_s_metadata(site_group, portal_client, policy):
    meta = soup(portal_client.get("/zfxxgk/zfwj/myjj/")).find(attrs={"data-testid": "doc-meta"}).get_text()
    for text in ["云政发〔2026〕12号", "云泽市人民政府", "2026年2月27日", "2026年3月2日", "有效"]:
        assert text in meta


def test_policy_page__of_a_revised_document_points_to_its_replacement(site_group, portal_client, documents, policy):
    old = PolicyDocumentPageFactory(
        parent=documents,
        title="云泽市促进民营经济发展暂行办法",
        slug="old",
        validity=Validity.REVISED,
        validity_changed_on=datetime.date(2026, 3, 2),
        replaced_by=policy,
    )
    page = soup(portal_client.get("/zfxxgk/zfwj/old/"))
    validity = page.find(class_="validity")
    assert "已修订" in validity.get_text()
    assert validity.find("a")["href"].endswith("/zfxxgk/zfwj/myjj/")
    assert page.find(class_="lapsed") is not None
    assert old.live


def test_policy_page__of_a_revised_document_says_so_in_plain_words(site_group, portal_client, documents, policy):
    PolicyDocumentPageFactory(
        parent=documents,
        slug="old",
        validity=Validity.REVISED,
        validity_changed_on=datetime.date(2026, 3, 2),
        replaced_by=policy,
    )
    note = soup(portal_client.get("/zfxxgk/zfwj/old/")).find(class_="lapsed").get_text(strip=True)
    assert "已已" not in note
    assert "本文件已修订" in note


# --- model rules, whatever the entry point ---------------------------------------------------------


def test_interpretation__without_its_document_cannot_be_saved(site_group, interpretations):
    with pytest.raises(ValidationError) as excinfo:
        InterpretationPageFactory(parent=interpretations, document=None)
    assert "document" in excinfo.value.message_dict


@pytest.mark.parametrize("field", ["source_name", "source_url"])
def test_reprint__without_its_source_cannot_be_saved(site_group, news, field):
    with pytest.raises(ValidationError) as excinfo:
        ReprintPageFactory(parent=news, **{field: ""})
    assert field in excinfo.value.message_dict


def test_policy_document__revised_without_a_replacement_cannot_be_saved(site_group, documents):
    with pytest.raises(ValidationError) as excinfo:
        PolicyDocumentPageFactory(
            parent=documents, validity=Validity.REVISED, validity_changed_on=datetime.date(2026, 3, 2)
        )
    assert excinfo.value.message_dict["replaced_by"] == ["已修订的文件须指明修订后的替代文件。"]


def test_policy_document__cannot_replace_itself(site_group, documents, policy):
    policy.validity = Validity.REVISED
    policy.validity_changed_on = datetime.date(2026, 3, 2)
    policy.replaced_by = policy
    with pytest.raises(ValidationError) as excinfo:
        policy.full_clean()
    assert excinfo.value.message_dict["replaced_by"] == ["替代文件不能是本文件。"]


# --- the editor (Wagtail admin) ---------------------------------------------------------------------


def reprint_data(unit, **fields):
    data = {
        "title": "国务院常务会议研究部署促进民营经济发展",
        "slug": "gwycwh",
        "source_name": "中国政府网",
        "source_url": "https://www.gov.cn/yaowen/liebiao/202603/content_7000001.htm",
        "source_published_on": "2026-03-01",
    }
    data.update(fields)
    return publish(item_form_data(unit, **data))


def test_admin__new_item_defaults_to_the_column_s_unit(site_group, admin_host_client, news):
    page = soup(admin_host_client.get(add_url(news, "reprintpage")))
    chosen = page.find("input", attrs={"name": "responsible_unit"})
    assert chosen is not None, "no 责任单位 field on the form"
    assert chosen.get("value") == str(site_group.units.office.pk)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("source_name", "转载信息必须注明来源名称。"),
        ("source_url", "转载信息必须注明来源网址。"),
    ],
)
def test_admin__reprint_without_its_source_is_refused(site_group, admin_host_client, news, field, message):
    response = admin_host_client.post(
        add_url(news, "reprintpage"), reprint_data(site_group.units.office, **{field: ""})
    )
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors == [message]
    assert "来源" in errors[0]
    assert not ReprintPage.objects.exists()


def test_admin__reprint_with_its_source_is_published_and_names_the_source(
    site_group, admin_host_client, portal_client, news
):
    response = admin_host_client.post(add_url(news, "reprintpage"), reprint_data(site_group.units.office))
    assert response.status_code == 302
    reprint = ReprintPage.objects.get(slug="gwycwh")
    assert reprint.live
    assert reprint.responsible_unit == site_group.units.office

    page = soup(portal_client.get("/zwdt/gwycwh/"))
    source = page.find(attrs={"data-testid": "reprint-source"})
    assert "来源：中国政府网" in source.get_text(strip=True)
    assert source.find("a")["href"] == "https://www.gov.cn/yaowen/liebiao/202603/content_7000001.htm"
    listing = soup(portal_client.get("/zwdt/"))
    assert "国务院常务会议研究部署促进民营经济发展" in listing.find(class_="item-list").get_text()


def interpretation_data(unit, **fields):
    data = {
        "title": "《云泽市促进民营经济发展若干措施》政策解读",
        "slug": "myjj-jd",
        "document": "",
        "form": "text",
        "interpreter": "云泽市发展和改革委员会",
        "image": "",
        "media": "",
    }
    data.update(fields)
    return publish(item_form_data(unit, **data))


def test_admin__interpretation_without_its_document_is_refused(site_group, admin_host_client, interpretations):
    response = admin_host_client.post(
        add_url(interpretations, "interpretationpage"), interpretation_data(site_group.units.office)
    )
    assert response.status_code == 200
    errors = field_errors(response, "document")
    assert errors == ["政策解读必须关联所解读的政策文件，两者页面互相链接。"]
    assert "政策文件" in errors[0]
    assert not InterpretationPage.objects.exists()


def test_admin__interpretation_with_its_document_is_published_and_linked_both_ways(
    site_group, admin_host_client, portal_client, interpretations, policy
):
    response = admin_host_client.post(
        add_url(interpretations, "interpretationpage"), interpretation_data(site_group.units.office, document=policy.pk)
    )
    assert response.status_code == 302
    assert InterpretationPage.objects.get(slug="myjj-jd").live
    doc_page = soup(portal_client.get("/zfxxgk/zfwj/myjj/"))
    assert doc_page.find(attrs={"data-testid": "related-interpretations"}).find("a")["href"].endswith("/zcjd/myjj-jd/")
    interp_page = soup(portal_client.get("/zcjd/myjj-jd/"))
    assert interp_page.find(attrs={"data-testid": "related-document"}).find("a")["href"].endswith("/zfxxgk/zfwj/myjj/")


def policy_data(unit, **fields):
    data = {
        "title": "云泽市民营经济发展暂行办法",
        "slug": "zxbf",
        "document_number": "云政发〔2024〕3号",
        "issuing_body": "云泽市人民政府",
        "written_date": "2024-01-10",
        "publish_date": "2024-01-12",
        "index_number": "",
        "theme": "economy",
        "validity": "valid",
        "validity_changed_on": "",
        "replaced_by": "",
        "attachments": inline_formset([]),
    }
    data.update(fields)
    return publish(item_form_data(unit, **data))


def test_admin__valid_policy_document_is_published(site_group, admin_host_client, portal_client, documents):
    response = admin_host_client.post(add_url(documents, "policydocumentpage"), policy_data(site_group.units.office))
    assert response.status_code == 302
    assert PolicyDocumentPage.objects.get(slug="zxbf").live
    assert "云政发〔2024〕3号" in soup(portal_client.get("/zfxxgk/zfwj/zxbf/")).get_text()


def test_admin__revised_policy_document_without_its_replacement_is_refused(site_group, admin_host_client, documents):
    data = policy_data(site_group.units.office, validity="revised", validity_changed_on="2026-03-02")
    response = admin_host_client.post(add_url(documents, "policydocumentpage"), data)
    assert response.status_code == 200
    assert field_errors(response, "replaced_by") == ["已修订的文件须指明修订后的替代文件。"]
    assert not PolicyDocumentPage.objects.filter(slug="zxbf").exists()


def test_admin__revised_policy_document_with_its_replacement_is_published(
    site_group, admin_host_client, portal_client, documents, policy
):
    data = policy_data(
        site_group.units.office, validity="revised", validity_changed_on="2026-03-02", replaced_by=policy.pk
    )
    response = admin_host_client.post(add_url(documents, "policydocumentpage"), data)
    assert response.status_code == 302
    assert PolicyDocumentPage.objects.get(slug="zxbf").replaced_by_id == policy.pk


@pytest.mark.parametrize("validity", ["expired", "repealed"])
def test_admin__lapsed_policy_document_without_the_date_it_lapsed_is_refused(
    site_group, admin_host_client, documents, validity
):
    response = admin_host_client.post(
        add_url(documents, "policydocumentpage"), policy_data(site_group.units.office, validity=validity)
    )
    assert response.status_code == 200
    label = {"expired": "失效", "repealed": "废止"}[validity]
    assert field_errors(response, "validity_changed_on") == [f"有效性为“{label}”的文件须填写{label}日期。"]
    assert not PolicyDocumentPage.objects.filter(slug="zxbf").exists()


def test_admin__policy_document_published_before_it_was_written_is_refused(site_group, admin_host_client, documents):
    data = policy_data(site_group.units.office, written_date="2024-01-10", publish_date="2024-01-09")
    response = admin_host_client.post(add_url(documents, "policydocumentpage"), data)
    assert response.status_code == 200
    assert field_errors(response, "publish_date") == ["发布日期不能早于成文日期。"]
