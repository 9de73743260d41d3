"""Demo actions on two past learning events: one closed by an accepted answer, one overdue,
one closed by guidance and one still open with no date."""

import datetime

from django.contrib.auth import get_user_model

from discussions import services as discussions
from discussions.models import Reply, Thread
from hub.accounts.models import Organisation

from ..models import EventAction, GuidancePage, LearningEventPage
from . import services

# event title, [(action, owner organisation or None, due date, status)]
ACTIONS = [
    (
        "Learning event: contracts and top-ups",
        [
            (
                "Share the wording the council uses when a family pays a top-up to the home.",
                "London Borough of Enfield",
                "2014-10-31",
                "open",
            ),
            (
                "Check with three care homes how long their invoices take to change after a "
                "new payment starts.",
                "London Borough of Enfield",
                "2014-11-28",
                "in_progress",
            ),
        ],
    ),
    (
        "Learning event: setting up payments",
        [
            (
                "Add a short section on paying the home directly to the guidance for councils.",
                "Social Care Institute for Excellence (SCIE)",
                "2014-04-30",
                "done",
            ),
            ("Ask the sites which bank accounts they use for payments.", None, None, "open"),
        ],
    ),
]

ANSWER = (
    "We put one sentence in the support plan: the family pays the difference to the home each "
    "month, and the council pays its share direct. The home signs the plan too."
)


def _answered(action, users):
    """Open the action's discussion as its owner would, answer it, and accept the answer."""
    asker = users.get("trailblazer")
    answerer = users.get("editor")
    if asker is None or answerer is None:
        return
    thread = services.discussion_open(user=asker, action=action)
    if thread.accepted_reply_id is None:
        # Asked the week after the event and answered two days later, on the programme's dates.
        asked = action.page.starts_at + datetime.timedelta(days=7)
        Thread.objects.filter(pk=thread.pk).update(created_at=asked, last_activity_at=asked)
        thread.refresh_from_db()
        reply = discussions.reply_create(author=answerer, thread=thread, body=ANSWER, notify=False)
        Reply.objects.filter(pk=reply.pk).update(created_at=asked + datetime.timedelta(days=2))
        discussions.refresh_thread(thread)
        discussions.answer_accept(user=asker, thread=thread, reply=reply)


def load_actions() -> int:
    """Add the demo actions to events that have none yet; return how many were added."""
    users = {user.username: user for user in get_user_model().objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    guidance = GuidancePage.objects.live().order_by("path").first()
    added = 0
    for title, actions in ACTIONS:
        event = LearningEventPage.objects.filter(title=title).first()
        if event is None or event.actions.exists():
            continue
        for text, owner, due, status in actions:
            event.actions.add(
                EventAction(
                    text=text,
                    owner=organisations.get(owner),
                    due_on=datetime.date.fromisoformat(due) if due else None,
                    status=status,
                    closed_by_page=guidance if status == "done" else None,
                )
            )
        event.save_revision().publish()
        added += len(actions)
        first = event.actions.order_by("sort_order").first()
        if first.owner and first.owner.name == "London Borough of Enfield":
            _answered(first, users)
    return added
