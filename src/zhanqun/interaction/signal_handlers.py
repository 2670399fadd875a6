"""The interaction app's reactions to the case engine and the moderation queue.

``on_moderation_decided``: the operator's decision shows the letter on the public pages
(approved) or not (``Letter.shown_replied_at``).

``on_case_event_recorded``: when a letter's reply is published (公开, R-INT-6), the
letter and its reply go into the moderation queue (公众提交审核, R-INT-3) in the same
transaction; the public pages show the letter only once an operator approves it there.
The text queued is what the public would see: the citizen's contacts masked.

``on_mailbox_changed``: whether a site has an open mailbox decides where its header, footer
and site map send people for 互动交流 (its own /hudong/ or the portal's), so opening,
closing, renaming or deleting a mailbox re-renders that site's published files.
"""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from zhanqun.cases.enums import EventType
from zhanqun.cases.masking import mask_name
from zhanqun.cases.signals import event_recorded
from zhanqun.review.models import moderation_decided

MODERATION_KIND = "来信公开"


@receiver(event_recorded, dispatch_uid="zhanqun.interaction.letter_published")
def on_case_event_recorded(sender, case, event, **kwargs):
    if event.type != EventType.PUBLISHED or case.kind != "letter":
        return
    from zhanqun.review.models import submit as submit_for_moderation

    from .models import Letter
    from .text import mask_in_text

    letter = Letter.objects.filter(case=case).first()
    if letter is None or letter.moderation_id is not None:
        return
    reply = case.replies.filter(published_at__isnull=False).order_by("-pk").first()
    text = mask_in_text(case.content)
    if reply is not None:
        text += f"\n\n【答复（{reply.unit.name if reply.unit else ''}）】\n{reply.body}"
    item = submit_for_moderation(
        kind=MODERATION_KIND,
        title=case.subject,
        text=text,
        site=case.site,
        source=case,
        author_name=mask_name(case.submitter_name),
    )
    letter.moderation = item
    letter.save(update_fields=["moderation"])


def on_moderation_decided(sender, instance, **kwargs):
    """A 来信公开 item approved or refused: the letter is shown on the public pages or not
    (``services.show_letter``), in the decision's transaction."""
    if instance.kind != MODERATION_KIND:
        return
    from .services import show_letter

    show_letter(instance)


def on_post_migrate(sender, **kwargs):
    """Grant ``permissions.ROLE_PERMISSIONS`` to the role groups (idempotent)."""
    if sender.label != "interaction":
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
                *Permission.objects.using(using).filter(content_type__app_label="interaction", codename__in=codenames)
            )


post_migrate.connect(on_post_migrate, dispatch_uid="zhanqun.interaction.role_permissions")
moderation_decided.connect(on_moderation_decided, dispatch_uid="zhanqun.interaction.letter_shown")


@receiver(post_save, sender="interaction.Mailbox", dispatch_uid="zhanqun.interaction.mailbox_saved")
@receiver(post_delete, sender="interaction.Mailbox", dispatch_uid="zhanqun.interaction.mailbox_deleted")
def on_mailbox_changed(sender, instance, raw=False, **kwargs):
    from zhanqun.publishing import services as publishing
    from zhanqun.publishing.models import PublishedFile, PublishJob

    if raw or not instance.site_id or not publishing.auto_publishing():
        return
    if PublishedFile.objects.filter(site_id=instance.site_id).exists():
        publishing.enqueue(PublishJob.Kind.SITE, site_id=instance.site_id)
