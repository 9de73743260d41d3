"""One click opens an action's discussion, with the event's audience, linked both ways; its
accepted answer closes the action, and taking the answer back opens it again."""

import pytest
from wagtail.models import BaseViewRestriction

from discussions import moderation, services
from discussions.models import Thread
from hub.accounts import roles
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.discussions import make_reply
from tests.home.actions_helpers import action_of, days, event_with_actions

GROUPS, LOGIN = BaseViewRestriction.GROUPS, BaseViewRestriction.LOGIN


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Milton Keynes Council", is_trailblazer=True)


@pytest.fixture
def event(council):
    return event_with_actions(
        "Spring learning event",
        {"text": "Share the contract variation", "owner": council, "due_on": days(20)},
        restriction=LOGIN,
    )


def discuss_url(event, text):
    action = action_of(event, text)
    return event.url + event.reverse_subpage("open_discussion", kwargs={"key": action.key})


def test_the_owners_member_opens_a_discussion_in_one_click(client, council, event):
    member = UserFactory(organisation=council, roles=[roles.TRAILBLAZER_STAFF])
    client.force_login(member)
    assert "Open a discussion" in client.get(event.url).content.decode()

    response = client.post(discuss_url(event, "Share the contract variation"))
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert (thread.author, thread.organisation, thread.learning_event_id) == (
        member,
        council,
        event.pk,
    )
    assert thread.audience == "members"  # the event's audience

    html = client.get(thread.get_absolute_url()).content.decode()
    assert "From the action agreed at" in html
    assert f'href="{event.url}#actions">Spring learning event' in html

    html = client.get(event.url).content.decode()
    assert f'href="{thread.get_absolute_url()}">Discussion: ' in html
    assert "Open a discussion" not in html


def test_a_second_click_opens_nothing_new(client, council, event):
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM]))
    url = discuss_url(event, "Share the contract variation")
    first = client.post(url)
    second = client.post(url)
    assert Thread.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_only_the_programme_team_and_the_owners_members_may_open_it(client, event):
    url = discuss_url(event, "Share the contract variation")
    assert "/accounts/login/" in client.post(url)["Location"]
    client.force_login(UserFactory(roles=[roles.TRAILBLAZER_STAFF]))  # another council
    assert "Open a discussion" not in client.get(event.url).content.decode()
    response = client.post(url, follow=True)
    assert "Only the programme team and the action&#x27;s owner" in response.content.decode()
    assert client.get(url).status_code == 405
    assert not Thread.objects.exists()


def test_a_restricted_events_discussion_is_as_private_as_the_event(client, council, make_actor):
    event = event_with_actions(
        "Steering meeting",
        {"text": "Draft the Hollowfen letter", "owner": council},
        restriction=GROUPS,
        groups=[roles.STEERING_GROUP],
    )
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM, roles.STEERING_GROUP]))
    client.post(discuss_url(event, "Draft the Hollowfen letter"))
    thread = Thread.objects.get()
    assert thread.area == "steering"
    for actor in ("anonymous", "council_member", "trailblazer", "evaluator"):
        client.logout()
        user = make_actor(actor)
        if user:
            client.force_login(user)
        response = client.get(thread.get_absolute_url())
        assert "Hollowfen" not in response.content.decode()
        assert response.status_code in (302, 404)


def test_an_accepted_answer_closes_the_action_until_it_is_taken_back(client, council, event):
    member = UserFactory(organisation=council, roles=[roles.TRAILBLAZER_STAFF])
    client.force_login(member)
    client.post(discuss_url(event, "Share the contract variation"))
    thread = Thread.objects.get()
    reply = make_reply(thread=thread, body="Here is our variation, clause 4.")
    services.answer_accept(user=member, thread=thread, reply=reply)

    html = client.get(event.url).content.decode()
    assert "Done" in html
    assert f'Accepted answer: <a class="govuk-link" href="{thread.get_absolute_url()}">' in html
    site_actions = client.get(event.get_parent().url + "actions/")
    assert site_actions.status_code == 403  # the list is the programme team's

    moderator = UserFactory(roles=[roles.PROGRAMME_TEAM])
    client.force_login(moderator)
    open_list = event.get_parent().url + "actions/"
    assert "Share the contract variation" not in client.get(open_list).content.decode()

    moderation.reply_set_hidden(by=moderator, reply=reply, hidden=True)
    assert "Share the contract variation" in client.get(open_list).content.decode()
    moderation.reply_set_hidden(by=moderator, reply=reply, hidden=False)
    assert "Share the contract variation" not in client.get(open_list).content.decode()

    services.answer_accept(user=member, thread=thread, reply=None)
    assert "Share the contract variation" in client.get(open_list).content.decode()
    assert "Accepted answer" not in client.get(event.url).content.decode()
