"""The demo: one open round, loaded once however often the demo is loaded, that the demo
evaluator sees whole and the demo trailblazer sees as their own council's draft."""

import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hub.accounts.models import User
from hub.returns.models import ReturnRound, SiteReturn


def test_demo_round_for_the_demo_evaluator_and_trailblazer(db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    round_ = ReturnRound.objects.get()
    assert round_.is_open and round_.questions.count() == 4
    trailblazer = User.objects.get(username="trailblazer")
    assert SiteReturn.objects.get().organisation == trailblazer.organisation

    client = Client()
    client.force_login(trailblazer)
    page = client.get(reverse("returns:index"))
    assert round_.title in page.text and "Draft" in page.text
    client.force_login(User.objects.get(username="evaluator"))
    detail = client.get(reverse("returns:round", args=[round_.pk]))
    assert detail.status_code == 200
    assert trailblazer.organisation.name in detail.text
    client.force_login(User.objects.get(username="editor"))
    assert client.get(reverse("returns:index")).status_code == 403
