"""Events with actions, published through a revision as an editor would publish them."""

import datetime

from django.utils import timezone

from discussions import services
from home.models import EventAction, LearningEventPage
from hub.accounts import roles
from tests.factories import pages as f
from tests.factories.accounts import OrganisationFactory
from tests.factories.discussions import make_reply, make_thread
from tests.factories.pages import restrict


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def event_with_actions(title, *actions, restriction=None, groups=(), **fields):
    """An event carrying ``actions`` (dicts of EventAction fields), published with them."""
    page = LearningEventPage.objects.get(pk=f.event(title, **fields).pk)
    if restriction:
        restrict(page, restriction, groups=groups)
    for values in actions:
        page.actions.add(EventAction(**values))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def action_of(page, text):
    return EventAction.objects.get(page=page, text=text)


def varied_actions_event():
    """An event whose actions end every way, for the accessibility and markup checks."""
    council = OrganisationFactory(name="Milton Keynes Council", is_trailblazer=True)
    hidden = f.practice("Evaluators' practice")
    restrict(hidden, "groups", groups=[roles.EVALUATORS])
    thread = make_thread(area="members", title="How did you word the top-up agreement?")
    reply = make_reply(thread=thread)
    services.answer_accept(user=thread.author, thread=thread, reply=reply)
    return event_with_actions(
        "Spring learning event",
        {"text": "Share the contract variation", "owner": council, "due_on": days(20)},
        {"text": "Write up the pilot", "owner": council, "due_on": days(-5)},
        {"text": "Publish the evaluation notes", "status": "done", "closed_by_page": hidden},
        {"text": "Agree the top-up wording", "status": "done", "closed_by_thread": thread},
        {"text": "Survey the providers", "status": "dropped", "closing_note": "Done nationally."},
    )


def open_actions_url(event):
    index = event.get_parent().specific
    return index.url + index.reverse_subpage("open_actions")
