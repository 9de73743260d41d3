import csv
import datetime
import io

import pytest
from django.utils import timezone

from discussions.models import Reply, Thread
from home.models import ReadinessRules
from hub.accounts.models import Organisation, User
from hub.models import ActivityEvent
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.pages import GuidancePageFactory, LearningEventPageFactory
from tests.privacy import ACTOR_ROLES

pytestmark = pytest.mark.django_db

ALLOWED = {"steering", "programme_team", "superuser"}
READ = ActivityEvent.Kind.GUIDANCE_READ


def council(name, region="London", **kwargs):
    return OrganisationFactory(
        name=name, region=region, kind=Organisation.Kind.LOCAL_AUTHORITY, **kwargs
    )


def used(organisation, kind, key, *, days_ago=0, count=1):
    ActivityEvent.objects.create(
        organisation=organisation,
        kind=kind,
        object_key=key,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        count=count,
    )


@pytest.fixture
def councils():
    """Three councils: one ready, one getting ready (an old reader), one silent."""
    rules = ReadinessRules.load()
    rules.min_key_guidance, rules.active_within_days, rules.silent_after_days = 1, 30, 90
    rules.save()
    key = GuidancePageFactory(title="Key guidance", is_key=True)
    ready = council("Ashby Council", is_trailblazer=True)
    amber = council("Brill Council", region="South West")
    silent = council("Crane Council", region="North East")
    UserFactory(organisation=ready)
    UserFactory(organisation=amber)
    UserFactory(organisation=amber, status=User.Status.PENDING)
    used(ready, READ, f"page:{key.pk}")
    used(ready, ActivityEvent.Kind.DOCUMENT_DOWNLOADED, "resource:1", count=4)
    used(amber, READ, f"page:{key.pk}", days_ago=45)
    return {"ready": ready, "amber": amber, "silent": silent, "key": key}


@pytest.fixture
def editor(client):
    scie = OrganisationFactory(name="SCIE", kind=Organisation.Kind.PROGRAMME_BODY)
    client.force_login(
        UserFactory(username="programme_team", organisation=scie, **ACTOR_ROLES["programme_team"])
    )
    return client


def test_the_view_shows_each_council_with_its_status_and_why(editor, councils):
    asker = UserFactory(organisation=councils["ready"])
    thread = Thread.objects.create(title="How do top-ups work here?", body="b", author=asker)
    answer = Reply.objects.create(thread=thread, body="Like this", author=asker)
    Thread.objects.filter(pk=thread.pk).update(accepted_reply=answer)
    event = LearningEventPageFactory()
    event.sites_attending.add(councils["ready"])
    event.save_revision().publish()

    response = editor.get("/readiness/")

    assert response.status_code == 200
    rows = {row.name: row for row in response.context["rows"]}
    ready, amber, silent = rows["Ashby Council"], rows["Brill Council"], rows["Crane Council"]
    assert (ready.status, ready.key_read, ready.downloads) == ("ready", 1, 4)
    assert (ready.asked, ready.answered, ready.events, ready.approved) == (1, 1, 1, 2)
    assert (amber.status, amber.pending) == ("getting_ready", 1)
    assert "last active 45 days ago (needs 30 or fewer)" in amber.reason
    assert (silent.status, silent.reason) == ("silent", "No approved members")
    content = response.content.decode()
    assert "last active 45 days ago" in content
    assert "How do top-ups work here?" not in content, "threads are counted, never titled"
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )


def test_nobody_is_named_on_the_page(editor, councils):
    reader = User.objects.filter(organisation=councils["ready"]).get()
    content = editor.get("/readiness/").content.decode()
    assert reader.last_name not in content
    assert reader.email not in content


def test_the_rules_the_programme_team_edits_change_the_status(editor, councils):
    rules = ReadinessRules.load()
    rules.active_within_days = 60
    rules.save()
    rows = {row.name: row for row in editor.get("/readiness/").context["rows"]}
    assert rows["Brill Council"].status == "ready"


def test_filters_by_region_and_status_and_sorts_by_any_column(editor, councils):
    rows = editor.get("/readiness/?region=South+West").context["rows"]
    assert [row.name for row in rows] == ["Brill Council"]
    rows = editor.get("/readiness/?status=silent").context["rows"]
    assert [row.name for row in rows] == ["Crane Council"]
    rows = editor.get("/readiness/?sort=-downloads").context["rows"]
    assert rows[0].name == "Ashby Council"
    rows = editor.get("/readiness/?sort=status").context["rows"]
    assert [row.status for row in rows] == ["silent", "getting_ready", "ready"]
    for column in ("region", "last_active", "trailblazer", "-pending", "events", "-name"):
        assert editor.get(f"/readiness/?sort={column}").status_code == 200


def test_unknown_filters_and_sorts_are_ignored_not_an_error(editor, councils):
    response = editor.get("/readiness/?region=Atlantis&status=%00&sort=password")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3


def test_the_csv_has_the_filtered_rows_with_the_reason(editor, councils):
    response = editor.get("/readiness/readiness.csv?status=getting_ready")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Council"] for r in rows] == ["Brill Council"]
    assert rows[0]["Status"] == "Getting ready"
    assert "45 days ago" in rows[0]["Why"]


@pytest.mark.parametrize("actor", sorted(set(ACTOR_ROLES) - ALLOWED))
@pytest.mark.parametrize("url", ["/readiness/", "/readiness/readiness.csv"])
def test_everyone_else_gets_not_found(client, make_actor, councils, actor, url):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 404
    assert b"Ashby Council" not in response.content


@pytest.mark.parametrize("actor", sorted(ALLOWED))
def test_the_programme_team_the_steering_group_and_superusers_see_it(
    client, make_actor, councils, actor
):
    client.force_login(make_actor(actor))
    assert client.get("/readiness/").status_code == 200
    assert client.get("/readiness/readiness.csv").status_code == 200


def test_the_anonymous_page_cache_never_keeps_it(client, settings, councils, make_actor, rf):
    from django.core.cache import cache

    from hub import page_cache

    settings.HUB_PAGE_CACHE_SECONDS = 300
    client.force_login(make_actor("steering"))
    first = client.get("/readiness/")
    assert first.status_code == 200
    assert "public" not in first.get("Cache-Control", "")
    assert "no-store" in first["Cache-Control"] or "max-age=0" in first["Cache-Control"]
    client.logout()
    for _ in range(2):
        response = client.get("/readiness/")
        assert response.status_code == 404
        assert b"Ashby Council" not in response.content
    for url in ("/readiness/", "/readiness/readiness.csv"):
        assert cache.get(page_cache.cache_key(rf.get(url))) is None


def test_the_view_is_never_listed(client, make_actor, councils):
    assert b"/readiness/" not in client.get("/sitemap.xml").content
    client.force_login(make_actor("steering"))
    assert b'href="/readiness/"' not in client.get("/").content


def test_the_map_draws_a_hex_per_council_with_a_title(editor, councils):
    content = editor.get("/readiness/").content.decode()
    assert content.count("<polygon") == 3
    assert "<title>Brill Council, South West: Getting ready." in content
    assert "https://" not in content.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_queries_stay_within_budget_at_152_councils(
    editor, django_assert_max_num_queries, settings
):
    from django.core.management import call_command

    call_command("load_councils")
    ReadinessRules.load()  # made on first use, once
    key = GuidancePageFactory(is_key=True)
    for organisation in Organisation.objects.all():
        UserFactory(organisation=organisation)
        used(organisation, READ, f"page:{key.pk}")
    editor.get("/readiness/")  # the first visit reads the role groups (then cached): +2
    with django_assert_max_num_queries(15):
        response = editor.get("/readiness/")
    assert len(response.context["rows"]) == 152
    with django_assert_max_num_queries(15):
        assert editor.get("/readiness/readiness.csv").status_code == 200


def test_leaving_the_steering_group_takes_the_view_away_at_once(client, make_actor, councils):
    steering = make_actor("steering")
    client.force_login(steering)
    assert client.get("/readiness/").status_code == 200
    steering.groups.clear()
    assert client.get("/readiness/").status_code == 404


def test_a_council_name_that_looks_like_a_formula_stays_text_in_the_csv(editor, councils):
    Organisation.objects.filter(pk=councils["silent"].pk).update(name="=HYPERLINK(1)")
    response = editor.get("/readiness/readiness.csv")
    names = [r["Council"] for r in csv.DictReader(io.StringIO(response.content.decode()))]
    assert "'=HYPERLINK(1)" in names
    assert "=HYPERLINK(1)" not in names
