"""Returns are seen by the evaluators and by the submitting site's trailblazer staff, nobody else,
through every channel: each URL of a return, search, API, sitemap, feeds, the archive pack and
email. A canary word in an answer and in a file must reach nobody it should not."""

import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from hub.accounts import roles
from search.models import SearchEntry
from tests.factories import UserFactory
from tests.factories import pages as f
from tests.privacy import ACTOR_ROLES

from .helpers import answers, make_site, make_staff

pytestmark = pytest.mark.django_db

CANARY = "Glimmerwort"
FILE_CANARY = "Thistlevane"
CONTROL = "Brackenfold"
# Who, among the shared actors, reaches the returns desk at all (the evaluators, superusers):
# the plain "trailblazer" actor has no trailblazer organisation and sees nothing either.
DESK = {"evaluator", "superuser"}


@pytest.fixture
def submitted(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    sheet = SimpleUploadedFile("notes.txt", f"Private note {FILE_CANARY}\n".encode())
    response = client.post(
        reverse("returns:site_return", args=[round_.pk, sites["enfield"].pk]),
        {
            **answers(text=f"Secret {CANARY}"),
            "monitoring_sheet": sheet,
            "submit": "1",
            "based_on": 0,
        },
    )
    assert response.status_code == 302
    client.logout()
    file_id = round_.returns.get().files.get().pk
    return {"round": round_, "site": sites["enfield"], "file": file_id}


def return_urls(data):
    r, s = data["round"].pk, data["site"].pk
    return {
        "index": reverse("returns:index"),
        "round": reverse("returns:round", args=[r]),
        "return": reverse("returns:site_return", args=[r, s]),
        "revision": reverse("returns:revision", args=[r, s, 1]),
        "file": reverse("returns:download", args=[r, s, data["file"]]),
        "csv": reverse("returns:export_csv", args=[r]),
        "zip": reverse("returns:export_files", args=[r]),
        "edit": reverse("returns:round_edit", args=[r]),
    }


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.parametrize("actor", list(ACTOR_ROLES))
def test_each_actor_reaches_only_what_the_rule_allows(client, make_actor, submitted, actor):
    user = make_actor(actor)
    if user is not None:
        client.force_login(user)
    for name, url in return_urls(submitted).items():
        response = client.get(url)
        text = body(response)
        if actor in DESK:
            assert response.status_code == 200, (name, response.status_code)
            assert response["Cache-Control"] == "private, no-store", name
        else:
            assert CANARY not in text and FILE_CANARY not in text, (actor, name)
            if user is None or not user.is_active:  # an inactive account is signed out
                assert response.status_code == 302, name
                assert response["Location"].startswith("/accounts/login/"), name
            else:
                assert response.status_code in (403, 404), (actor, name, response.status_code)


def test_another_sites_staff_get_404_on_every_url_of_a_return_not_theirs(client, submitted):
    other = make_staff(submitted["round"].sites.get(name="Redbridge (test)"))
    client.force_login(other)
    for name, url in return_urls(submitted).items():
        response = client.get(url)
        if name == "index":
            assert response.status_code == 200
            assert CANARY not in body(response)
            continue
        if name == "round":  # their own return in that round, never Enfield's
            assert response.status_code == 302
            assert str(submitted["site"].pk) not in response["Location"].split("/sites/")[1]
            continue
        assert response.status_code == 404, (name, response.status_code)
        assert CANARY not in body(response)


def test_a_site_outside_the_round_sees_nothing_of_it(client, submitted):
    outsider = make_staff(make_site("Outside (test)"))
    client.force_login(outsider)
    for name, url in return_urls(submitted).items():
        response = client.get(url)
        assert CANARY not in body(response)
        assert submitted["round"].title not in body(response)
        assert response.status_code == (200 if name == "index" else 404), name


def test_the_submitting_site_sees_its_own_return_file_and_history(client, submitted, staff):
    client.force_login(staff["enfield"])
    urls = return_urls(submitted)
    assert CANARY in body(client.get(urls["return"]))
    assert CANARY in body(client.get(urls["revision"]))
    assert FILE_CANARY in body(client.get(urls["file"]))
    for name in ("csv", "zip", "edit"):
        assert client.get(urls[name]).status_code == 404, name


def test_posts_from_people_who_may_not_are_refused(client, submitted, staff):
    r, s = submitted["round"].pk, submitted["site"].pk
    other = staff["redbridge"]
    client.force_login(other)
    assert (
        client.post(reverse("returns:site_return", args=[r, s]), {"draft": "1"}).status_code == 404
    )
    assert client.post(reverse("returns:chase", args=[r, s])).status_code == 404
    assert client.post(reverse("returns:summary_publish", args=[r])).status_code == 404
    assert client.post(reverse("returns:round_open", args=[r])).status_code == 404
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM]))
    assert client.post(reverse("returns:chase", args=[r, s])).status_code == 403
    assert len(mail.outbox) == 0


@pytest.fixture
def indexed(submitted, settings):
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = True
    # A public page with a control word: proves the search in this test finds what it may.
    f.guidance(f"Open guidance on {CONTROL}", summary=f"{CONTROL} for everyone")
    call_command("search_reindex", stdout=io.StringIO())
    return submitted


@pytest.mark.parametrize("actor", [*ACTOR_ROLES, "submitting_site"])
def test_returns_are_never_search_results_or_suggestions(client, make_actor, indexed, actor):
    user = make_staff(indexed["site"]) if actor == "submitting_site" else make_actor(actor)
    if user is not None:
        client.force_login(user)
    assert client.get("/api/search/", {"q": CONTROL}).json()["total"] == 1
    for word in (CANARY, FILE_CANARY):
        found = client.get("/api/search/", {"q": word}).json()
        assert found["total"] == 0 and found["hits"] == [], word
        page = client.get("/search/", {"q": word})
        assert page.status_code == 200
        assert not page.context["page_obj"] or not list(page.context["page_obj"]), word
        suggestions = client.get("/search/suggest/", {"q": word[:5]}).json()["suggestions"]
        assert word.lower() not in str(suggestions).lower(), word
    assert not SearchEntry.objects.filter(body__icontains=CANARY).exists()
    assert not SearchEntry.objects.filter(title__icontains=indexed["round"].title).exists()


def test_no_public_channel_carries_a_return(client, submitted):
    f.guidance("Open guidance page")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in (
        "/sitemap.xml",
        "/feeds/news/",
        "/feeds/guidance/",
        "/feeds/events/",
        f"/api/v2/pages/?search={CANARY}",
        "/api/v2/pages/",
        "/api/v2/documents/",
        f"/api/v2/documents/?search={FILE_CANARY}",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert CANARY not in _results_only_api(response), url
        assert FILE_CANARY not in _results_only_api(response), url
        assert submitted["round"].title not in body(response), url


def _results_only_api(response):
    return body(response).replace(f"search={CANARY}", "").replace(f"search={FILE_CANARY}", "")


def test_the_archive_pack_has_no_return(submitted, tmp_path):
    f.guidance("Open guidance page")
    pack = tmp_path / "pack"
    call_command("export_archive", str(pack), stdout=io.StringIO(), stderr=io.StringIO())
    files = [p for p in Path(pack).rglob("*") if p.is_file()]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert CANARY not in text and FILE_CANARY not in text, path
        assert submitted["round"].title not in text, path


def test_a_chase_emails_only_that_sites_staff_and_carries_no_answer(
    client, submitted, staff, evaluator
):
    redbridge = submitted["round"].sites.get(name="Redbridge (test)")
    enfield_two = make_staff(submitted["site"], email="second@enfield.example")
    make_staff(submitted["site"], email="pending@enfield.example", status="pending")
    UserFactory(organisation=redbridge, email="member@redbridge.example")  # not staff
    client.force_login(evaluator)
    response = client.post(
        reverse("returns:chase", args=[submitted["round"].pk, redbridge.pk]), follow=True
    )
    assert "Redbridge (test) was chased" in response.text
    assert [m.to for m in mail.outbox] == [[staff["redbridge"].email]]
    for message in mail.outbox:
        assert CANARY not in message.body and CANARY not in message.subject
    assert enfield_two.email not in str([m.to for m in mail.outbox])
