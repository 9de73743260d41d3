"""Discussion threads in search: found by any visible word, never by the wrong person.

Each area's thread carries canary words in its title, in a reply and in a tag used nowhere
else; every actor searches for each through the HTML page, the JSON API (hits, total, facets,
snippets), suggestions and tag pages.
"""

import json

import pytest

from discussions import moderation, services
from discussions.models import Thread
from hub.accounts import roles
from hub.accounts.access import Audience
from search import registry
from search.models import SearchEntry
from tests.factories import UserFactory
from tests.factories.discussions import make_reply, make_thread
from tests.privacy import DISCUSSION_AREAS, areas_seen

SHARED = "harbourmaster"
# area -> (word in the title, word in a reply only, tag used only there)
CANARIES = {
    "public": ("Openfinch", "Openplover", "openfinchtag"),
    "members": ("Memberfinch", "Memberplover", "memberfinchtag"),
    "trailblazers": ("Trailfinch", "Trailplover", "trailfinchtag"),
    "evaluators": ("Evalfinch", "Evalplover", "evalfinchtag"),
    "steering": ("Steerfinch", "Steerplover", "steerfinchtag"),
}
ALL = set(CANARIES)
SEES = areas_seen(DISCUSSION_AREAS)


def entry_of(thread):
    return SearchEntry.objects.filter(kind="thread", url=thread.get_absolute_url()).first()


@pytest.fixture
def threads(db):
    made = {}
    for area, (title_word, reply_word, tag) in CANARIES.items():
        thread = make_thread(
            area=area, title=f"{title_word} question about {SHARED} fees", tags=[tag]
        )
        make_reply(thread=thread, body=f"Our {SHARED} answer was {reply_word} in the end.")
        made[area] = thread
    return made


def _login(client, actor):
    if actor is not None and actor.is_active:
        client.force_login(actor)


def test_a_thread_is_found_by_a_word_from_a_reply(client, db):
    thread = make_thread(area="public", title="Paying for respite care weeks", tags=["respite"])
    make_reply(thread=thread, body="We used a **prepayment** card for the family's share.")
    found = client.get("/api/search/?q=prepayment").json()
    assert found["total"] == 1
    hit = found["hits"][0]
    assert hit["kind"] == "thread"
    assert hit["title"] == "Paying for respite care weeks"
    assert hit["url"] == thread.get_absolute_url()
    assert hit["tags"] == ["respite"]
    assert "<mark>prepayment</mark>" in hit["snippet"]
    assert found["facets"]["kind"] == [{"value": "thread", "label": "Discussions", "count": 1}]
    page = client.get("/search/?q=prepayment")
    assert "Paying for respite care weeks" in page.text


def test_the_entry_holds_question_accepted_answer_replies_site_and_last_activity(db):
    from hub.accounts.models import Organisation

    site = Organisation.objects.create(name="Test Borough", slug="test-borough")
    thread = make_thread(area="members", body="How did you word the letters?", organisation=site)
    first = make_reply(thread=thread, body="We wrote to every care home first.")
    answer = make_reply(thread=thread, body="A short letter, then a phone call.")
    services.answer_accept(user=thread.author, thread=thread, reply=answer)
    entry = entry_of(thread)
    assert entry.title == thread.title
    assert entry.body.index("How did you word") < entry.body.index("A short letter")
    assert entry.body.index("A short letter") < entry.body.index(first.body)
    assert entry.organisation == "Test Borough"
    assert entry.audience == Audience.MEMBERS
    thread.refresh_from_db()
    assert entry.date == thread.last_activity_at.date()


def test_group_areas_admit_their_groups_only(db):
    thread = make_thread(area="steering")
    entry = entry_of(thread)
    assert entry.audience == Audience.GROUPS
    assert set(entry.groups.values_list("name", flat=True)) == {
        roles.STEERING_GROUP,
        roles.PROGRAMME_TEAM,
    }


@pytest.mark.parametrize("actor_name", SEES)
def test_restricted_threads_never_reach_the_wrong_actor(actor_name, make_actor, threads, client):
    _login(client, make_actor(actor_name))
    visible = SEES[actor_name]
    for area, words in CANARIES.items():
        expected = area in visible
        title_word, reply_word, tag = words
        for word in (title_word, reply_word, tag):
            api = client.get(f"/api/search/?q={word}")
            assert api.status_code == 200
            assert api.json()["total"] == (1 if expected else 0), (actor_name, word)
            answer = json.dumps([api.json()["hits"], api.json()["facets"]]).lower()
            assert (word.lower() in answer) is expected, (actor_name, word, "api")
        # (Anonymous searches share a budget of 30 a minute: one HTML search per area.)
        page = client.get(f"/search/?q={reply_word}").text
        assert (f"{title_word} question" in page) is expected, (actor_name, area, "page")
        suggest = client.get(f"/search/suggest/?q={title_word[:7]}").text
        assert (title_word in suggest) is expected, (actor_name, area, "suggest")
        tag_page = client.get(f"/tags/{tag}/")
        assert (tag_page.status_code == 200) is expected, (actor_name, area, "tag page")
    # A word every thread shares: the total, facets and snippets count only what is visible.
    shared = client.get(f"/api/search/?q={SHARED}").json()
    assert shared["total"] == len(visible)
    facet_tags = {value["value"] for value in shared["facets"]["tag"]}
    assert facet_tags == {CANARIES[area][2] for area in visible}
    kinds = shared["facets"]["kind"]
    assert kinds == [{"value": "thread", "label": "Discussions", "count": len(visible)}]
    text = json.dumps([shared["hits"], shared["facets"]])
    for area in ALL - visible:
        assert not any(word.lower() in text.lower() for word in CANARIES[area]), area


def test_hiding_a_thread_removes_it_and_unhiding_brings_it_back(client, db):
    thread = make_thread(area="public", title="Quillwort question about fees")
    moderator = UserFactory(is_superuser=True)
    moderation.thread_set(by=moderator, thread=thread, action="hide")
    assert entry_of(thread) is None
    assert client.get("/api/search/?q=Quillwort").json()["total"] == 0
    moderation.thread_set(by=moderator, thread=thread, action="unhide")
    assert client.get("/api/search/?q=Quillwort").json()["total"] == 1


def test_hiding_or_deleting_a_reply_removes_its_words(client, db):
    thread = make_thread(area="public")
    hidden = make_reply(thread=thread, body="Moderated text about Gravelstoat.")
    deleted = make_reply(thread=thread, body="Withdrawn text about Puddlewren.")
    assert client.get("/api/search/?q=Gravelstoat").json()["total"] == 1
    moderation.reply_set_hidden(by=UserFactory(is_superuser=True), reply=hidden, hidden=True)
    services.reply_delete(user=deleted.author, reply=deleted)
    assert client.get("/api/search/?q=Gravelstoat").json()["total"] == 0
    assert client.get("/api/search/?q=Puddlewren").json()["total"] == 0
    assert entry_of(thread) is not None  # the question itself is still there


def test_a_deleted_question_keeps_its_title_and_replies_findable_but_not_its_text(client, db):
    thread = make_thread(
        area="public", title="Billing Hollowmere residents", body="Our Quenchwick question."
    )
    make_reply(thread=thread, body="The answer names Bramblecote.")
    services.thread_delete(user=thread.author, thread=thread)
    assert client.get("/api/search/?q=Quenchwick").json()["total"] == 0
    assert client.get("/api/search/?q=Hollowmere").json()["total"] == 1
    assert client.get("/api/search/?q=Bramblecote").json()["total"] == 1


def test_a_removed_thread_leaves_search(db):
    other = make_thread(area="public")
    url = other.get_absolute_url()
    Thread.objects.filter(pk=other.pk).delete()
    assert not SearchEntry.objects.filter(url=url).exists()


def test_posting_and_editing_replies_reproject_the_thread(client, db):
    thread = make_thread(area="public")
    assert client.get("/api/search/?q=Fennelquay").json()["total"] == 0
    reply = make_reply(thread=thread, body="We asked Fennelquay council how they did it.")
    assert client.get("/api/search/?q=Fennelquay").json()["total"] == 1
    services.reply_edit(user=reply.author, reply=reply, body="We asked Marshgate council instead.")
    assert client.get("/api/search/?q=Fennelquay").json()["total"] == 0
    assert client.get("/api/search/?q=Marshgate").json()["total"] == 1


def test_moving_a_thread_to_a_group_area_restricts_its_entry(client, db, make_actor):
    thread = make_thread(area="public", title="Tinderloft question about fees")
    assert client.get("/api/search/?q=Tinderloft").json()["total"] == 1
    moderation.thread_move(by=UserFactory(is_superuser=True), thread=thread, area="evaluators")
    assert client.get("/api/search/?q=Tinderloft").json()["total"] == 0
    client.force_login(make_actor("evaluator"))
    assert client.get("/api/search/?q=Tinderloft").json()["total"] == 1


def test_a_full_rebuild_projects_threads_and_skips_hidden_ones(db):
    visible = make_thread(area="members")
    hidden = make_thread(area="public")
    moderation.thread_set(by=UserFactory(is_superuser=True), thread=hidden, action="hide")
    SearchEntry.objects.all().delete()
    registry.rebuild()
    assert entry_of(visible) is not None
    assert entry_of(hidden) is None


def test_snippets_show_the_words_of_a_post_not_its_markdown(client, db):
    thread = make_thread(
        area="public",
        title="Paying homes in arrears",
        body="## Our approach\n\nWe pay **four weeks** in *arrears*, see [the quillwort form]"
        "(https://example.org/form) and `code` <b>bold</b> & more.",
    )
    make_reply(thread=thread, body="- quillwort is **fine**\n- 1. nested")
    body = entry_of(thread).body
    for mark in ("**", "## ", "](", "https://example.org", "`"):
        assert mark not in body
    assert "Our approach" in body and "four weeks" in body and "the quillwort form" in body

    snippet = client.get("/api/search/", {"q": "quillwort"}).json()["hits"][0]["snippet"]
    assert "**" not in snippet and "](" not in snippet
    assert "<mark>quillwort</mark>" in snippet
    # What looked like a tag in the post stays text: escaped once, never markup.
    assert "&lt;b&gt;bold&lt;/b&gt;" in snippet and "<b>" not in snippet
    assert "&amp; more" in snippet
    page = client.get("/search/", {"q": "quillwort"}).content.decode()
    assert "**four weeks**" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
