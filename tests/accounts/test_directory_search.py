"""People and organisations in search: found by approved members only, through every channel,
and a person's entry holds only what they chose to show, kept in step with every change."""

import json

import pytest
from django.contrib.auth.models import update_last_login
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.accounts import roles, services
from hub.accounts.models import User
from search import registry
from search.models import SearchEntry
from tests.factories import OrganisationFactory, UserFactory
from tests.privacy import ACTOR_ROLES, MEMBERS, SEES

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Quietwillow coordinator"
HIDDEN_EMAIL = "quietwillow@hiddenmail.example"


@pytest.fixture
def people():
    council = OrganisationFactory(
        name="Marshwick Council", slug="marshwick-council", region="Yorkshire and the Humber"
    )
    return {
        "council": council,
        "open": UserFactory(
            first_name="Ottilie",
            last_name="Brackenbury",
            organisation=council,
            job_title="Sharedheron officer",
            show_job_title=True,
            show_email=True,
            email="ottilie@opensharing.example",
            roles=[roles.LOCAL_AUTHORITY_MEMBERS],
        ),
        "closed": UserFactory(
            first_name="Casimir",
            last_name="Thornbeck",
            organisation=council,
            job_title=HIDDEN_TITLE,
            email=HIDDEN_EMAIL,
            roles=[roles.TRAILBLAZER_STAFF],
        ),
        "pending": UserFactory(
            first_name="Perpetua",
            last_name="Waitsford",
            organisation=council,
            status="pending",
            job_title="Pendingtitle",
            show_job_title=True,
        ),
    }


def _entry(user):
    return SearchEntry.objects.filter(kind="person", url=f"/people/{user.pk}/").first()


def _channels(client, word, *, suggest=True):
    """Everything each search channel answers for one word, as text. Suggestions complete
    titles, so they are asked only for words of a title."""
    answers = {
        "html": client.get("/search/", {"q": word}).content.decode(),
        "api": client.get("/api/search/", {"q": word}).content.decode(),
    }
    if suggest:
        answers["suggest"] = client.get("/search/suggest/", {"q": word[:6]}).content.decode()
    return answers


@pytest.mark.parametrize("actor", list(ACTOR_ROLES))
def test_people_and_organisations_are_found_by_members_only_in_every_channel(
    client, make_actor, people, actor
):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    member = MEMBERS in SEES[actor]
    for word, shown, in_title in (
        ("Brackenbury", "Ottilie Brackenbury", True),
        ("Thornbeck", "Casimir Thornbeck", True),
        ("Sharedheron", "Ottilie Brackenbury", False),
        ("Marshwick", "Marshwick Council", True),
    ):
        for channel, text in _channels(client, word, suggest=in_title).items():
            assert (shown in text) == member, (word, channel)
    api = json.loads(client.get("/api/search/", {"q": "Marshwick"}).content)
    kinds = {row["value"]: row["label"] for row in api["facets"]["kind"]}
    if member:
        assert kinds == {"person": "People", "organisation": "Organisations"}
    else:
        assert api["total"] == 0 and kinds == {}


@pytest.mark.parametrize("actor", list(ACTOR_ROLES))
def test_what_a_person_did_not_choose_to_show_is_in_no_channel_for_anyone(
    client, make_actor, people, actor
):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    # Searching for what the entries do hold never brings back what they must not.
    for word in ("Thornbeck", "Casimir", "Marshwick", "council", "trailblazer"):
        for channel, text in _channels(client, word).items():
            lowered = text.lower()
            assert "quietwillow" not in lowered, (word, channel)
            assert "hiddenmail" not in lowered, (word, channel)
            # A pending person's own entry never shows, whatever they chose.
            assert "waitsford" not in lowered and "pendingtitle" not in lowered, (word, channel)
    # Searching for what they hide finds nothing at all (the words are echoed, not matched).
    for word in ("Quietwillow", "hiddenmail", "Pendingtitle", "Waitsford", "Perpetua"):
        answers = _channels(client, word)
        api = json.loads(answers["api"])
        assert api["total"] == 0 and api["hits"] == [], word
        assert json.loads(answers["suggest"])["suggestions"] == [], word
        for person in (people["closed"], people["pending"]):
            assert f"/people/{person.pk}/" not in answers["html"], word
    # Nor does the spelling corrector offer it: it never reached an entry.
    api = json.loads(client.get("/api/search/", {"q": "Quietwilow"}).content)
    assert api["total"] == 0 and "quietwillow" not in json.dumps(api).lower()


def test_the_entry_holds_only_what_the_person_shows(people):
    closed = _entry(people["closed"])
    text = " ".join([closed.title, closed.summary, closed.body]).lower()
    assert closed.title == "Casimir Thornbeck" and closed.audience == "members"
    assert "marshwick council" in text and "works at a trailblazer site" in text
    assert "quietwillow" not in text and "hiddenmail" not in text
    opened = _entry(people["open"])
    assert "Sharedheron officer" in opened.summary and "ottilie@opensharing.example" in opened.body
    assert _entry(people["pending"]) is None


def test_a_change_of_choice_on_the_account_page_updates_the_entry(client, people):
    closed = people["closed"]
    client.force_login(closed)
    response = client.post("/account/directory/", {"show_job_title": "on", "show_email": "on"})
    assert response.status_code == 302
    entry = _entry(closed)
    assert HIDDEN_TITLE in entry.summary and HIDDEN_EMAIL in entry.body
    client.post("/account/directory/", {})
    closed.refresh_from_db()
    assert not closed.show_job_title and not closed.show_email
    entry = _entry(closed)
    assert HIDDEN_TITLE not in entry.summary + entry.body
    assert HIDDEN_EMAIL not in entry.summary + entry.body


def test_approval_rejection_deactivation_and_deletion_add_or_remove_the_entry(people):
    editor = UserFactory(roles=[roles.PROGRAMME_TEAM])
    pending = people["pending"]
    services.user_approve(user=pending, by=editor, groups=[])
    assert _entry(pending).title == "Perpetua Waitsford"
    services.user_reject(user=pending, by=editor)
    assert _entry(pending) is None

    closed = people["closed"]
    closed.is_active = False
    closed.save()
    assert _entry(closed) is None

    opened = people["open"]
    opened.delete()
    assert not SearchEntry.objects.filter(kind="person", title="Ottilie Brackenbury").exists()


def test_roles_and_organisation_changes_update_the_entry(people):
    opened = people["open"]
    opened.groups.add(*roles_named(roles.EVALUATORS))
    assert "Evaluator" in _entry(opened).body
    elsewhere = OrganisationFactory(name="Fenbridge Council", region="East of England")
    opened.organisation = elsewhere
    opened.save()
    entry = _entry(opened)
    assert entry.organisation == "Fenbridge Council" and "East of England" in entry.body
    elsewhere.name = "Fenbridge Borough Council"
    elsewhere.save()
    assert _entry(opened).organisation == "Fenbridge Borough Council"
    elsewhere.delete()
    entry = _entry(opened)
    assert entry.organisation == "" and "Fenbridge" not in entry.body
    assert not SearchEntry.objects.filter(kind="organisation", title__startswith="Fen").exists()


def test_clearing_renaming_or_deleting_a_role_group_updates_its_members_entries(people):
    from django.contrib.auth.models import Group

    opened, closed = people["open"], people["closed"]
    evaluators = Group.objects.get(name=roles.EVALUATORS)
    for person in (opened, closed):
        person.groups.add(evaluators)
        assert "Evaluator" in _entry(person).body
    evaluators.user_set.clear()
    assert "Evaluator" not in _entry(opened).body + _entry(closed).body

    staff = Group.objects.get(name=roles.TRAILBLAZER_STAFF)
    assert "Works at a trailblazer site" in _entry(closed).body
    staff.name = "Former site staff"
    staff.save()
    assert "Works at a trailblazer site" not in _entry(closed).body
    staff.name = roles.TRAILBLAZER_STAFF
    staff.save()
    assert "Works at a trailblazer site" in _entry(closed).body
    staff.delete()
    assert "Works at a trailblazer site" not in _entry(closed).body


def roles_named(*names):
    from django.contrib.auth.models import Group

    return list(Group.objects.filter(name__in=names))


def test_signing_in_does_not_rewrite_the_entry(people):
    opened = User.objects.get(pk=people["open"].pk)
    with CaptureQueriesContext(connection) as captured:
        update_last_login(None, opened)
    assert not any("search_searchentry" in query["sql"] for query in captured)


def test_a_rebuild_keeps_listed_people_only(people):
    SearchEntry.objects.filter(kind__in=["person", "organisation"]).delete()
    registry.rebuild()
    people_found = set(SearchEntry.objects.filter(kind="person").values_list("title", flat=True))
    assert {"Ottilie Brackenbury", "Casimir Thornbeck"} <= people_found
    assert "Perpetua Waitsford" not in people_found
    assert SearchEntry.objects.filter(kind="organisation", title="Marshwick Council").exists()
    closed = _entry(people["closed"])
    assert "quietwillow" not in (closed.summary + closed.body).lower()


@pytest.mark.parametrize("actor", ["anonymous", "council_member", "superuser"])
def test_the_pages_api_exposes_no_people_or_organisations(client, make_actor, people, actor):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    for path in ("/api/v2/users/", "/api/v2/organisations/", "/api/v2/people/"):
        assert client.get(path).status_code == 404, path
    for path in ("/api/v2/pages/?search=Brackenbury", "/api/v2/documents/?search=Brackenbury"):
        text = client.get(path).content.decode().lower()
        assert "brackenbury" not in text and "opensharing" not in text, path
