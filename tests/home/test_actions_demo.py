"""The demo's event actions: added once, one done by an accepted answer, one overdue."""

import io

from django.core.management import call_command

from home.actions.selectors import actions_for_event, open_actions
from home.models import ActionDiscussion, EventAction, LearningEventPage
from tests.factories.accounts import UserFactory


def test_demo_events_carry_actions_that_end_in_different_ways(db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    count = EventAction.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert EventAction.objects.count() == count == 4
    assert ActionDiscussion.objects.count() == 1

    editor = UserFactory(username="reader", roles=["Programme team"])
    event = LearningEventPage.objects.get(title="Learning event: contracts and top-ups")
    answered, overdue = actions_for_event(user=editor, page=event)
    assert answered.effective_status == "done"
    assert answered.ending.label == "Accepted answer"
    assert overdue.is_overdue
    assert [a.text for a in open_actions(user=editor)][0] == overdue.text
