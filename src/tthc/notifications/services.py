"""Sending messages to people: recorded in the outbox first, delivered after the transaction commits.

Callers use :func:`notify`; they never call a mail or SMS backend themselves. A failed delivery stays in the
outbox as ``failed`` and the ``notifications`` tick retries it (at most ``MAX_ATTEMPTS`` times).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from tthc.notifications.models import Notification
from tthc.notifications.sms import sms_backend

MAX_ATTEMPTS = 5


def notify(
    *,
    now: datetime.datetime,
    subject: str,
    body: str,
    email: str = "",
    phone: str = "",
    topic: str = "",
) -> list[Notification]:
    """Queue the message to ``email`` and/or ``phone`` (blank ones are skipped) and send after commit."""
    created = []
    if email:
        created.append(
            Notification.objects.create(
                channel=Notification.Channel.EMAIL,
                recipient=email,
                subject=subject[:255],
                body=body,
                topic=topic,
                created_at=now,
            )
        )
    if phone:
        created.append(
            Notification.objects.create(
                channel=Notification.Channel.SMS,
                recipient=phone,
                subject=subject[:255],
                body=f"{subject}. {body}" if subject else body,
                topic=topic,
                created_at=now,
            )
        )
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: deliver(ids=ids, now=now))
    return created


def deliver(*, ids: list[int], now: datetime.datetime) -> int:
    """Try to deliver the given pending or failed messages; returns how many were sent."""
    sent = 0
    for message in Notification.objects.filter(pk__in=ids).exclude(status=Notification.Status.SENT):
        message.attempts += 1
        try:
            if message.channel == Notification.Channel.EMAIL:
                send_mail(
                    message.subject,
                    message.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [message.recipient],
                    fail_silently=False,
                )
            else:
                sms_backend().send(phone=message.recipient, text=message.body)
        except Exception as exc:  # any backend failure is recorded, never lost
            message.status = Notification.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            message.status = Notification.Status.SENT
            message.sent_at = now
            message.last_error = ""
            sent += 1
        message.save(update_fields=["attempts", "status", "last_error", "sent_at"])
    return sent


def retry_failed(*, now: datetime.datetime) -> int:
    ids = list(
        Notification.objects.exclude(status=Notification.Status.SENT)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .values_list("pk", flat=True)
    )
    return deliver(ids=ids, now=now) if ids else 0
