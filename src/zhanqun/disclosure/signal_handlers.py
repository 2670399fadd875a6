"""Publishing an item numbers it; unpublishing hides its catalog entry (docs/disclosure.md).

Wagtail does not publish inside a transaction of its own, and the static publisher's
receiver runs before ours: when nothing wraps the publication (the editor's 发布 button),
its job has rendered the page before the number existed, so numbering an item asks
for one more render (``catalog.rerender_page``); inside a transaction the publisher's
job waits for the commit and renders the number the first time.
"""

import logging

from django.db.models.signals import post_migrate, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from . import catalog

logger = logging.getLogger(__name__)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    """R-DISC-1: every disclosed item carries an index number from its first publication.
    A unit without a code does not stop the publication: the item is listed under
    公开目录 → 缺少索引号 and numbered once the code is entered."""
    try:
        catalog.assign_index_number(instance)
    except catalog.MissingUnitCode as exc:
        logger.warning("no index number for page %s: %s", instance.pk, exc)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    catalog.mark_unpublished(instance)


def on_post_migrate(sender, **kwargs):
    """Grant ``permissions.ROLE_PERMISSIONS`` to the role groups. Idempotent."""
    if sender.label != "disclosure":
        return
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from .permissions import ROLE_PERMISSIONS

    using = kwargs.get("using", "default")
    create_permissions(sender, verbosity=0, using=using)
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.using(using).filter(name=str(role.label)).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.using(using).filter(content_type__app_label="disclosure", codename__in=codenames)
            )


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.disclosure.role_permissions")


def on_reply_saved(sender, instance, raw=False, **kwargs):
    """A disclosure request's reply is its decision letter: it needs an outcome first
    (``requests.decide``), whichever screen drafts it."""
    if raw or not instance._state.adding or instance.case.kind != "disclosure_request":
        return
    from django.core.exceptions import ValidationError

    from .models import DisclosureRequest

    request = DisclosureRequest.objects.filter(case_id=instance.case_id).first()
    if request is not None and not request.outcome:
        raise ValidationError(
            "请先在“依申请公开办理”中选择处理结果（予以公开、部分公开、不予公开等），由模板生成答复告知书。"
        )


pre_save.connect(on_reply_saved, sender="cases.Reply", dispatch_uid="zhanqun.disclosure.reply_needs_outcome")
