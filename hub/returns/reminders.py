"""Reminders to sites that have not submitted: a week before the due date, the day before,
and the day after it passed; each once per round and site, recorded before it is sent.

Sent by ``manage.py send_return_reminders`` (for cron) and by the task worker's sweep. The
emails name the round and its due date and link to the return; they never carry answers.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub import mail
from hub.accounts import roles
from hub.accounts.models import User

from .models import ReturnEmail, ReturnRound, SiteReturn

Kind = ReturnEmail.Kind
# A missed day of cron still sends the reminder late rather than never, but within this many
# days of its own date: a round opened long after it fell due sends no "overdue" email a month on.
GRACE_DAYS = 2


def kind_for(round_, today) -> str | None:
    """Which reminder is due today for this round, if any."""
    days_left = (round_.due_on - today).days
    if 7 - GRACE_DAYS <= days_left <= 7:
        return Kind.WEEK
    if days_left in (0, 1):
        return Kind.DAY
    if -1 - GRACE_DAYS <= days_left <= -1:
        return Kind.OVERDUE
    return None


def recipients(site):
    """The site's approved, active trailblazer staff with an email address."""
    staff = Group.objects.filter(name=roles.TRAILBLAZER_STAFF)
    return list(
        User.objects.filter(
            organisation=site, status=User.Status.APPROVED, is_active=True, groups__in=staff
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


SUBJECTS = {
    Kind.WEEK: "Return due in a week: {title}",
    Kind.DAY: "Return due on {due}: {title}",
    Kind.OVERDUE: "Return overdue: {title}",
    Kind.CHASE: "The evaluators are waiting for your return: {title}",
}


def _messages(round_, site, kind, users):
    url = mail.absolute(reverse("returns:site_return", args=[round_.pk, site.pk]))
    subject = SUBJECTS[kind].format(title=round_.title, due=f"{round_.due_on:%-d %B}")
    for user in users:
        context = {
            "user": user,
            "round": round_,
            "site": site,
            "kind": kind,
            "url": url,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        yield EmailMessage(
            " ".join(subject.split())[:150],
            render_to_string("returns/email/reminder.txt", context),
            to=[user.email],
        )


def send_to_site(round_, site, kind, connection=None) -> int:
    messages = list(_messages(round_, site, kind, recipients(site)))
    if messages:
        (connection or get_connection()).send_messages(messages)
    return len(messages)


def send_reminders(today=None) -> int:
    """Send every reminder due today; return how many emails went. A second run sends none."""
    today = today or timezone.localdate()
    sent = 0
    connection = get_connection()
    rounds = ReturnRound.objects.filter(
        status=ReturnRound.Status.OPEN,
        due_on__gte=today - datetime.timedelta(days=1 + GRACE_DAYS),
        due_on__lte=today + datetime.timedelta(days=7),
    ).prefetch_related("sites")
    for round_ in rounds:
        kind = kind_for(round_, today)
        if kind is None:
            continue
        submitted = set(
            SiteReturn.objects.filter(round=round_, revision_count__gt=0).values_list(
                "organisation_id", flat=True
            )
        )
        done = set(
            ReturnEmail.objects.filter(round=round_, kind=kind).values_list(
                "organisation_id", flat=True
            )
        )
        for site in round_.sites.all():
            if site.pk in submitted or site.pk in done:
                continue
            try:
                with transaction.atomic():
                    # Recorded in the same transaction as the sending: another run finds it and
                    # skips; a failed send leaves no record, so the next run tries again.
                    record = ReturnEmail.objects.create(
                        round=round_, organisation=site, kind=kind, sent_on=today
                    )
                    record.recipients = send_to_site(round_, site, kind, connection)
                    record.save(update_fields=["recipients"])
            except IntegrityError:
                continue
            sent += record.recipients
    return sent
