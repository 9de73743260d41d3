"""A signed-out visitor following a link to something members-only gets the same 404 as for a
missing item, with a way to sign in that comes back to the address. Signed-in outsiders get the
plain 404."""

import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from resources.models import Resource
from tests.factories import UserFactory
from tests.factories.discussions import make_thread
from tests.factories.resources import collection

pytestmark = pytest.mark.django_db

SIGN_IN = "If you have an account, sign in to see it."
MISSING = 999_999


def _document(name, **restriction):
    return Resource.objects.create(
        title=f"{name} report",
        collection=collection(name, **restriction),
        file=ContentFile(b"text", name=f"{name}.txt"),
    )


@pytest.fixture
def items():
    return {
        "thread": make_thread(area="members", title="Members only question about top-ups"),
        "group_thread": make_thread(area="steering", title="Steering only question on budgets"),
        "document": _document("Members", restriction=BaseViewRestriction.LOGIN),
        "group_document": _document(
            "Steering", restriction=BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP]
        ),
    }


def _addresses(items):
    """Each members-only address beside the same kind of address for an item that is missing."""
    document = items["document"]
    return [
        (items["thread"].get_absolute_url(), f"/discussions/{MISSING}/"),
        (document.get_absolute_url(), f"/resources/{MISSING}/"),
        (document.download_url, f"/resources/{MISSING}/download/"),
    ]


def _sign_in_link(path):
    return f'href="/accounts/login/?next={quote(path)}"'


def _without_the_address(response, path):
    """The page with what legitimately differs taken out: the address it links back to, and the
    per-response CSP nonce."""
    html = response.content.decode().replace(quote(path), "ADDRESS")
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


def test_a_signed_out_visitor_gets_the_same_404_for_members_only_and_missing(client, items):
    for members_only, missing in _addresses(items):
        hidden, absent = client.get(members_only), client.get(missing)
        assert hidden.status_code == absent.status_code == 404
        for response, path in ((hidden, members_only), (absent, missing)):
            assert SIGN_IN in response.text
            assert _sign_in_link(path) in response.text
        assert _without_the_address(hidden, members_only) == _without_the_address(absent, missing)
        assert hidden.get("Cache-Control") == absent.get("Cache-Control")
        assert "top-ups" not in hidden.text and "Members report" not in hidden.text


def test_signing_in_from_the_404_comes_back_to_the_address(client, items):
    member = UserFactory(username="officer")
    for members_only, _missing in _addresses(items):
        client.logout()
        login = client.get("/accounts/login/", {"next": members_only})
        assert login.status_code == 200
        response = client.post(
            "/accounts/login/",
            {
                "username": member.username,
                "password": "correct horse battery",
                "next": members_only,
            },
        )
        assert response.status_code == 302 and response["Location"] == members_only
        assert client.get(members_only).status_code == 200


def test_a_signed_in_outsider_gets_the_plain_404(client, items):
    client.force_login(UserFactory(roles=[roles.LOCAL_AUTHORITY_MEMBERS]))
    group_document = items["group_document"]
    for path in (
        items["group_thread"].get_absolute_url(),
        group_document.get_absolute_url(),
        group_document.download_url,
        f"/discussions/{MISSING}/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert SIGN_IN not in response.text
        assert "/accounts/login/" not in response.text
        assert "budgets" not in response.text and "Steering report" not in response.text


def test_a_pending_account_is_not_asked_to_sign_in_again(client, items):
    client.force_login(UserFactory(status="pending"))
    response = client.get(items["thread"].get_absolute_url())
    assert response.status_code == 404
    assert SIGN_IN not in response.text
