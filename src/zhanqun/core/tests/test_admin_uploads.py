"""Uploads in the back office: documents and images are checked by type, content, size
and name, whichever upload screen an editor uses."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def add_document(client, name, content, title="政府信息公开指南"):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


def png(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_pdf_document_is_accepted(admin_host_client):
    response = add_document(admin_host_client, "指南.pdf", PDF)
    assert response.status_code == 302
    assert Document.objects.get().file.read() == PDF


def test_a_script_page_disguised_as_a_word_document_is_refused(admin_host_client):
    response = add_document(admin_host_client, "通知.doc", HTML)
    assert response.status_code == 200
    assert "文件内容与扩展名 .doc 不符" in response.content.decode()
    assert not Document.objects.exists()


def test_a_type_not_on_the_list_is_refused(admin_host_client):
    response = add_document(admin_host_client, "页面.html", HTML)
    assert response.status_code == 200 and not Document.objects.exists()


@override_settings(ZHANQUN_DOCUMENT_MAX_UPLOAD_SIZE=1024)
def test_an_oversized_document_is_refused(admin_host_client):
    response = add_document(admin_host_client, "大文件.pdf", PDF + b" " * 2048)
    assert "文件不能超过 1 KB" in response.content.decode()
    assert not Document.objects.exists()


def test_the_multiple_uploader_checks_too(admin_host_client):
    response = admin_host_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("通知.pdf", HTML), "collection": Collection.get_first_root_node().pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "文件内容与扩展名 .pdf 不符" in response.json()["error_message"]
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["../../../etc/passwd.pdf", "..\\..\\boot.pdf", "/etc/cron.d/x.pdf"])
def test_a_path_in_the_file_name_never_reaches_the_disk(admin_host_client, name):
    response = add_document(admin_host_client, name, PDF)
    assert response.status_code == 302
    stored = Document.objects.get().file.name
    assert stored.startswith("documents/") and ".." not in stored and "\\" not in stored
    assert stored.count("/") == 1


def test_images_are_decoded_and_must_match_their_extension(admin_host_client):
    root = Collection.get_first_root_node().pk
    url = reverse("wagtailimages:add")
    assert admin_host_client.post(url, {"title": "图", "file": SimpleUploadedFile("a.png", png()), "collection": root}).status_code == 302
    for name, content in [("b.png", HTML), ("c.jpg", png()), ("d.svg", b"<svg onload='alert(1)'/>")]:
        response = admin_host_client.post(url, {"title": "图", "file": SimpleUploadedFile(name, content), "collection": root})
        assert response.status_code == 200, name
    assert WagtailImage.objects.count() == 1


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100)
def test_an_oversized_image_is_refused(admin_host_client):
    response = admin_host_client.post(
        reverse("wagtailimages:add"),
        {"title": "图", "file": SimpleUploadedFile("a.png", png((64, 64))), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200 and not WagtailImage.objects.exists()
