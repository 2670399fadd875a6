import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html
from zhanqun.units.factories import make_editor

@pytest.mark.django_db
def test_x(site_group, admin_host_client):
    editor = make_editor(site_group.units.fgw, username="lisi")
    print(list(editor.groups.values_list("pk","name")))
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    data = querydict_from_html(admin_host_client.get(url).content.decode(), form_id="w-editor-form")
    data.update({"first_name": "四", "last_name": "李", "is_active": "on"})
    data["unit"] = str(site_group.units.office.pk)
    print(data)
    r = admin_host_client.post(url, data)
    print(r.status_code, list(editor.groups.values_list("pk","name")))
    data["unit"] = str(site_group.units.fgw.pk)
    r = admin_host_client.post(url, data)
    print(r.status_code, list(editor.groups.values_list("pk","name")))
