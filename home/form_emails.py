"""Email after an expression of interest: the programme team gets the answers, the person
who sent them a copy and a word that they arrived.

Sent by a background task once the answers are saved, so a mail server that is down never
loses an answer or shows the person an error. Plain text only: every answer is what someone
typed, and a plain-text message cannot turn it into markup.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task
from wagtail.contrib.forms.models import FormSubmission

from hub.accounts import roles


def programme_team_addresses(page) -> list[str]:
    """The form's own "to" addresses if an editor set them, else the programme team's."""
    if page.to_address.strip():
        return [address.strip() for address in page.to_address.split(",") if address.strip()]
    team = (
        get_user_model()
        .objects.filter(groups__name=roles.PROGRAMME_TEAM, is_active=True)
        .exclude(email="")
    )
    return sorted(set(team.values_list("email", flat=True)))


def answers_of(page, submission) -> list[tuple[str, str]]:
    data = submission.get_data()
    answers = []
    for field in page.get_form_fields():
        value = data.get(field.clean_name, "")
        if isinstance(value, list):
            value = ", ".join(value)
        answers.append((field.label, str(value or "Not answered")))
    return answers


def submitter_address(page, submission) -> str:
    data = submission.get_data()
    for field in page.get_form_fields():
        if field.field_type == "email" and data.get(field.clean_name):
            return data[field.clean_name]
    return ""


def messages_for(submission) -> list[EmailMessage]:
    page = submission.page.specific
    submitter = submitter_address(page, submission)
    context = {
        "page": page,
        "answers": answers_of(page, submission),
        "submitter": submitter,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "answers_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("wagtailforms:list_submissions", args=[page.pk]),
    }
    messages = []
    team = programme_team_addresses(page)
    if team:
        messages.append(
            EmailMessage(
                page.subject.strip() or f"New expression of interest: {page.title}",
                render_to_string("home/email/expression_of_interest_team.txt", context),
                to=team,
                reply_to=[submitter] if submitter else None,
            )
        )
    if submitter:
        messages.append(
            EmailMessage(
                f"We have your expression of interest: {page.title}",
                render_to_string("home/email/expression_of_interest_copy.txt", context),
                to=[submitter],
            )
        )
    return messages


@task()
def send_expression_of_interest_emails(submission_id: int) -> int:
    submission = FormSubmission.objects.select_related("page").filter(pk=submission_id).first()
    if submission is None:
        return 0
    messages = messages_for(submission)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
