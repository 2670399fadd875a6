import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from zhanqun.conftest import column

@pytest.mark.django_db
def test_explore(site_group, admin_host_client):
    c = admin_host_client
    zwdt = column(site_group.portal, "zwdt")
    url = reverse("wagtailadmin_pages:add", args=["content", "reprintpage", zwdt.pk])
    r = c.get(url)
    print(r.status_code)
    import re
    names = sorted(set(re.findall(r'name="([^"]+)"', r.content.decode())))
    print(names)
    url = reverse("wagtailadmin_pages:add", args=["content", "policydocumentpage", zwdt.pk])
    r = c.get(url)
    names = sorted(set(re.findall(r'name="([^"]+)"', r.content.decode())))
    print(names)
    url = reverse("wagtailadmin_pages:edit", args=[zwdt.pk])
    r = c.get(url)
    names = sorted(set(re.findall(r'name="([^"]+)"', r.content.decode())))
    print(names)
    url = reverse("wagtailusers_users:add")
    r = c.get(url)
    print(r.status_code)
    names = sorted(set(re.findall(r'name="([^"]+)"', r.content.decode())))
    print(names)
    url = reverse("wagtailsettings:edit", args=["sitegroup", "siteidentity", site_group.portal.pk])
    r = c.get(url); print(url, r.status_code)
    names = sorted(set(re.findall(r'name="([^"]+)"', r.content.decode())))
    print(names)
