import datetime

import pytest
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


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "returns": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "returns", "base_url": "/no-public-url/"},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"


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


@pytest.fixture
def sites(db):
    return {"enfield": make_site("Enfield (test)"), "redbridge": make_site("Redbridge (test)")}


@pytest.fixture
def staff(sites):
    return {name: make_staff(site) for name, site in sites.items()}


@pytest.fixture
def evaluator(db):
    return UserFactory(roles=[roles.EVALUATORS])


@pytest.fixture
def round_(sites):
    return make_round(list(sites.values()))
