import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub import activity, worker
from hub.models import ActivityEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.pages import GuidancePageFactory
from tests.factories.resources import collection, make_resource

pytestmark = pytest.mark.django_db

READ = activity.Kind.GUIDANCE_READ
DOWNLOADED = activity.Kind.DOCUMENT_DOWNLOADED


def counts():
    return {
        (e.organisation.name, e.kind, e.object_key, e.day): e.count
        for e in ActivityEvent.objects.select_related("organisation")
    }


def test_a_read_is_counted_in_the_cache_and_written_only_by_the_sweep():
    council = OrganisationFactory(name="Ashby Council")
    reader = UserFactory(organisation=council)
    with CaptureQueriesContext(connection) as queries:
        activity.record(user=reader, kind=READ, object_key="page:7")
        activity.record(user=reader, kind=READ, object_key="page:7")
    assert not any("hub_activityevent" in q["sql"] for q in queries.captured_queries)
    assert not ActivityEvent.objects.exists()

    worker.sweep()
    today = timezone.localdate()
    assert counts() == {("Ashby Council", READ, "page:7", today): 2}

    worker.sweep()
    assert counts() == {("Ashby Council", READ, "page:7", today): 2}, "nothing counted twice"
    activity.record(user=UserFactory(organisation=council), kind=READ, object_key="page:7")
    activity.flush()
    assert counts() == {("Ashby Council", READ, "page:7", today): 3}


def test_a_count_made_while_the_sweep_runs_is_kept_for_the_next(monkeypatch):
    reader = UserFactory(organisation=OrganisationFactory(name="Ashby Council"))
    activity.record(user=reader, kind=READ, object_key="page:7")
    write = activity._write

    def write_then_someone_reads(pending):
        written = write(pending)
        activity.record(user=reader, kind=READ, object_key="page:7")
        return written

    monkeypatch.setattr(activity, "_write", write_then_someone_reads)
    activity.flush()
    monkeypatch.setattr(activity, "_write", write)
    activity.flush()
    assert sum(counts().values()) == 2


def test_only_approved_members_of_an_organisation_are_counted(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    council = OrganisationFactory()
    activity.record(user=AnonymousUser(), kind=READ, object_key="page:1")
    activity.record(user=UserFactory(organisation=None), kind=READ, object_key="page:1")
    pending = UserFactory(organisation=council, status=django_user_model.Status.PENDING)
    activity.record(user=pending, kind=READ, object_key="page:1")
    activity.flush()
    assert not ActivityEvent.objects.exists()


def test_the_table_holds_counts_per_organisation_and_names_nobody():
    fields = {f.name for f in ActivityEvent._meta.get_fields()}
    assert fields == {"id", "organisation", "kind", "object_key", "day", "count"}


def test_reading_guidance_and_downloading_a_document_are_counted(client):
    council = OrganisationFactory(name="Ashby Council")
    reader = UserFactory(organisation=council)
    page = GuidancePageFactory()
    resource = make_resource(collection=collection("Library"))
    client.force_login(reader)

    assert client.get(page.url).status_code == 200
    download = client.get(resource.download_url)
    assert download.status_code == 200
    etag = download["ETag"]
    again = client.get(resource.download_url, headers={"if-none-match": etag})
    assert again.status_code == 304
    activity.flush()

    today = timezone.localdate()
    assert counts() == {
        ("Ashby Council", READ, f"page:{page.pk}", today): 1,
        ("Ashby Council", DOWNLOADED, f"resource:{resource.pk}", today): 1,
    }


def test_a_refused_download_is_not_counted(client):
    reader = UserFactory(organisation=OrganisationFactory())
    client.force_login(reader)
    assert client.get("/resources/999999/download/").status_code == 404
    activity.flush()
    assert not ActivityEvent.objects.exists()


def test_the_sweep_deletes_days_past_the_retention_period(settings):
    settings.ACTIVITY_RETENTION_DAYS = 30
    council = OrganisationFactory()
    today = timezone.localdate()
    for age in (0, 30, 31, 400):
        ActivityEvent.objects.create(
            organisation=council,
            kind=READ,
            object_key="page:1",
            day=today - datetime.timedelta(days=age),
            count=1,
        )
    worker.sweep()
    kept = sorted((today - d).days for d in ActivityEvent.objects.values_list("day", flat=True))
    assert kept == [0, 30]


def test_counts_of_an_organisation_deleted_before_the_sweep_are_dropped():
    council = OrganisationFactory()
    activity.record(user=UserFactory(organisation=council), kind=READ, object_key="page:1")
    council.delete()
    activity.flush()
    assert not ActivityEvent.objects.exists()
