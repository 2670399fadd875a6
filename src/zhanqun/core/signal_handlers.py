"""Wagtail's initial data, in Chinese: the root of the page tree is titled "Root" by
Wagtail's first migration and shows in every breadcrumb of the back office."""

from django.db.models.signals import post_migrate

ROOT_TITLE = "全部网站"


def on_post_migrate(sender, **kwargs):
    if sender.label != "wagtailcore":  # core has no models, so no signal of its own
        return
    from wagtail.models import Page

    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.core.root_title")
