"""A person with no name on their account never shows their email address in its place."""

import pytest

from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_reply, make_thread

pytestmark = pytest.mark.django_db

ADDRESS = "nameless.officer@quillmarsh.example"


@pytest.fixture
def nameless():
    return UserFactory(
        username=ADDRESS,
        email=ADDRESS,
        first_name="",
        last_name="",
        roles=[roles.LOCAL_AUTHORITY_MEMBERS],
    )


def test_a_signed_up_username_is_never_the_name_shown(nameless):
    assert nameless.display_name == "Name not given"


def test_a_username_that_is_not_an_address_still_names_them():
    assert UserFactory(username="jbloggs", first_name="", last_name="").display_name == "jbloggs"


def test_a_nameless_authors_address_reaches_no_page_or_feed(nameless, client):
    thread = make_thread(author=nameless, area="public")
    make_reply(thread=thread, author=nameless)
    reader = UserFactory(roles=[roles.LOCAL_AUTHORITY_MEMBERS])
    client.force_login(reader)
    for url in (thread.get_absolute_url(), "/discussions/", "/discussions/feed/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "nameless.officer" not in response.text, url
