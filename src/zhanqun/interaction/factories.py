"""Factories of the interaction app. Letters and error reports are made through the real
services (numbers, query codes, clocks, events like any other)."""

import factory
from factory.django import DjangoModelFactory

from zhanqun.cases.factories import CITIZEN

from . import services
from .enums import ErrorType, LetterCategory, MailboxKind
from .models import Mailbox


class MailboxFactory(DjangoModelFactory):
    class Meta:
        model = Mailbox
        django_get_or_create = ("site", "slug")

    name = "市长信箱"
    slug = factory.Sequence(lambda n: f"xx{n}")
    kind = MailboxKind.LEADER
    leader_name = "林志远"
    intro = "市长信箱受理群众对市政府工作的咨询、建议、投诉和举报。"


def letter(mailbox, *, subject="小区门口道路破损，请尽快修复", content="人民路与新华街交叉口的路面塌陷，雨天积水，车辆无法通行。",
           category=LetterCategory.COMPLAIN, submitter=None, **kwargs):
    return services.submit_letter(
        mailbox,
        subject=subject,
        content=content,
        category=category,
        submitter=CITIZEN if submitter is None else submitter,
        **kwargs,
    )


def error_report(site, *, page_url="https://www.yunze.gov.cn/zwdt/", error_type=ErrorType.BROKEN_LINK,
                 description="政务动态栏目第二页的链接打不开。", **kwargs):
    return services.submit_error_report(
        site, page_url=page_url, error_type=error_type, description=description, **kwargs
    )
