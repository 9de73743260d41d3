"""/organisations/ and /organisations/<slug>/: everyone sees organisations; each list on an
organisation's page holds only what the reader may see, and its people show to members only."""

import pytest
from wagtail.models import BaseViewRestriction

from discussions import areas
from hub.accounts import roles
from hub.accounts.models import Organisation
from resources.models import Resource
from tests.factories import OrganisationFactory, UserFactory
from tests.factories import pages as make
from tests.factories.discussions import make_thread
from tests.factories.resources import collection, make_resource
from tests.privacy import ACTOR_ROLES, DISCUSSION_AREAS, MEMBERS, PUBLIC, SEES, areas_seen

pytestmark = pytest.mark.django_db

LIST_URL = "/organisations/"

# Canary word -> the audience of the collection its document is filed in.
DOCUMENT_AREAS = {
    "publicfern": PUBLIC,
    "memberfern": MEMBERS,
    "evaluatorfern": (roles.EVALUATORS,),
}
DOCUMENTS_SEEN = areas_seen(DOCUMENT_AREAS)
THREADS_SEEN = areas_seen(DISCUSSION_AREAS)


@pytest.fixture
def council():
    return OrganisationFactory(
        name="Larkspur Council",
        slug="larkspur-council",
        region="East Midlands",
        ons_code="E10000099",
        is_trailblazer=True,
        is_deep_dive=True,
    )


def _collection_for(name, audience):
    if audience == PUBLIC:
        return collection(name)
    if audience == MEMBERS:
        return collection(name, restriction=BaseViewRestriction.LOGIN)
    return collection(name, restriction=BaseViewRestriction.GROUPS, groups=audience)


@pytest.fixture
def shared(council):
    """A document in each kind of collection, a thread in each area, a practice example, a
    pending upload and a restricted practice example, all from the council."""
    for word, audience in DOCUMENT_AREAS.items():
        make_resource(
            collection=_collection_for(f"{word} papers", audience),
            title=f"Document {word}",
            organisation=council,
        )
    make_resource(
        collection=collection("Open papers"),
        title="Document waitingfern",
        organisation=council,
        review_status=Resource.Review.PENDING,
    )
    for key in DISCUSSION_AREAS:
        author = UserFactory(organisation=council, roles=list(areas.BY_KEY[key].group_names[:1]))
        make_thread(author=author, area=key, title=f"Thread {key}moss")
    make.practice("Practice openthistle", organisation=council)
    hidden = make.practice("Practice membersthistle", organisation=council)
    make.restrict(hidden, BaseViewRestriction.LOGIN)
    UserFactory(
        first_name="Lena",
        last_name="Larkspur",
        organisation=council,
        job_title="Hidden role title",
        email="lena@larkspur.example",
        roles=[roles.LOCAL_AUTHORITY_MEMBERS],
    )
    UserFactory(first_name="Pip", last_name="Awaiting", organisation=council, status="pending")


def test_everyone_sees_the_list_with_its_flags_and_filters(client, council):
    OrganisationFactory(
        name="Foxglove Care", region="East Midlands", kind=Organisation.Kind.CARE_PROVIDER
    )
    OrganisationFactory(name="Westerly Council", region="South West")
    html = client.get(LIST_URL).content.decode()
    assert "Larkspur Council" in html and "Trailblazer site" in html and "Deep dive" in html
    html = client.get(LIST_URL + "?region=East+Midlands&kind=care_provider").content.decode()
    assert "Foxglove Care" in html
    assert "Larkspur Council" not in html and "Westerly Council" not in html
    html = client.get(LIST_URL + "?q=larks").content.decode()
    assert "Larkspur Council" in html and "Foxglove Care" not in html


def test_a_filter_value_not_on_the_list_is_named(client, council):
    response = client.get(LIST_URL + "?kind=castle&region=Nowhere")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a kind from the list" in html and "Choose a region from the list" in html
    assert "Larkspur Council" in html


def test_an_unknown_organisation_is_not_found(client):
    assert client.get("/organisations/no-such-place/").status_code == 404


@pytest.mark.parametrize("actor", list(ACTOR_ROLES))
def test_an_organisation_page_lists_only_what_the_reader_may_see(
    client, make_actor, council, shared, actor
):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    response = client.get(council.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Larkspur Council" in html and "E10000099" in html
    assert {word for word in DOCUMENT_AREAS if f"Document {word}" in html} == DOCUMENTS_SEEN[actor]
    assert {key for key in DISCUSSION_AREAS if f"Thread {key}moss" in html} == THREADS_SEEN[actor]
    assert "Practice openthistle" in html
    assert ("Practice membersthistle" in html) == (MEMBERS in SEES[actor])
    # An upload waiting for review shows to the programme team only (it reviews uploads).
    assert ("waitingfern" in html) == (actor in ("programme_team", "superuser"))
    # People: for approved members only, and only what each chose to show.
    assert ("Lena Larkspur" in html) == (MEMBERS in SEES[actor])
    assert "Pip Awaiting" not in html
    assert "Hidden role title" not in html and "lena@larkspur.example" not in html
    if user is not None and user.is_active:
        assert response["Cache-Control"] == "private, no-store"


def _shared_items(council, count, start=0):
    library = collection("Open papers")
    for number in range(start, start + count):
        make_resource(collection=library, title=f"Paper {number}", organisation=council)
        make.practice(f"Example {number}", organisation=council)
        make_thread(
            author=UserFactory(organisation=council, show_job_title=True, job_title="Officer"),
            title=f"Question {number}",
            tags=["fees", f"topic {number}"],
        )


@pytest.mark.parametrize("actor", ["anonymous", "council_member", "programme_team"])
def test_an_organisation_page_costs_the_same_for_3_and_30_items(
    client, make_actor, council, actor, django_assert_max_num_queries
):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    url = council.get_absolute_url()
    _shared_items(council, 3)
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    # Counted now: the connection's query log keeps only the latest 9,000 statements.
    few = len(few.captured_queries)
    _shared_items(council, 27, start=3)
    # New content moves the content generation, so the kept site and menu are read once again.
    client.get(url)
    with django_assert_max_num_queries(few):
        html = client.get(url).content.decode()
    assert "These are the latest 20" in html


def test_the_list_costs_the_same_for_3_and_30_organisations(client, django_assert_max_num_queries):
    for number in range(3):
        OrganisationFactory(name=f"Shire {number}", region="London", is_trailblazer=True)
    client.get(LIST_URL)
    with django_assert_max_num_queries(10) as few:
        client.get(LIST_URL)
    few = len(few.captured_queries)
    for number in range(3, 30):
        OrganisationFactory(name=f"Shire {number}", region="London")
    client.get(LIST_URL)  # the kept site and menu are read again after a change, once
    with django_assert_max_num_queries(few):
        html = client.get(LIST_URL).content.decode()
    assert "Shire 29" in html
