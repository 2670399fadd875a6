"""Factories for cases: ``submit(kind, …)`` goes through the real service, so a case made
in a test has its number, query code, 受理 event and clocks like any other."""

import datetime

from django.utils import timezone

from .services import submit_case

CITIZEN = {
    "name": "张三丰",
    "phone": "13812341234",
    "id_number": "110101199003071234",
    "address": "云泽市新区人民路12号3单元502室",
    "email": "zhangsan@example.com",
}


def beijing(*args):
    """An aware datetime on the Beijing wall clock: ``beijing(2026, 9, 30, 10, 0)``."""
    return timezone.make_aware(datetime.datetime(*args))


def submit(
    kind,
    *,
    subject="小区门口道路破损，请尽快修复",
    content="人民路与新华街交叉口的路面塌陷，雨天积水。",
    submitter=None,
    **kwargs,
):
    return submit_case(
        kind,
        subject=subject,
        content=content,
        submitter=CITIZEN if submitter is None else submitter,
        **kwargs,
    )
