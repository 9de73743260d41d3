"""The demo content: loads twice without change, fills every listing past one page, puts the
sections in the header, and keeps its restricted areas restricted."""

import io

from django.core.management import call_command
from wagtail.models import Page

from home.demo_content import EVALUATORS_CANARY, MEMBERS_CANARY, STEERING_CANARY
from home.models import (
    GuidancePage,
    LearningEventPage,
    NewsPage,
    PracticeExamplePage,
    TrailblazerSitePage,
)


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_content(client, db, settings):
    """One load (it takes seconds), then everything a newcomer would check."""
    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    load_demo()

    before = Page.objects.count()
    load_demo()
    assert Page.objects.count() == before, "a second load must add nothing"

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
