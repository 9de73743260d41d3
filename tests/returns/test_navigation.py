"""The header's Returns link: for the evaluators and trailblazer staff, nobody else."""

import pytest

from tests.privacy import ACTOR_ROLES

pytestmark = pytest.mark.django_db

SHOWN_TO = {"evaluator", "trailblazer", "superuser"}


@pytest.mark.parametrize("actor_name", sorted(ACTOR_ROLES))
def test_the_returns_link_shows_only_to_those_who_write_or_read_returns(
    actor_name, make_actor, client
):
    actor = make_actor(actor_name)
    if actor is not None:
        client.force_login(actor)
    html = client.get("/search/").text
    assert ('href="/returns/"' in html) == (actor_name in SHOWN_TO)
