"""A real SMTP server for the notification tests: aiosmtpd on 127.0.0.1, a free port, Django's SMTP backend.

Use it by importing the fixture into a test module (``from tthc.dossiers.tests.smtp import smtp_server``) and
asking for ``smtp_server``; messages are sent when the transaction commits, so the tests that read the mailbox
are transactional (``django_db(transaction=True, serialized_rollback=True)``).
"""

from __future__ import annotations

import email
import socket
import threading
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


class Mailbox:
    """What the server received, parsed (subjects and bodies decoded)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        with self._lock:
            self._messages.append(message)
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)

    @staticmethod
    def subject(message: EmailMessage) -> str:
        # Django folds a long encoded subject onto the next line ("Subject: \r\n =?utf-8?b?...?="); the
        # folding space is not part of what a mail client shows.
        return str(message["Subject"]).strip()

    def subjects(self) -> list[str]:
        return [self.subject(m) for m in self.messages]

    def about(self, code: str) -> list[EmailMessage]:
        """Messages whose subject names the dossier ``code``."""
        return [m for m in self.messages if code in self.subject(m)]

    @staticmethod
    def body(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that Django's mail goes to; yields its :class:`Mailbox`."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield mailbox
    finally:
        controller.stop()
