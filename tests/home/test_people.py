"""/people/: approved members find each other; nobody else sees anyone, and nobody sees what a
person chose not to show."""

import pytest
from django.urls import reverse

from hub.accounts import roles
from hub.accounts.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.privacy import ACTOR_ROLES, MEMBERS, SEES

pytestmark = pytest.mark.django_db

URL = "/people/"
HIDDEN_TITLE = "Quietwillow coordinator"
HIDDEN_EMAIL = "quietwillow@hidden.example"


@pytest.fixture
def colleagues():
    """Two councils in two regions, a provider, and what each person chose to show."""
    north = OrganisationFactory(
        name="Northmoor Council", slug="northmoor-council", region="North East"
    )
    south = OrganisationFactory(name="Southbay Council", region="South West")
    provider = OrganisationFactory(
        name="Hollyhock Care", region="North East", kind=Organisation.Kind.CARE_PROVIDER
    )
    return {
        "shows_all": UserFactory(
            first_name="Alma",
            last_name="Brightwater",
            organisation=north,
            job_title="Direct payments lead",
            show_job_title=True,
            show_email=True,
            email="alma@northmoor.example",
            roles=[roles.TRAILBLAZER_STAFF],
        ),
        "shows_nothing": UserFactory(
            first_name="Bram",
            last_name="Quill",
            organisation=south,
            job_title=HIDDEN_TITLE,
            email=HIDDEN_EMAIL,
            roles=[roles.LOCAL_AUTHORITY_MEMBERS],
        ),
        "provider": UserFactory(
            first_name="Cora",
            last_name="Dunmore",
            organisation=provider,
            roles=[roles.PROVIDERS],
        ),
        "pending": UserFactory(
            first_name="Dara",
            last_name="Pendleton",
            organisation=north,
            status="pending",
            job_title="Shown but pending",
            show_job_title=True,
            show_email=True,
        ),
        "rejected": UserFactory(first_name="Esme", last_name="Refused", status="rejected"),
        "inactive": UserFactory(first_name="Finn", last_name="Gone", is_active=False),
    }


def _results(html):
    """The list of people only (the header names the signed-in reader)."""
    return html.split('class="govuk-list hub-results"', 1)[1].split("</ul>", 1)[0]


def _get(client, user, url=URL):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("actor", list(ACTOR_ROLES))
def test_only_approved_members_see_anyone(client, make_actor, colleagues, actor):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    for url in (URL, reverse("person", args=[colleagues["shows_all"].pk])):
        response = client.get(url)
        html = response.content.decode()
        if MEMBERS in SEES[actor]:
            assert response.status_code == 200
            assert "Alma Brightwater" in html
        else:
            assert "Alma Brightwater" not in html
            assert "Brightwater" not in response.get("Location", "")
            if actor in ("anonymous", "inactive"):  # an inactive account is signed out
                assert response.status_code == 302
                assert response["Location"].startswith("/accounts/login/?next=")
            else:
                assert response.status_code == 403
                why = "waiting for approval" if actor == "pending" else "approved members"
                assert why in html
        if response.status_code != 302:
            assert response["Cache-Control"] == "private, no-store"


def test_a_card_shows_name_and_organisation_and_only_what_was_chosen(client, colleagues):
    html = _get(client, colleagues["provider"]).content.decode()
    assert "Alma Brightwater" in html and "Direct payments lead" in html
    assert "alma@northmoor.example" in html
    assert 'href="/organisations/' in html and "Northmoor Council" in html
    assert "Works at a trailblazer site" in html and "North East" in html
    assert "Bram Quill" in html and "Southbay Council" in html
    assert HIDDEN_TITLE not in html and HIDDEN_EMAIL not in html
    for unlisted in ("Pendleton", "Shown but pending", "Refused", "Gone"):
        assert unlisted not in html


def test_a_pending_persons_own_entry_never_shows_even_to_themselves(client, colleagues):
    pending = colleagues["pending"]
    assert _get(client, pending).status_code == 403
    member = colleagues["provider"]
    client.force_login(member)
    assert client.get(reverse("person", args=[pending.pk])).status_code == 404
    assert client.get(reverse("person", args=[colleagues["rejected"].pk])).status_code == 404


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("?region=North+East", {"Alma Brightwater", "Cora Dunmore"}),
        ("?region=South+West", {"Bram Quill"}),
        ("?organisation=northmoor-council", {"Alma Brightwater"}),
        (f"?role={roles.PROVIDERS.replace(' ', '+')}", {"Cora Dunmore"}),
        ("?q=bright", {"Alma Brightwater"}),
        ("?q=southbay", {"Bram Quill"}),
        ("?q=payments+lead", {"Alma Brightwater"}),
        ("?q=alma&region=South+West", set()),
        # What a person did not choose to show finds nobody: no way to test for it.
        ("?q=quietwillow", set()),
        ("?q=hidden.example", set()),
        ("?q=northmoor.example", set()),
    ],
)
def test_filters_and_words_find_people(client, colleagues, query, found):
    html = _results(_get(client, colleagues["provider"], URL + query).content.decode())
    everyone = {"Alma Brightwater", "Bram Quill", "Cora Dunmore"}
    assert {name for name in everyone if name in html} == found


def test_the_username_is_never_shown_for_a_person_without_a_name(client, colleagues):
    UserFactory(username="nameless@council.example", first_name="", last_name="")
    html = _get(client, colleagues["provider"]).content.decode()
    assert "Name not given" in html
    assert "nameless@council.example" not in html


def test_a_filter_value_not_on_the_list_is_named_and_the_others_still_apply(client, colleagues):
    response = _get(client, colleagues["provider"], URL + "?region=Atlantis&q=quill")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a region from the list" in html
    assert "Bram Quill" in html and "Alma Brightwater" not in html


def test_long_or_odd_words_are_harmless(client, colleagues):
    response = _get(client, colleagues["provider"], URL + "?q=%00%22%3Cscript%3E" + "x" * 200)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def _people(count, organisation):
    for number in range(count):
        UserFactory(
            organisation=organisation,
            job_title=f"Officer {number}",
            show_job_title=bool(number % 2),
            roles=[roles.LOCAL_AUTHORITY_MEMBERS, roles.TRAILBLAZER_STAFF],
        )


def test_queries_do_not_grow_with_people(client, django_assert_max_num_queries):
    organisation = OrganisationFactory(name="Countshire Council", region="London")
    viewer = UserFactory(organisation=organisation, roles=[roles.EVALUATORS])
    client.force_login(viewer)
    _people(3, organisation)
    client.get(URL)
    with django_assert_max_num_queries(12) as few:
        assert client.get(URL + "?region=London").status_code == 200
    _people(30, organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(URL + "?region=London").content.decode()
    assert html.count('class="hub-card"') == 20  # one page


def _navigation(html):
    return html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("actor", list(ACTOR_ROLES))
def test_the_navigation_offers_organisations_to_everyone_and_people_to_members(
    client, make_actor, actor
):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    navigation = _navigation(client.get("/organisations/").content.decode())
    assert 'href="/organisations/"' in navigation
    assert ('href="/people/"' in navigation) == (MEMBERS in SEES[actor])


def test_the_account_page_saves_what_others_see(client):
    person = UserFactory(job_title="Brokerage adviser")
    client.force_login(person)
    html = client.get("/account/").content.decode()
    assert "What other members see of you" in html
    assert "Show my job title to other approved members" in html
    assert "Show my email address to other approved members" in html
    response = client.post("/account/directory/", {"show_job_title": "on"})
    assert response.status_code == 302 and response["Location"] == "/account/#directory"
    person.refresh_from_db()
    assert person.show_job_title and not person.show_email
    # Saving the details form leaves these choices alone.
    client.post("/account/", {"first_name": "Rowan", "last_name": "Ash", "job_title": "Adviser"})
    person.refresh_from_db()
    assert person.show_job_title and person.first_name == "Rowan"


def test_the_choices_need_a_signed_in_post(client):
    assert client.get("/account/directory/").status_code in (302, 405)
    response = client.post("/account/directory/", {"show_email": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
