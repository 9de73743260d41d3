"""Every read channel (pages, listings, home, feeds, sitemap, calendar, API) against canary
words on restricted and draft pages: none may reach a reader outside the page's audience."""

import datetime
import itertools
import re
import xml.dom.minidom

import pytest
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from tests.factories import pages as f
from tests.factories.pages import restrict

GROUPS, LOGIN = BaseViewRestriction.GROUPS, BaseViewRestriction.LOGIN
STEERING = "Zephyrquill"
EVALUATORS = "Quillbramble"
MEMBERS = "Marrowlatch"
DRAFT = "Draftmoth"
CANARIES = [STEERING, EVALUATORS, MEMBERS, DRAFT]


@pytest.fixture
def tree(db):
    soon = timezone.now() + datetime.timedelta(days=10)
    public = {
        "guidance": f.guidance("Open guidance", tags=["shared"]),
        "news": f.news("Open news\x0b with a control character", tags=["shared"]),
        "event": f.event("Open event", starts_at=soon + datetime.timedelta(days=5)),
        "practice": f.practice("Open practice", tags=["shared"]),
    }
    hidden = [
        f.guidance(f"{STEERING} guidance", summary=f"{STEERING} summary", tags=["shared"]),
        f.news(f"{MEMBERS} news", summary=f"{MEMBERS} summary", tags=["shared"]),
        f.event(f"{EVALUATORS} event", starts_at=soon, summary=f"{EVALUATORS} agenda"),
        f.practice(f"{EVALUATORS} practice", tags=["shared"]),
    ]
    restrict(hidden[0], GROUPS, groups=[roles.STEERING_GROUP])
    restrict(hidden[1], LOGIN)
    restrict(hidden[2], GROUPS, groups=[roles.EVALUATORS])
    restrict(hidden[3], GROUPS, groups=[roles.EVALUATORS])
    area = f.standard(f"{STEERING} area", body=f.body(f"{STEERING} papers"))
    restrict(area, GROUPS, groups=[roles.STEERING_GROUP])
    hidden.append(area)
    hidden.append(f.standard(f"{STEERING} minutes", parent=area))
    draft = f.guidance(f"{DRAFT} guidance", live=False)
    return {"public": public, "hidden": hidden, "draft": draft}


def assert_no_canary(content, allowed=()):
    text = content.decode() if isinstance(content, bytes) else content
    for word in CANARIES:
        if word not in allowed:
            assert word not in text, word


# Everyone outside the steering group; the evaluator is a wrong-group member.
OUTSIDERS = {
    "anonymous": [],
    "pending": [],
    "council_member": [MEMBERS],
    "evaluator": [MEMBERS, EVALUATORS],
}


def outsiders(client, make_actor):
    """The client signed in as each outsider in turn, with the canaries it may see."""
    for name, allowed in OUTSIDERS.items():
        client.logout()
        user = make_actor(name)
        if user is not None:
            client.force_login(user)
        client.allowed = allowed
        yield client


FEEDS = [
    "/feeds/news/",
    "/feeds/news/atom/",
    "/feeds/guidance/",
    "/feeds/guidance/atom/",
    "/feeds/events/",
    "/feeds/events/atom/",
    "/feeds/tags/shared/",
]


def test_feeds_are_valid_xml_and_hold_only_public_pages(client, make_actor, tree):
    for outsider_client, url in itertools.product(outsiders(client, make_actor), FEEDS):
        response = outsider_client.get(url)
        assert response.status_code == 200
        xml.dom.minidom.parseString(response.content)  # noqa: S318 (our own output)
        assert_no_canary(response.content)


def test_a_control_character_in_a_title_does_not_break_the_feed(client, tree):
    response = client.get("/feeds/news/")
    assert response.status_code == 200
    assert b"Open news with a control character" in response.content
    assert b"\x0b" not in response.content


def test_feeds_hold_public_pages_even_for_members_who_could_see_more(client, make_actor, tree):
    client.force_login(make_actor("superuser"))
    response = client.get("/feeds/tags/shared/")
    assert b"Open guidance" in response.content and b"Open practice" in response.content
    assert_no_canary(response.content)


def test_unknown_tag_feed_is_404(client, db):
    assert client.get("/feeds/tags/no-such-tag/").status_code == 404


def test_sitemap_lists_public_pages_only(client, make_actor, tree):
    for outsider_client in outsiders(client, make_actor):
        response = outsider_client.get("/sitemap.xml")
        assert response.status_code == 200
        body = response.content.decode()
        assert tree["public"]["guidance"].url in body
        assert_no_canary(body)
        for page in tree["hidden"]:
            assert page.url not in body


def test_calendar_feed_holds_only_public_events(client, make_actor, tree):
    for outsider_client in outsiders(client, make_actor):
        index = tree["public"]["event"].get_parent()
        response = outsider_client.get(index.url + "calendar/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
        assert summaries == ["Open event"]


def test_restricted_event_ical_follows_the_page_rules(client, make_actor, tree):
    event = tree["hidden"][2]
    assert client.get(event.url + "ical/").status_code == 302  # anonymous: sign in first
    client.force_login(make_actor("council_member"))
    assert client.get(event.url + "ical/").status_code == 403
    client.force_login(make_actor("evaluator"))
    response = client.get(event.url + "ical/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert EVALUATORS in str(Calendar.from_ical(response.content).walk("VEVENT")[0]["summary"])


def test_home_listings_and_menus_hide_restricted_pages(client, make_actor, tree):
    for outsider_client in outsiders(client, make_actor):
        urls = ["/", *(page.get_parent().url for page in tree["public"].values())]
        urls += [tree["public"]["guidance"].url, tree["public"]["practice"].url]
        for url in urls:
            response = outsider_client.get(url)
            assert response.status_code == 200, url
            assert_no_canary(response.content, allowed=outsider_client.allowed)


def test_members_see_members_pages_in_listings_but_not_group_pages(client, make_actor, tree):
    client.force_login(make_actor("council_member"))
    news_index = tree["public"]["news"].get_parent()
    body = client.get(news_index.url).content.decode()
    assert MEMBERS in body
    assert_no_canary(body, allowed=[MEMBERS])


def test_steering_member_sees_the_steering_area_privately(client, make_actor, tree):
    client.force_login(make_actor("steering"))
    area = tree["hidden"][4]
    response = client.get(area.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert f"{STEERING} minutes" in response.content.decode()


def test_anonymous_public_pages_are_cacheable(client, tree):
    response = client.get(tree["public"]["guidance"].url)
    assert "private" not in response.get("Cache-Control", "")


def test_draft_pages_give_the_same_404_as_missing_ones(client, make_actor, tree):
    client.force_login(make_actor("superuser"))
    draft = client.get(tree["draft"].url)
    missing = client.get(tree["draft"].get_parent().url + "no-such-page/")
    assert draft.status_code == missing.status_code == 404

    def normalised(response, path):
        text = response.content.decode().replace(path, "PATH")
        return re.sub(r'(nonce|value)="[^"]*"', "", text)

    assert normalised(draft, tree["draft"].url) == normalised(
        missing, tree["draft"].get_parent().url + "no-such-page/"
    )


# --- API --------------------------------------------------------------------------------------


def test_api_lists_only_what_the_reader_may_see(client, make_actor, tree):
    for outsider_client in outsiders(client, make_actor):
        response = outsider_client.get("/api/v2/pages/", {"limit": 50})
        assert response.status_code == 200
        titles = [item["title"] for item in response.json()["items"]]
        assert "Open guidance" in titles
        assert_no_canary(response.content, allowed=outsider_client.allowed)


def test_api_never_returns_a_restricted_page_by_id(client, make_actor, tree):
    for outsider_client in outsiders(client, make_actor):
        for page in [*tree["hidden"], tree["draft"]]:
            if any(word in page.title for word in outsider_client.allowed):
                continue
            response = outsider_client.get(f"/api/v2/pages/{page.pk}/")
            assert response.status_code == 404, page
            assert_no_canary(response.content)


def test_api_search_and_filters_stay_inside_the_audience(client, make_actor, tree):
    for outsider_client in outsiders(client, make_actor):
        area = tree["hidden"][4]
        for params in (
            {"search": STEERING},
            {"child_of": area.pk},
            {"descendant_of": area.pk},
            {"type": "home.GuidancePage", "fields": "summary"},
        ):
            response = outsider_client.get("/api/v2/pages/", params)
            assert response.status_code in (200, 400), params
            assert_no_canary(response.content, allowed=outsider_client.allowed)


def test_api_shows_a_member_their_pages_privately(client, make_actor, tree):
    client.force_login(make_actor("steering"))
    response = client.get(f"/api/v2/pages/{tree['hidden'][0].pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "params",
    [
        {"search": '"'},
        {"search": 'foo"bar'},
        {"search": "word " * 600},
        {"search": "a\x00b"},
        {"title": "x\x00"},
        {"limit": "-1"},
        {"limit": "abc"},
        {"offset": "abc"},
        {"offset": "-5"},
        {"fields": "no_such_field"},
        {"order": "no_such_field"},
        {"type": "nope.Nothing"},
        {"child_of": "abc"},
        {"search": "care", "search_operator": "xor"},
        {"no_such_filter": "1"},
    ],
)
def test_api_bad_input_is_a_400_json_answer(client, tree, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400, response.content[:300]
    assert "message" in response.json()


def test_api_detail_shows_a_pages_fields_but_never_its_documents(client, tree):
    page = tree["public"]["guidance"]
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["summary"] == page.summary and data["audience"] == "councils"
    assert "related_resources" not in data and "superseded_by" not in data
    listing = client.get(
        "/api/v2/pages/", {"type": "home.PracticeExamplePage", "fields": "summary,theme"}
    )
    assert listing.status_code == 200
    assert [item["title"] for item in listing.json()["items"]] == ["Open practice"]


def test_api_serialises_every_page_type_with_all_fields(client, tree):
    f.site(tree["public"]["practice"].organisation)
    for model in ["PracticeExamplePage", "TrailblazerSitePage", "LearningEventPage", "NewsPage"]:
        listing = client.get("/api/v2/pages/", {"type": f"home.{model}", "fields": "*"})
        assert listing.status_code == 200, model
        assert_no_canary(listing.content)
        detail = client.get(f"/api/v2/pages/{listing.json()['items'][0]['id']}/")
        assert detail.status_code == 200, model
    assert client.get("/api/v2/pages/find/", {"html_path": "/\x00"}).status_code == 400


def test_feeds_and_the_calendar_are_publicly_cacheable(client, tree):
    index = tree["public"]["event"].get_parent()
    for url in ["/feeds/news/", "/feeds/tags/shared/", index.url + "calendar/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control and "max-age=600" in cache_control, url


def test_tag_filters_never_name_a_tag_used_only_on_restricted_pages(client, make_actor, tree):
    secret = f.guidance("Hidden tagged", tags=[f"{STEERING} budget"])
    restrict(secret, GROUPS, groups=[roles.STEERING_GROUP])
    secret_example = f.practice("Hidden example", tags=[f"{STEERING} plans"])
    restrict(secret_example, GROUPS, groups=[roles.STEERING_GROUP])
    secret_slug = secret.tags.get().slug
    for outsider_client in outsiders(client, make_actor):
        for page in (secret, secret_example):
            body = outsider_client.get(page.get_parent().url).content.decode()
            assert "shared" in body  # the public pages' tag is offered
            assert_no_canary(body, allowed=outsider_client.allowed)
        assert outsider_client.get(f"/feeds/tags/{secret_slug}/").status_code == 404
    client.force_login(make_actor("steering"))
    assert f"{STEERING} budget" in client.get(secret.get_parent().url).content.decode()
