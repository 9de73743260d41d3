"""Owners hear of an action a week before it falls due, once, over real SMTP; who may hear is
decided when the reminder goes."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import BaseViewRestriction

from discussions import services
from home.actions.reminders import send_reminders
from home.models import ActionDiscussion, ActionReminder
from hub import worker
from hub.accounts import roles
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.discussions import make_reply, make_thread
from tests.factories.pages import restrict
from tests.home.actions_helpers import action_of, days, event_with_actions


@pytest.fixture
def council(db):
    return OrganisationFactory(name="Milton Keynes Council", is_trailblazer=True)


@pytest.fixture
def owner(council):
    return UserFactory(organisation=council, email="lead@mk.example")


def recipients(inbox):
    return sorted(address for message in inbox for address in message["To"].split(", "))


def test_owners_are_told_a_week_before_once(smtp_inbox, council, owner):
    UserFactory(organisation=council, email="pending@mk.example", status="pending")
    UserFactory(email="stranger@elsewhere.example")
    event_with_actions(
        "Spring event",
        {"text": "Share the contract variation", "owner": council, "due_on": days(7)},
        {"text": "Not yet near", "owner": council, "due_on": days(8)},
        {"text": "Already dropped", "owner": council, "due_on": days(3), "status": "dropped"},
        {"text": "Already past", "owner": council, "due_on": days(-1)},
    )
    out = io.StringIO()
    call_command("send_action_reminders", stdout=out)
    assert out.getvalue() == "Sent 1 action reminder.\n"
    assert recipients(smtp_inbox) == ["lead@mk.example"]
    message = smtp_inbox[0]
    assert "Share the contract variation" in message["Subject"]
    assert "Spring event" in message.get_payload()
    assert "#actions" in message.get_payload()

    assert send_reminders() == 0
    worker.sweep()
    assert len(smtp_inbox) == 1
    assert ActionReminder.objects.get().recipients == 1


def test_a_new_due_date_earns_a_new_reminder(smtp_inbox, council, owner):
    event = event_with_actions(
        "Spring event", {"text": "Share it", "owner": council, "due_on": days(2)}
    )
    assert send_reminders() == 1
    action = action_of(event, "Share it")
    action.due_on = days(5)
    action.save()
    assert send_reminders() == 1
    assert send_reminders() == 0


def test_an_action_done_by_its_discussion_is_not_reminded(smtp_inbox, council, owner):
    event = event_with_actions(
        "Spring event", {"text": "Share it", "owner": council, "due_on": days(2)}
    )
    thread = make_thread()
    ActionDiscussion.objects.create(action_key=action_of(event, "Share it").key, thread=thread)
    services.answer_accept(user=thread.author, thread=thread, reply=make_reply(thread=thread))
    assert send_reminders() == 0
    assert smtp_inbox == []


def test_who_may_see_the_event_is_decided_when_the_reminder_goes(smtp_inbox, council, owner):
    steering = UserFactory(
        organisation=council, email="steer@mk.example", roles=[roles.STEERING_GROUP]
    )
    event = event_with_actions(
        "Steering meeting",
        {"text": "Draft the Fenwhistle letter", "owner": council, "due_on": days(4)},
    )
    # Restricted after the action was written: only the steering member may now see it.
    restrict(event, BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    assert send_reminders() == 1
    assert recipients(smtp_inbox) == [steering.email]
