"""Reminders a week and a day before the due date and the day after, each once, only to sites
that have not submitted, over a real SMTP server; they name the round, never an answer."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub import worker
from hub.returns import forms, selectors, services
from hub.returns.models import ReturnEmail
from hub.returns.reminders import send_reminders
from tests.factories import UserFactory

from .helpers import answers, make_round, make_staff

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 3, 10)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def submit_for(round_, site, user):
    questions = selectors.questions_of(round_)
    form = forms.answer_form_class(questions)(answers(text="Quietcanary"), submitting=True)
    assert form.is_valid()
    services.submit(round_=round_, site=site, form=form, questions=questions, user=user, based_on=0)


@pytest.fixture
def due(sites):
    round_ = make_round(list(sites.values()), title="Autumn return")
    round_.due_on = days(7)
    round_.save()
    return round_


def test_week_day_and_overdue_reminders_go_once_each_to_sites_not_submitted(
    due, sites, staff, smtp_inbox, monkeypatch
):
    second = make_staff(sites["redbridge"], email="second@redbridge.example")
    make_staff(sites["redbridge"], email="waiting@redbridge.example", status="pending")
    UserFactory(organisation=sites["redbridge"], email="member@redbridge.example")
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    submit_for(due, sites["enfield"], staff["enfield"])
    expected = sorted([staff["redbridge"].email, second.email])

    assert send_reminders(days(0)) == 2
    assert sorted(m["X-RcptTo"] for m in smtp_inbox) == expected
    assert send_reminders(days(0)) == 0  # running twice sends nothing more
    assert send_reminders(days(3)) == 0  # between reminders, nothing
    assert send_reminders(days(6)) == 2  # the day before
    assert send_reminders(days(6)) == 0
    assert send_reminders(days(7)) == 0  # the due day itself: the day reminder went already
    assert send_reminders(days(8)) == 2  # the day after it passed
    assert send_reminders(days(9)) == 0
    assert len(smtp_inbox) == 6
    subjects = [m["Subject"] for m in smtp_inbox]
    assert subjects[0] == "Return due in a week: Autumn return"
    assert subjects[2].startswith("Return due on 17 March: Autumn return")
    assert subjects[4] == "Return overdue: Autumn return"
    for message in smtp_inbox:
        text = message.get_payload(decode=True).decode()
        assert "Quietcanary" not in text and "Care home" not in text
        assert f"http://testserver/returns/{due.pk}/sites/{sites['redbridge'].pk}/" in text
        assert message["X-RcptTo"] in expected
    kinds = sorted(ReturnEmail.objects.values_list("kind", flat=True))
    assert kinds == ["day", "overdue", "week"]


def test_a_round_being_prepared_or_long_past_sends_nothing(sites, staff, smtp_inbox):
    draft = make_round(list(sites.values()), opened=False, title="Not yet sent")
    draft.due_on = days(7)
    draft.save()
    old = make_round(list(sites.values()), title="Long past")
    old.due_on = days(-30)
    old.save()
    assert send_reminders(days(0)) == 0
    assert smtp_inbox == []


def test_the_command_sends_and_says_how_many_and_the_worker_sweeps_it(due, staff, smtp_inbox):
    out = io.StringIO()
    due.due_on = timezone.localdate() + datetime.timedelta(days=7)
    due.save()
    call_command("send_return_reminders", stdout=out)
    assert out.getvalue().strip() == "Sent 2 return reminders."
    call_command("send_return_reminders", stdout=out)
    assert out.getvalue().strip().endswith("Sent 0 return reminders.")
    assert send_reminders in worker._sweeps
