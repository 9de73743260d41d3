"""The expression-of-interest form: a full answer is stored, a bad one is refused with field
errors, nothing is accepted after the closing date, and only the programme team sees answers."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from tests.factories import pages as f

VALID = {
    "name_of_council": "Fernley Council",
    "contact_email": "lead@fernley.example",
    "are_you_interested_in_trialling_direct_payments_in_residential_care": "Yes",
    "how_would_you_make_use_of_this_opportunity": "Start with ten residents in two homes.",
}


@pytest.fixture
def form_page(db):
    return f.eoi_form()


def test_the_form_shows_its_questions_and_closing_date(client, form_page):
    response = client.get(form_page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Are you interested in trialling direct payments" in body
    assert "Closing date" in body
    assert 'name="contact_email"' in body


def test_a_full_valid_answer_is_stored(client, form_page):
    response = client.post(form_page.url, VALID)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = FormSubmission.objects.get(page=form_page)
    assert submission.get_data()["name_of_council"] == "Fernley Council"


def test_an_invalid_answer_shows_field_errors_and_stores_nothing(client, form_page):
    data = {**VALID, "contact_email": "not-an-email", "name_of_council": ""}
    data["how_would_you_make_use_of_this_opportunity"] = "x" * 5000
    response = client.post(form_page.url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "govuk-error-message" in body
    assert "Enter a valid email address." in body
    assert (
        "Your answer to “How would you make use of this opportunity?” must be 4000 characters"
        " or fewer." in body
    )
    assert not FormSubmission.objects.exists()


def test_an_empty_answer_names_each_question_in_the_error_summary(client, form_page):
    body = client.post(form_page.url, {}).content.decode()
    summary = body.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', summary) == [
        ("id_name_of_council", "Enter name of council."),
        ("id_contact_email", "Enter contact email."),
        (
            "id_are_you_interested_in_trialling_direct_payments_in_residential_care_0",
            "Answer “Are you interested in trialling direct payments in residential care?”",
        ),
        (
            "id_how_would_you_make_use_of_this_opportunity",
            "Answer “How would you make use of this opportunity?”",
        ),
    ]
    assert "This field is required" not in body
    assert not FormSubmission.objects.exists()


def test_a_nul_byte_in_an_answer_is_a_field_error_not_a_crash(client, form_page):
    response = client.post(form_page.url, {**VALID, "name_of_council": "Fern\x00ley"})
    assert response.status_code == 200
    assert not FormSubmission.objects.exists()


def test_after_the_closing_date_the_form_is_closed_and_refuses_answers(client, db):
    page = f.eoi_form(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(page.url)
    body = response.content.decode()
    assert "no longer accepts answers" in body
    assert '<form method="post" action="' + page.url not in body
    assert "Are you interested in trialling" in body  # the record of what was asked
    response = client.post(page.url, VALID)
    assert response.status_code == 403
    assert not FormSubmission.objects.exists()


@pytest.mark.parametrize(
    ("actor", "can_see"),
    [("programme_team", True), ("evaluator", False), ("steering", False), ("provider", False)],
)
def test_only_the_programme_team_sees_submissions(client, make_actor, form_page, actor, can_see):
    client.post(form_page.url, VALID)
    client.force_login(make_actor(actor))
    listing = client.get(f"/admin/forms/submissions/{form_page.pk}/")
    export = client.get(f"/admin/forms/submissions/{form_page.pk}/", {"export": "csv"})
    if can_see:
        assert listing.status_code == 200
        assert "Fernley Council" in listing.content.decode()
        assert export.status_code == 200
        assert b"Fernley Council" in b"".join(export.streaming_content)
    else:
        assert listing.status_code in (302, 403)
        assert b"Fernley" not in listing.content
        assert b"Fernley" not in export.content


def _body(message):
    return message.get_payload(decode=True).decode().replace("\r\n", "\n")


def test_an_answer_emails_the_programme_team_and_the_sender_over_smtp(
    client, form_page, smtp_inbox, django_capture_on_commit_callbacks
):
    from hub.accounts import roles
    from tests.factories import UserFactory

    UserFactory(email="team@scie.example", roles=[roles.PROGRAMME_TEAM])
    UserFactory(email="member@council.example", roles=[roles.LOCAL_AUTHORITY_MEMBERS])
    data = {**VALID, "how_would_you_make_use_of_this_opportunity": "Start <b>small</b>."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, data)
    assert response.status_code == 200
    sent = {message["X-RcptTo"]: message for message in smtp_inbox}
    assert set(sent) == {"team@scie.example", "lead@fernley.example"}

    team = sent["team@scie.example"]
    assert team["Subject"] == f"New expression of interest: {form_page.title}"
    assert team["Reply-To"] == "lead@fernley.example"
    text = _body(team)
    assert "Name of council\nFernley Council" in text
    assert "Start <b>small</b>." in text  # plain text, as typed
    assert "Any other comments or queries?\nNot answered" in text
    assert f"http://testserver/admin/forms/submissions/{form_page.pk}/" in text

    copy = sent["lead@fernley.example"]
    assert copy["Subject"] == f"We have your expression of interest: {form_page.title}"
    assert "Thank you for your expression of interest." in _body(copy)
    assert "Fernley Council" in _body(copy)


def test_the_forms_own_address_replaces_the_programme_team(
    client, form_page, smtp_inbox, django_capture_on_commit_callbacks
):
    from hub.accounts import roles
    from tests.factories import UserFactory

    UserFactory(email="team@scie.example", roles=[roles.PROGRAMME_TEAM])
    form_page.to_address = "eoi@dh.example"
    form_page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_page.url, VALID)
    assert sorted(message["X-RcptTo"] for message in smtp_inbox) == [
        "eoi@dh.example",
        "lead@fernley.example",
    ]


def test_a_mail_server_that_is_down_loses_no_answer(
    client, form_page, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, VALID)
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=form_page).count() == 1


def test_an_invalid_answer_emails_no_one(client, form_page, mailoutbox):
    client.post(form_page.url, {**VALID, "contact_email": "nope"})
    assert mailoutbox == []


def test_the_form_is_listed_in_the_about_section_it_sits_in(client, db):
    about = f.standard("About the programme")
    form = f.eoi_form()
    form.move(about, pos="last-child")
    form.refresh_from_db()
    body = client.get(about.url).content.decode()
    assert "In this section" in body and f'href="{form.url}"' in body
    assert client.get(form.url).status_code == 200
