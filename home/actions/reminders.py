"""Reminders to owners a week before an action falls due: one per action and due date, ever.

Who is told is decided when the reminder is sent: approved, active members of the owning
organisation who may see the event the action was agreed at. Sent by
``manage.py send_action_reminders`` (for cron) and by the task worker's sweep.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from hub.accounts import access
from hub.accounts.models import User

from ..models import ActionReminder, EventAction
from ..models.actions import OPEN_STATUSES
from .selectors import decorate

REMIND_DAYS_BEFORE = 7


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def actions_to_remind(today=None):
    """Open actions due within a week from ``today`` that have had no reminder for that date."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    candidates = EventAction.objects.filter(
        status__in=OPEN_STATUSES,
        owner__isnull=False,
        due_on__gte=today,
        due_on__lte=horizon,
        page__live=True,
    ).select_related("page", "owner")
    reminded = set(
        ActionReminder.objects.filter(
            action_key__in=[a.key for a in candidates], due_on__lte=horizon
        ).values_list("action_key", "due_on")
    )
    actions = [a for a in candidates if (a.key, a.due_on) not in reminded]
    # An action whose discussion has an accepted answer is done: no reminder.
    return [a for a in decorate(None, actions) if a.is_open]


def recipients(action):
    """The owner's members who may see the event now, with an email address."""
    members = User.objects.filter(
        organisation_id=action.owner_id, status=User.Status.APPROVED, is_active=True
    ).exclude(email="")
    return [user for user in members if access.can_view_page(user, action.page)]


def _message(action, user):
    context = {
        "user": user,
        "action": action,
        "event": action.page,
        "event_url": _absolute(action.page.url + "#actions"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = f"Action due on {action.due_on:%-d %B %Y}: {action.text}"
    return EmailMessage(
        " ".join(subject.split())[:150],
        render_to_string("home/email/action_reminder.txt", context),
        to=[user.email],
    )


def send_reminders(today=None) -> int:
    """Send every reminder due; return how many emails went. Running it again sends nothing."""
    sent = 0
    connection = get_connection()
    for action in actions_to_remind(today):
        try:
            with transaction.atomic():
                # Recorded first, inside the same transaction as the sending: a second run (or
                # another worker) finds it and skips; a failed send leaves no record behind.
                reminder = ActionReminder.objects.create(
                    action_key=action.key, due_on=action.due_on
                )
                messages = [_message(action, user) for user in recipients(action)]
                if messages:
                    connection.send_messages(messages)
                reminder.recipients = len(messages)
                reminder.save(update_fields=["recipients"])
        except IntegrityError:
            continue
        sent += len(messages)
    return sent
