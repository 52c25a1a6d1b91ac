"""SMS backends behind one interface, chosen by the ``TTHC_SMS_BACKEND`` setting (a dotted class path).

A backend has ``send(*, phone: str, text: str) -> None`` and raises on failure. The default only logs, so a
province without an SMS gateway loses nothing: the outbox keeps every message.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("tthc.sms")


class LoggingSMSBackend:
    """Writes each SMS to the ``tthc.sms`` log instead of sending it."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemorySMSBackend:
    """Keeps sent messages in ``MemorySMSBackend.outbox`` (for tests and demos)."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        MemorySMSBackend.outbox.append((phone, text))


def sms_backend():
    path = getattr(settings, "TTHC_SMS_BACKEND", "tthc.notifications.sms.LoggingSMSBackend")
    return import_string(path)()
