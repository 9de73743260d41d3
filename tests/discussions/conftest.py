import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import override_settings


class _Inbox(Message):
    """Keeps every message the SMTP server accepts, with its envelope recipients."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    """A real SMTP server on a free loopback port; Django sends to it over the network."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox.messages
    finally:
        controller.stop()
