"""What a person does in the back office, as HTTP requests on the admin host."""

from django.test import Client
from django.urls import reverse
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import querydict_from_html

from zhanqun.conftest import ADMIN_HOST


def client_for(user):
    client = Client(HTTP_HOST=ADMIN_HOST)
    client.force_login(user)
    return client


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def editor_form(client, page):
    """The page editor's form as it is, as a dict of lists."""
    response = client.get(edit_url(page))
    assert response.status_code == 200, response.status_code
    return dict(querydict_from_html(response.content.decode(), form_id="page-edit-form").lists())


def submit(user, page, **changes):
    """The editor opens the item, optionally changes fields, and submits it for review."""
    client = client_for(user)
    data = editor_form(client, page)
    for name, value in changes.items():
        data[name] = [value]
    data["action-submit"] = ["1"]
    response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def current_state(page):
    page = Page.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    return state.specific if state else None


def step_name(page):
    state = current_state(page)
    return state.task.name if state and state.status == TaskState.STATUS_IN_PROGRESS else None


def action_url(page, action, state=None):
    state = state or current_state(page)
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])


def act(user, page, action, comment="", state=None):
    """POST a workflow action the way the dashboard's modal does; returns the response."""
    return client_for(user).post(action_url(page, action, state), {"comment": comment})


def is_refused(user, page, action="approve", state=None):
    """POST ``action`` as ``user``: True if nothing happened. Wagtail answers a refused
    workflow action with 403, or with a redirect to the dashboard and an error message
    when the user may not even open the item."""
    state = state or current_state(page)
    response = act(user, page, action, "我来审核。", state=state)
    state.refresh_from_db()
    return response.status_code in (302, 403) and state.status == TaskState.STATUS_IN_PROGRESS


def approve(user, page, comment="同意。"):
    response = act(user, page, "approve", comment)
    assert response.status_code == 302, response.status_code
    return response


def action_names_in_editor(user, page):
    """The workflow actions the editor's action menu offers ``user``."""
    from bs4 import BeautifulSoup

    response = client_for(user).get(edit_url(page))
    if response.status_code != 200:
        return None
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted({b["data-workflow-action-name"] for b in soup.select("[data-workflow-action-name]")})


def live(page):
    return Page.objects.get(pk=page.pk).live
