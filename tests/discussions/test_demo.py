from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from discussions.models import Thread


@pytest.mark.django_db
@override_settings(HUB_DEMO_PASSWORD="demo-password-for-tests")
def test_demo_threads_load_once_with_accepted_answers_and_restricted_areas():
    call_command("load_demo", stdout=StringIO())
    count = Thread.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Thread.objects.count() == count >= 6
    assert Thread.objects.filter(accepted_reply__isnull=False).count() >= 4
    steering = Thread.objects.get(title__contains="Brindlewick")
    assert steering.area == "steering"
    assert set(steering.groups.values_list("name", flat=True)) == {
        "Steering group",
        "Programme team",
    }
    assert {t.area for t in Thread.objects.all()} >= {"public", "members", "evaluators"}
