"""Events with actions, published through a revision as an editor would publish them."""

import datetime

from django.utils import timezone

from home.models import EventAction, LearningEventPage
from tests.factories import pages as f
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
