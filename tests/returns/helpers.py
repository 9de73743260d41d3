"""Returns test data, shared by the returns tests and the browser page lists."""

import datetime

from django.utils import timezone

from hub.accounts import roles
from hub.returns.models import ReturnQuestion, ReturnRound
from tests.factories import OrganisationFactory, UserFactory

QUESTIONS = [
    ("number", "How many direct payments?", ""),
    ("radio", "How settled is the process?", "Not started\nBeing tested\nSettled"),
    ("multiline", "What got in the way?", ""),
    ("file", "Monitoring sheet", ""),
]


def make_site(name):
    return OrganisationFactory(name=name, is_trailblazer=True)


def make_staff(site, **kwargs):
    return UserFactory(organisation=site, roles=[roles.TRAILBLAZER_STAFF], **kwargs)


def make_round(
    sites, *, due_in=10, accepts_late=False, opened=True, questions=QUESTIONS, optional=(), **kw
):
    round_ = ReturnRound.objects.create(
        title=kw.pop("title", "Quarter two return"),
        due_on=timezone.localdate() + datetime.timedelta(days=due_in),
        accepts_late=accepts_late,
        status=ReturnRound.Status.OPEN if opened else ReturnRound.Status.DRAFT,
        **kw,
    )
    round_.sites.set(sites)
    for number, (kind, label, choices) in enumerate(questions):
        question = ReturnQuestion(
            round=round_,
            sort_order=number,
            label=label,
            field_type=kind,
            choices=choices,
            required=kind != "file" and kind not in optional,
        )
        question.clean_name = question.get_field_clean_name()
        question.save()
    return round_


def answers(number="12", choice="Settled", text="Care home contracts", **extra):
    return {
        "how_many_direct_payments": number,
        "how_settled_is_the_process": choice,
        "what_got_in_the_way": text,
        **extra,
    }


def private_files(settings, folder):
    """Keep returned files under ``folder`` for the test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "returns": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": "/no-public-url/"},
        },
    }


def submitted_round(title="Autumn return"):
    """An open round to two sites, one of which has submitted: the people and the URLs."""
    from django.urls import reverse

    from hub.returns import forms, selectors, services

    enfield, redbridge = make_site(f"Enfield ({title})"), make_site(f"Redbridge ({title})")
    people = {
        "evaluator": UserFactory(roles=[roles.EVALUATORS]),
        "officer": make_staff(enfield),
        "neighbour": make_staff(redbridge),
    }
    round_ = make_round([enfield, redbridge], title=title)
    questions = selectors.questions_of(round_)
    form = forms.answer_form_class(questions)(answers(), submitting=True)
    form.is_valid()
    services.submit(
        round_=round_,
        site=enfield,
        form=form,
        questions=questions,
        user=people["officer"],
        based_on=0,
    )
    urls = {
        "index": reverse("returns:index"),
        "new": reverse("returns:round_new"),
        "round": reverse("returns:round", args=[round_.pk]),
        "own": reverse("returns:site_return", args=[round_.pk, enfield.pk]),
        "other": reverse("returns:site_return", args=[round_.pk, redbridge.pk]),
        "revision": reverse("returns:revision", args=[round_.pk, enfield.pk, 1]),
    }
    return people, urls


def returns_pages(client):
    """Each returns page as sent, for the HTML checker: the evaluators' and a site's views,
    blank and with errors."""
    people, urls = submitted_round("Checked return")
    client.force_login(people["evaluator"])
    pages = {
        "returns-evaluators": client.get(urls["index"]),
        "returns-round-new": client.get(urls["new"]),
        "returns-round-errors": client.post(urls["new"], {"title": ""}),
        "returns-round": client.get(urls["round"]),
        "returns-read": client.get(urls["own"]),
        "returns-revision": client.get(urls["revision"]),
    }
    client.force_login(people["neighbour"])
    pages["returns-site"] = client.get(urls["index"])
    pages["returns-form"] = client.get(urls["other"])
    pages["returns-form-errors"] = client.post(urls["other"], {"submit": "1", "based_on": "0"})
    return pages


RETURNS_ERROR_PAGES = {"returns-round-errors": 400, "returns-form-errors": 400}
