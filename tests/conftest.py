import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.conf import settings
from django.core.cache import cache, caches
from django.test import override_settings

from tests.factories import UserFactory
from tests.privacy import ACTOR_ROLES


def _clear_cache():
    # On Redis, clear() would flush keys of every parallel worker; delete only ours.
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    _clear_cache()
    yield
    _clear_cache()


def _commits(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or "transaction" in marker.args[:1]):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _fresh_counters(request, django_db_blocker):
    """Without Redis, rate-limit counters are rows of a cache table that no flush empties; a
    test that commits would leave its counts to the next test (whose users may reuse ids)."""
    yield
    if "counters" in settings.CACHES and _commits(request):
        with django_db_blocker.unblock():
            caches["counters"].clear()


@pytest.fixture
def make_actor(db):
    def make(name):
        spec = ACTOR_ROLES[name]
        return None if spec is None else UserFactory(username=name, **spec)

    return make


@pytest.fixture
def actors(make_actor):
    return {name: make_actor(name) for name in ACTOR_ROLES}


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
