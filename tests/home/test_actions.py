"""Event actions: what editors may store, what each reader is shown of where an action ended
(on the event, on the site's profile, in the programme team's list), and search."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import BaseViewRestriction

from home.models import ActionDiscussion, EventAction
from hub.accounts import roles
from tests.factories import pages as f
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.discussions import make_reply, make_thread
from tests.factories.pages import restrict
from tests.home.actions_helpers import action_of, days, event_with_actions

GROUPS, LOGIN = BaseViewRestriction.GROUPS, BaseViewRestriction.LOGIN


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Milton Keynes Council", is_trailblazer=True)


# --- What editors may store -----------------------------------------------------------------


def test_an_action_names_one_thing_that_closed_it(db, council):
    event = f.event("Spring event")
    guidance = f.guidance("Contract wording")
    thread = make_thread()
    action = EventAction(
        page=event, text="Share it", status="done", closed_by_page=guidance, closed_by_thread=thread
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "Choose one thing" in str(error.value)


def test_a_discussion_closes_an_action_only_once_it_has_an_accepted_answer(db):
    thread = make_thread()
    action = EventAction(page=f.event(), text="Share it", status="done", closed_by_thread=thread)
    with pytest.raises(ValidationError, match="no accepted answer"):
        action.full_clean()
    services_accept(thread)
    action.full_clean()


def test_an_action_with_what_closed_it_cannot_stay_open(db):
    action = EventAction(page=f.event(), text="Share it", closed_by_page=f.guidance())
    with pytest.raises(ValidationError, match="Set the status to done"):
        action.full_clean()


def services_accept(thread):
    from discussions import services

    reply = make_reply(thread=thread)
    services.answer_accept(user=thread.author, thread=thread, reply=reply)
    thread.refresh_from_db()
    return reply


def test_what_the_hub_recorded_survives_the_editor_publishing_again(db, council):
    # Wagtail makes inline rows afresh on every publish; the link is kept by the action's key.
    event = event_with_actions("Spring event", {"text": "Share the contract", "owner": council})
    action = action_of(event, "Share the contract")
    ActionDiscussion.objects.create(action_key=action.key, thread=make_thread())
    again = event.get_latest_revision_as_object()
    again.title = "Spring learning event"
    again.save_revision().publish()
    republished = action_of(event, "Share the contract")
    assert republished.key == action.key
    assert ActionDiscussion.objects.filter(action_key=republished.key).exists()


# --- The event page -------------------------------------------------------------------------


def test_the_event_page_lists_each_action_with_owner_due_date_and_status(client, council):
    event = event_with_actions(
        "Spring event",
        {"text": "Share the contract variation", "owner": council, "due_on": days(20)},
        {"text": "Write up the pilot", "status": "in_progress", "due_on": days(-3)},
    )
    html = client.get(event.url).content.decode()
    assert "Share the contract variation" in html
    assert "Milton Keynes Council" in html
    assert days(20).strftime("%-d %B %Y") in html
    assert "Overdue" in html
    assert "Open a discussion" not in html  # not for readers who are not signed in


def test_where_an_action_ended_is_linked_only_for_readers_who_may_see_it(client, council):
    secret = f.practice("Hushmarrow practice")
    restrict(secret, GROUPS, groups=[roles.EVALUATORS])
    open_guidance = f.guidance("Contract guidance")
    event = event_with_actions(
        "Spring event",
        {"text": "Share the pilot", "status": "done", "closed_by_page": secret},
        {"text": "Update guidance", "status": "done", "closed_by_page": open_guidance},
    )
    html = client.get(event.url).content.decode()
    assert "Hushmarrow" not in html
    assert secret.url not in html
    assert "Practice example, in an area you cannot see" in html
    assert f'href="{open_guidance.url}"' in html

    client.force_login(UserFactory(roles=[roles.EVALUATORS]))
    html = client.get(event.url).content.decode()
    assert f'href="{secret.url}">Hushmarrow practice' in html


def test_a_thread_that_closed_an_action_is_named_only_to_its_readers(client, db):
    thread = make_thread(area="steering", title="Gloamwick question about top-ups")
    services_accept(thread)
    event = event_with_actions(
        "Spring event", {"text": "Ask the steering group", "closed_by_thread": thread}
    )
    html = client.get(event.url).content.decode()
    assert "Gloamwick" not in html
    assert "Accepted answer, in an area you cannot see" in html
    assert "Done" in html

    client.force_login(UserFactory(roles=[roles.STEERING_GROUP]))
    assert "Gloamwick question" in client.get(event.url).content.decode()


# --- The site profile and the programme team's list -----------------------------------------


def test_a_site_page_shows_only_its_own_open_actions_that_the_reader_may_see(client, council):
    other = OrganisationFactory(name="Other Council")
    event_with_actions(
        "Spring event",
        {"text": "Ours and open", "owner": council},
        {"text": "Ours and done", "owner": council, "status": "done"},
        {"text": "Theirs and open", "owner": other},
    )
    event_with_actions(
        "Evaluators meeting",
        {"text": "Quillmarsh secret action", "owner": council},
        restriction=GROUPS,
        groups=[roles.EVALUATORS],
    )
    site = f.site(council, title="Milton Keynes")
    html = client.get(site.url).content.decode()
    assert "Ours and open" in html
    assert "Ours and done" not in html
    assert "Theirs and open" not in html
    assert "Quillmarsh" not in html

    client.force_login(UserFactory(roles=[roles.EVALUATORS]))
    assert "Quillmarsh secret action" in client.get(site.url).content.decode()


@pytest.fixture
def open_list(db, council):
    event_with_actions(
        "Spring event",
        {"text": "Due later", "owner": council, "due_on": days(30)},
        {"text": "Long overdue", "owner": council, "due_on": days(-30)},
        {"text": "Closed already", "status": "dropped", "due_on": days(-40)},
        {"text": "No date yet"},
    )
    event = f.event("Summer event")
    return event.get_parent().specific


def test_the_open_actions_list_puts_overdue_actions_first(client, open_list):
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM]))
    url = open_list.url + open_list.reverse_subpage("open_actions")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert html.index("Long overdue") < html.index("Due later") < html.index("No date yet")
    assert "Closed already" not in html


@pytest.mark.parametrize("actor", ["trailblazer", "council_member", "evaluator"])
def test_the_open_actions_list_is_the_programme_teams(client, open_list, make_actor, actor):
    client.force_login(make_actor(actor))
    response = client.get(open_list.url + open_list.reverse_subpage("open_actions"))
    assert response.status_code == 403
    assert "Long overdue" not in response.content.decode()


def test_the_open_actions_list_asks_strangers_to_sign_in(client, open_list):
    response = client.get(open_list.url + open_list.reverse_subpage("open_actions"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_open_actions_list_costs_the_same_however_many_actions(
    client, open_list, council, django_assert_max_num_queries
):
    for n in range(12):
        thread = make_thread()
        if n % 2:
            services_accept(thread)
        event_with_actions(
            f"Event {n}",
            {"text": f"Action {n}", "owner": council, "due_on": days(n - 6)},
            {"text": f"Closed {n}", "status": "done", "closed_by_page": f.guidance()},
        )
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM]))
    url = open_list.url + open_list.reverse_subpage("open_actions")
    client.get(url)
    with django_assert_max_num_queries(30):
        html = client.get(url).content.decode()
    assert html.count("<tr") == 1 + 3 + 12


def test_the_event_page_costs_the_same_however_many_actions(
    client, council, django_assert_max_num_queries
):
    actions = [{"text": f"Action {n}", "owner": council, "due_on": days(n)} for n in range(15)]
    actions += [{"text": "Done", "status": "done", "closed_by_page": f.guidance()}]
    event = event_with_actions("Big event", *actions)
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM]))
    client.get(event.url)
    with django_assert_max_num_queries(30):
        html = client.get(event.url).content.decode()
    assert html.count("Open a discussion") == 15


# --- Search ---------------------------------------------------------------------------------


def _hits(client, word):
    return [hit["title"] for hit in client.get("/api/search/", {"q": word}).json()["hits"]]


def test_actions_are_found_by_search_with_their_events_audience(client, make_actor, db):
    event_with_actions("Open event", {"text": "Publish the Bramblefen toolkit"})
    event_with_actions(
        "Steering meeting",
        {"text": "Draft the Quillthorn letter", "closing_note": "Sent as Wispmantle"},
        restriction=GROUPS,
        groups=[roles.STEERING_GROUP],
    )
    assert _hits(client, "Bramblefen") == ["Open event"]
    for actor in ("anonymous", "council_member", "trailblazer", "evaluator"):
        user = make_actor(actor)
        if user:
            client.force_login(user)
        assert _hits(client, "Quillthorn") == []
        assert _hits(client, "Wispmantle") == []
    client.force_login(make_actor("steering"))
    assert _hits(client, "Quillthorn") == ["Steering meeting"]
