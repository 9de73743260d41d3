"""Saved searches and their emails: saved from /search/, managed at /search/alerts/, sent over
real SMTP with exactly what is new and visible to each recipient at send time, once a period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hub.accounts import roles
from hub.accounts.access import Audience
from search import alerts, services
from search.models import AlertSent, SavedSearch
from tests.factories import UserFactory
from tests.factories.search import SearchEntryFactory
from tests.mail import links, parts

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


@pytest.fixture
def member():
    return UserFactory(email="member@council.example", roles=[roles.LOCAL_AUTHORITY_MEMBERS])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def save(user, query="top-up payments", **filters):
    return services.saved_search_create(user=user, query=query, filters=filters)[0]


# --- Saving ---------------------------------------------------------------------------------


def test_a_member_saves_a_search_from_the_results_once(member):
    SearchEntryFactory(title="Top-up payments explained")
    client = signed_in(member)
    page = client.get("/search/", {"q": "top-up", "kind": "thread"})
    assert b"Save this search" in page.content
    data = {"q": "top-up", "kind": ["thread"]}
    first = client.post("/search/alerts/save/", data)
    again = client.post("/search/alerts/save/", data)
    assert first.status_code == again.status_code == 302
    saved = SavedSearch.objects.get(user=member)
    assert (saved.query, saved.filters, saved.frequency) == (
        "top-up",
        {"kind": ["thread"]},
        "daily",
    )
    assert saved.name == "top-up (Discussions)"
    followed = client.get(again["Location"])
    assert "already saved" in followed.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "pending"])
def test_only_approved_members_may_save(who):
    SearchEntryFactory(title="Top-up payments explained")
    client = Client()
    if who == "pending":
        client.force_login(UserFactory(status="pending"))
    assert b"Save this search" not in client.get("/search/", {"q": "top-up"}).content
    response = client.post("/search/alerts/save/", {"q": "top-up"})
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_saving_needs_the_csrf_token_words_and_room(member):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert strict.post("/search/alerts/save/", {"q": "top-up"}).status_code == 403
    client = signed_in(member)
    response = client.post("/search/alerts/save/", {"q": "   "}, follow=True)
    assert "Search for some words" in response.content.decode()
    for n in range(services.MAX_SAVED_SEARCHES):
        save(member, f"word{n}")
    response = client.post("/search/alerts/save/", {"q": "one more"}, follow=True)
    assert response.status_code == 200
    assert "up to 50 searches" in response.content.decode()
    assert SavedSearch.objects.filter(user=member).count() == services.MAX_SAVED_SEARCHES


# --- Managing -------------------------------------------------------------------------------


def test_the_alerts_page_lists_renames_changes_and_deletes(member, django_assert_max_num_queries):
    other = UserFactory()
    theirs = save(other, "their private words")
    for n in range(5):
        save(member, f"topic{n}")
    saved = save(member, "top-up payments")
    client = signed_in(member)
    with django_assert_max_num_queries(12):
        page = client.get("/search/alerts/")
    text = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("private") or "no-store" in page["Cache-Control"]
    assert "top-up payments" in text and "their private words" not in text

    prefix = f"s{saved.pk}"
    response = client.post(
        f"/search/alerts/{saved.pk}/",
        {f"{prefix}-name": "Top-ups", f"{prefix}-frequency": "weekly"},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Top-ups", "weekly")

    bad = client.post(
        f"/search/alerts/{saved.pk}/", {f"{prefix}-name": " ", f"{prefix}-frequency": "hourly"}
    )
    assert bad.status_code == 400
    assert "Enter a name" in bad.content.decode()
    saved.refresh_from_db()
    assert saved.name == "Top-ups"

    # Someone else's saved search is not there to change or delete.
    assert client.post(f"/search/alerts/{theirs.pk}/", {}).status_code == 404
    client.post(f"/search/alerts/{theirs.pk}/delete/")
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()

    assert client.post(f"/search/alerts/{saved.pk}/delete/").status_code == 302
    assert client.post(f"/search/alerts/{saved.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_the_alerts_page_is_for_members_only():
    assert "/accounts/login/" in Client().get("/search/alerts/")["Location"]
    assert signed_in(UserFactory(status="pending")).get("/search/alerts/").status_code == 403


def test_the_account_page_links_to_saved_searches(member):
    save(member, "top-up payments")
    text = signed_in(member).get("/account/").content.decode()
    assert "Saved searches" in text
    assert 'href="/search/alerts/"' in text


# --- Sending --------------------------------------------------------------------------------


def test_the_email_lists_exactly_the_new_visible_items_once(member, smtp_inbox):
    SearchEntryFactory(title="Old top-up payments note")
    saved = save(member, "top-up payments")
    new = SearchEntryFactory(title="New top-up payments guide", url="/resources/7/")
    SearchEntryFactory(title="Unrelated care home list")
    SearchEntryFactory(
        title="Steering group top-up payments paper",
        audience=Audience.GROUPS,
        groups=[roles.STEERING_GROUP],
    )
    out = StringIO()
    call_command("send_search_alerts", "--frequency", "daily", stdout=out)
    call_command("send_search_alerts", "--frequency", "daily", stdout=out)
    assert "Daily alerts sent: 1" in out.getvalue()
    assert len(smtp_inbox) == 1
    message = smtp_inbox[0]
    assert message["X-RcptTo"] == "member@council.example"
    assert message["Subject"] == "Saved searches: 1 new item"
    body = parts(message)
    for text in body.values():
        assert "New top-up payments guide" in text
        assert "Old top-up" not in text
        assert "Unrelated" not in text
        assert "Steering group" not in text
        assert all(link.startswith(HOST + "/") for link in links(text)), links(text)
    assert f"{HOST}/resources/7/" in body["text/plain"]
    assert message["List-Unsubscribe"].strip().startswith(f"<{HOST}/search/alerts/unsubscribe/")
    saved.refresh_from_db()
    assert saved.watermark >= new.pk and saved.last_sent_at is not None

    # The next day only what is newer still is sent.
    tomorrow = timezone.now() + timedelta(days=1)
    assert alerts.send_alerts(frequency="daily", now=tomorrow)["sent"] == 0
    SearchEntryFactory(title="Second top-up payments guide")
    assert alerts.send_alerts(frequency="daily", now=tomorrow)["sent"] == 1
    later = parts(smtp_inbox[1])["text/plain"]
    assert "Second top-up payments guide" in later and "New top-up" not in later


def test_nothing_private_reaches_the_wrong_person(smtp_inbox):
    steering = UserFactory(email="steer@council.example", roles=[roles.STEERING_GROUP])
    provider = UserFactory(email="provider@care.example", roles=[roles.PROVIDERS])
    pending = UserFactory(email="pending@council.example", status="pending")
    for user in (steering, provider, pending):
        save(user, "evaluation")
    SearchEntryFactory(
        title="Steering evaluation minutes", audience=Audience.GROUPS, groups=[roles.STEERING_GROUP]
    )
    SearchEntryFactory(title="Members evaluation summary", audience=Audience.MEMBERS)
    alerts.send_alerts(frequency="daily")
    received = {m["X-RcptTo"]: parts(m)["text/plain"] for m in smtp_inbox}
    assert set(received) == {"steer@council.example", "provider@care.example"}
    assert "Steering evaluation minutes" in received["steer@council.example"]
    assert "Steering evaluation minutes" not in received["provider@care.example"]
    assert "Members evaluation summary" in received["provider@care.example"]


def test_a_recipient_who_left_the_group_does_not_get_its_items(smtp_inbox):
    steering = UserFactory(email="steer@council.example", roles=[roles.STEERING_GROUP])
    save(steering, "evaluation")
    SearchEntryFactory(
        title="Steering evaluation minutes", audience=Audience.GROUPS, groups=[roles.STEERING_GROUP]
    )
    SearchEntryFactory(title="Public evaluation report")
    steering.groups.clear()
    steering.refresh_from_db()
    alerts.send_alerts(frequency="daily")
    assert len(smtp_inbox) == 1
    text = parts(smtp_inbox[0])["text/plain"]
    assert "Public evaluation report" in text
    assert "Steering evaluation minutes" not in text


def test_weekly_searches_go_weekly_and_only_with_their_own_frequency(member, smtp_inbox):
    save(member, "evaluation").__class__.objects.update(frequency="weekly")
    SearchEntryFactory(title="Public evaluation report")
    assert alerts.send_alerts(frequency="daily")["sent"] == 0
    monday = timezone.now()
    assert alerts.send_alerts(frequency="weekly", now=monday)["sent"] == 1
    SearchEntryFactory(title="Another evaluation report")
    assert alerts.send_alerts(frequency="weekly", now=monday)["sent"] == 0
    assert alerts.send_alerts(frequency="weekly", now=monday + timedelta(days=7))["sent"] == 1
    assert len(smtp_inbox) == 2
    assert AlertSent.objects.filter(user=member, frequency="weekly").count() == 2


def test_words_now_refused_get_a_note_not_a_crash(member, smtp_inbox):
    words = " ".join(f"word{n}" for n in range(40))
    SavedSearch.objects.create(user=member, name="Too long", query=words, key="x")
    good = save(member, "evaluation")
    SearchEntryFactory(title="Public evaluation report")
    assert alerts.send_alerts(frequency="daily")["sent"] == 1
    text = parts(smtp_inbox[0])["text/plain"]
    assert "Public evaluation report" in text
    assert "We could not run this search: Your search has 40 words" in text
    good.refresh_from_db()
    assert good.problem == ""
    assert SavedSearch.objects.get(name="Too long").problem.startswith("Your search has 40 words")
    page = signed_in(member).get("/search/alerts/").content.decode()
    assert "We cannot run this search any more" in page
    # Next day, with nothing new and the note already given, nothing is sent.
    tomorrow = timezone.now() + timedelta(days=1)
    assert alerts.send_alerts(frequency="daily", now=tomorrow)["sent"] == 0


def test_one_click_unsubscribe_stops_that_search_only(member, smtp_inbox):
    first = save(member, "evaluation")
    second = save(member, "top-up payments")
    SearchEntryFactory(title="Public evaluation report on top-up payments")
    alerts.send_alerts(frequency="daily")
    text = parts(smtp_inbox[0])["text/plain"]
    stop_links = [link for link in links(text) if "/search/alerts/unsubscribe/" in link]
    assert len(stop_links) == 3  # one per search, one for all
    client = Client()  # not signed in: the link is the proof
    path = stop_links[0].removeprefix(HOST)
    assert client.get(path).status_code == 200
    assert SavedSearch.objects.get(pk=first.pk).frequency == "daily"
    response = client.post(path)
    assert "You are unsubscribed" in response.content.decode()
    assert client.post(path).status_code == 200  # twice is harmless
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.frequency, second.frequency) == ("never", "daily")

    header = smtp_inbox[0]["List-Unsubscribe"].strip().strip("<>").removeprefix(HOST)
    client.post(header)
    assert set(SavedSearch.objects.values_list("frequency", flat=True)) == {"never"}


def test_a_changed_unsubscribe_link_is_refused_clearly(member):
    saved = save(member, "evaluation")
    link = alerts.unsubscribe_url(user=member, saved=saved).removeprefix(HOST)
    response = Client().post(link[:-3] + "xyz/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    saved.refresh_from_db()
    assert saved.frequency == "daily"


def test_a_failed_send_is_tried_again(member, smtp_inbox, settings):
    save(member, "evaluation")
    SearchEntryFactory(title="Public evaluation report")
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1  # nothing listens on port 1
    assert alerts.send_alerts(frequency="daily")["failed"] == 1
    assert not AlertSent.objects.exists()
    settings.EMAIL_PORT = port
    assert alerts.send_alerts(frequency="daily")["sent"] == 1
    assert "Public evaluation report" in parts(smtp_inbox[0])["text/plain"]


def test_the_worker_sweep_sends_what_is_due_from_the_morning_on(member, smtp_inbox, settings):
    from hub import worker

    save(member, "evaluation")
    SearchEntryFactory(title="Public evaluation report")
    settings.SEARCH_ALERTS_HOUR = 24  # never reached: too early all day
    worker.sweep()
    assert smtp_inbox == []
    settings.SEARCH_ALERTS_HOUR = 0
    worker.sweep()
    worker.sweep()
    assert [m["X-RcptTo"] for m in smtp_inbox] == ["member@council.example"]
