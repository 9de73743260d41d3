"""The demo content: loads twice without change, fills every listing past one page, puts the
sections in the header, keeps its restricted areas restricted, and reads like the programme's
own record: distinct practice examples, event materials as real files, the programme's dates."""

import io
import re

from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from discussions.models import Reply, Thread
from home.demo_content import EVALUATORS_CANARY, MEMBERS_CANARY, STEERING_CANARY
from home.models import (
    GuidancePage,
    LearningEventPage,
    NewsPage,
    PracticeExamplePage,
    TrailblazerSitePage,
)
from hub.accounts.models import User
from resources.models import Resource

PRACTICE_TEXT = ("summary", "challenge", "what_they_did", "outcome", "lessons")


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def snapshot():
    """Everything a second load could disturb: pages and their dates, documents, threads."""
    return (
        list(
            Page.objects.order_by("pk").values_list("pk", "first_published_at", "last_published_at")
        ),
        list(Resource.objects.order_by("pk").values_list("pk", "created_at", "learning_event")),
        list(Thread.objects.order_by("pk").values_list("pk", "created_at", "last_activity_at")),
        Reply.objects.count(),
    )


def sentences(html):
    return [s.strip() for s in re.split(r"(?<=[.?!:])\s+", strip_tags(html)) if s.strip()]


def test_demo_content(client, db, settings):
    """One load (it takes seconds), then everything a newcomer would check."""
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    load_demo()

    before = snapshot()
    load_demo()
    assert snapshot() == before, "a second load must change nothing"

    for model in (GuidancePage, LearningEventPage, NewsPage, PracticeExamplePage):
        assert model.objects.live().count() > 10, model
    assert TrailblazerSitePage.objects.count() == 14

    body = client.get("/").content.decode()
    nav = body[body.index('aria-label="Main"') :]
    for section in ["Guidance", "Learning events", "Practice", "Sites", "News"]:
        assert f">{section}</a>" in nav

    for url in ["/", "/sitemap.xml", "/feeds/news/", "/api/v2/pages/?limit=50"]:
        body = client.get(url).content.decode()
        for word in (STEERING_CANARY, EVALUATORS_CANARY, MEMBERS_CANARY):
            assert word not in body, (url, word)
    steering = Page.objects.get(title__contains=STEERING_CANARY, depth=3)
    assert client.get(steering.url).status_code == 302

    about = client.get(Page.objects.get(title="About the programme").url).content.decode()
    form = Page.objects.get(slug="express-interest")
    assert f'href="{form.url}"' in about
    body = client.get(form.url).content.decode()
    assert "no longer accepts answers" in body
    assert "Describe your relationship with local providers" in body


def test_practice_examples_each_tell_their_own_story(db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    load_demo()
    examples = list(PracticeExamplePage.objects.select_related("organisation"))
    assert len(examples) == 12
    seen = {}
    for page in examples:
        for field in PRACTICE_TEXT:
            text = getattr(page, field)
            opening = " ".join(strip_tags(text).split()[:3])
            # No two examples open a section the same way, or share a sentence anywhere.
            assert seen.setdefault((field, opening), page.title) == page.title, (field, opening)
            for sentence in sentences(text):
                assert seen.setdefault(sentence, page.title) == page.title, sentence
    # The named councils are found by whole words: "Enfield" is not "Brackenfield".
    top_ups = PracticeExamplePage.objects.get(title="Keeping family top-ups separate and visible")
    assert re.search(r"\bEnfield\b", top_ups.organisation.name)
    assert len({page.organisation_id for page in examples}) >= 8


def test_every_item_carries_the_programmes_dates(client, db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    load_demo()
    today = timezone.localdate()
    upcoming = LearningEventPage.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 2
    loaded_today = Page.objects.filter(depth__gt=2, first_published_at__date=today)
    assert list(loaded_today.values_list("title", flat=True)) == []
    for page in Page.objects.filter(depth__gt=2).exclude(pk__in=upcoming.values("pk")):
        assert 2012 <= page.first_published_at.year <= 2016, page.title
        assert page.last_published_at == page.first_published_at, page.title
    years = {p.first_published_at.year for p in PracticeExamplePage.objects.all()}
    assert years == {2014, 2015, 2016}
    for news in NewsPage.objects.all():
        assert news.first_published_at.date() == news.date, news.title
    for thread in Thread.objects.all():
        assert 2014 <= thread.created_at.year <= 2016, thread.title
        assert thread.last_activity_at >= thread.created_at
    assert not Reply.objects.filter(created_at__date=today).exists()
    assert not Resource.objects.filter(created_at__date=today).exists()
    # Feeds date each item by its publication: the programme's days, bar the two upcoming
    # events, announced a fortnight ago.
    for url, recent in (("/feeds/news/", 0), ("/feeds/events/", 2)):
        dated = re.findall(r"<pubDate>[^<]* (\d{4}) ", client.get(url).content.decode())
        assert len(dated) > 10, url
        assert sum(year not in {"2013", "2014", "2015", "2016"} for year in dated) == recent, url


def test_events_have_their_slides_and_notes_as_real_files(client, db, settings):
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    load_demo()
    with_materials = [e for e in LearningEventPage.objects.all() if e.materials]
    assert len(with_materials) >= 8
    for event in with_materials:
        for block in event.materials:
            document = block.value
            assert document.learning_event_id == event.pk, document.title
            assert document.published_on == event.starts_at.date(), document.title
            assert document.extraction_status == "done", document.title
    slides = Resource.objects.filter(kind="slides", learning_event__isnull=False)
    assert slides.count() >= 5
    assert all(s.filename.endswith(".pptx") and s.page_count >= 3 for s in slides)
    assert Resource.objects.filter(kind="notes", learning_event__isnull=False).count() >= 5

    # The library's event filter has values, and only those with documents the reader may see.
    def offered():
        response = client.get("/resources/")
        return {page.title for page in response.context["form"].fields["event"].queryset}

    assert "Closing event: sharing the learning" in offered()
    assert "Learning event: early findings" not in offered()  # its slides are for members
    closing = LearningEventPage.objects.get(title="Closing event: sharing the learning")
    assert "Closing event slides" in client.get(closing.url).content.decode()
    early = LearningEventPage.objects.get(title="Learning event: early findings")
    assert "Early findings from the evaluation" not in client.get(early.url).content.decode()

    client.force_login(User.objects.get(username="member"))
    assert "Learning event: early findings" in offered()
    assert "Early findings from the evaluation" in client.get(early.url).content.decode()
