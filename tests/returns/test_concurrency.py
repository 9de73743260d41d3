"""Two submissions of one return at the same moment (two tabs, a double click): one is stored,
the other refused, whichever order the database sees them in."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from hub.returns import forms, selectors, services
from hub.returns.models import ReturnRevision

from .helpers import answers, make_round, make_site, make_staff

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
        reason="the SQLite test database lives in one connection's memory; "
        "test_site_returns.py covers the same race through the unique revision number",
    ),
]


def test_two_submissions_at_once_store_one(django_db_blocker):
    site = make_site("Concurrent (test)")
    user = make_staff(site)
    round_ = make_round([site])
    questions = selectors.questions_of(round_)
    start = threading.Barrier(2)
    outcomes = []

    def submit():
        with django_db_blocker.unblock():
            try:
                form = forms.answer_form_class(questions)(answers(), submitting=True)
                assert form.is_valid()
                start.wait()
                services.submit(
                    round_=round_,
                    site=site,
                    form=form,
                    questions=questions,
                    user=user,
                    based_on=0,
                )
                outcomes.append("stored")
            except services.AlreadySubmitted:
                outcomes.append("refused")
            finally:
                connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert ReturnRevision.objects.count() == 1
