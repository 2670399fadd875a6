"""Editors' actions become publishing jobs, run when the transaction commits.

Published, unpublished, moved or deleted pages re-render exactly the files that
show them (``services.refresh_page``); a changed site identity re-renders its site.
Nothing happens until the group has been published once (``zhanqun publish all``)
or when ``ZHANQUN_PUBLISH_AUTO`` is False.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from zhanqun.sitegroup.models import SiteIdentity

from . import services
from .models import PublishedFile, PublishJob


def _enqueue_page(page, descendants=False, positions=()):
    if not services.auto_publishing():
        return
    data = services.page_state(page, positions)
    data["descendants"] = descendants
    services.enqueue(PublishJob.Kind.PAGE, page_id=page.pk, data=data)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    _enqueue_page(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    _enqueue_page(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # The page's old place: any child position of its former parent.
    old = (parent_page_before.path + "0" * Page.steplen, parent_page_before.depth + 1)
    _enqueue_page(instance, descendants=True, positions=[old])


@receiver(post_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    _enqueue_page(instance)


@receiver(post_save, sender=SiteIdentity)
def on_identity_saved(sender, instance, raw=False, **kwargs):
    """The header and footer of every page show the identity: re-render the site."""
    if raw or not instance.site_id or not services.auto_publishing():
        return
    if PublishedFile.objects.filter(site_id=instance.site_id).exists():
        services.enqueue(PublishJob.Kind.SITE, site_id=instance.site_id)
