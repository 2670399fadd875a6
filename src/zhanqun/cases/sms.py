"""The SMS gateway interface (短信网关), chosen by a setting like ``EMAIL_BACKEND``.

    ZHANQUN_SMS_BACKEND = "zhanqun.cases.sms.LocmemBackend"   # tests: records in ``outbox``
    ZHANQUN_SMS_BACKEND = "zhanqun.cases.sms.LoggingBackend"  # default: logs, sends nothing
    ZHANQUN_SMS_BACKEND = "zhanqun.cases.sms.FileBackend"     # demo: appends to ZHANQUN_SMS_FILE

A real gateway (the government's 短信平台, an operator's API) is a subclass of
:class:`BaseSmsBackend` implementing ``send_messages``; it lives in deployment code and
is named in the setting. The engine only calls :func:`send_sms`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .masking import mask_phone

__all__ = [
    "BaseSmsBackend", "FileBackend", "LocmemBackend", "LoggingBackend", "SmsMessage", "get_backend", "outbox", "send_sms",
]

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "zhanqun.cases.sms.LoggingBackend"

#: Messages "sent" by :class:`LocmemBackend`, like ``django.core.mail.outbox``.
outbox: list[SmsMessage] = []


@dataclass
class SmsMessage:
    phone: str
    text: str
    sent_at: datetime = field(default_factory=timezone.now)


class BaseSmsBackend:
    def __init__(self, fail_silently: bool = False, **kwargs):
        self.fail_silently = fail_silently

    def send_messages(self, messages: list[SmsMessage]) -> int:
        """Send the messages; return how many were sent."""
        raise NotImplementedError


class LocmemBackend(BaseSmsBackend):
    """A recording fake: keeps every message in :data:`outbox` (tests, dev)."""

    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class LoggingBackend(BaseSmsBackend):
    """Logs each message with the number masked and sends nothing."""

    def send_messages(self, messages):
        for message in messages:
            logger.info("SMS to %s: %s", mask_phone(message.phone), message.text)
        return len(messages)


class FileBackend(BaseSmsBackend):
    """Appends each message (number masked, as in the log) to the file ``ZHANQUN_SMS_FILE``
    (the demo's var/mail/sms.log), where the operator reads what was "sent", as Django's
    file-based e-mail backend keeps the demo's mail."""

    def send_messages(self, messages):
        path = Path(settings.ZHANQUN_SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            for message in messages:
                f.write(f"{timezone.localtime(message.sent_at):%Y-%m-%d %H:%M:%S} {mask_phone(message.phone)} {message.text}\n")
        return len(messages)


def get_backend(backend: str | None = None, **kwargs) -> BaseSmsBackend:
    path = backend or getattr(settings, "ZHANQUN_SMS_BACKEND", DEFAULT_BACKEND)
    return import_string(path)(**kwargs)


def send_sms(phone: str, text: str, fail_silently: bool = False) -> int:
    return get_backend(fail_silently=fail_silently).send_messages([SmsMessage(phone=phone, text=text)])
