"""Real-browser tests: Debian's Chromium driven by Playwright against a live server of the hub.

One browser serves the whole session; each test gets a fresh context (no shared cookies).
Everything here is marked ``browser`` and skipped, with the reason, where Chromium is absent.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from home.models import HomePage, StandardPage
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.pages import restrict

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extras are not installed
    sync_playwright = None


def _skip_reason():
    if sync_playwright is None:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


# Per module, not per session: a running sync Playwright blocks any other test on the same
# worker from starting its own (tests/discussions/test_browser.py does).
@pytest.fixture(scope="module")
def browser(django_db_setup):
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse
    # database calls from it unless told that this is deliberate.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Once Playwright runs, Django's per-context connection objects are new ones, without the
    # copy of the migrated rows that serialized rollback restores; hand that copy over.
    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    # Live-server tests flush the database afterwards; serialized rollback puts back the rows
    # the migrations made (home page, site, role groups) before each test.
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.base_url = live_server.url
    tab.problems = []
    # A script or style the CSP blocks, or a failing script, is a bug even if the page looks right.
    # (A page's own 4xx status is reported as a console error too, so console errors about
    # loading are left to the response check, which skips the page itself.)
    tab.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and tab.problems.append(message.text)
        ),
    )
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.request.is_navigation_request()
            and tab.problems.append(f"{response.status} {response.url}")
        ),
    )
    yield tab
    context.close()


def sign_in(page, user):
    """Give the browser a signed-in session without the login form (for tests that are not
    about signing in)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])


def screenshot(page, name):
    """Save the page at desktop and mobile widths for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(size)


def axe_violations(page):
    """Run axe-core in the page; return its violations at the WCAG 2.2 A and AA tags."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed: run 'npm ci' ({AXE} is missing)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, so the page's own CSP does not block it.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def vnu_errors(files):
    """Check HTML files with the Nu HTML Checker; return its errors as readable lines."""
    if not VNU.exists():
        pytest.skip(f"vnu-jar is not installed: run 'npm ci' ({VNU} is missing)")
    java = shutil.which("java")
    if java is None:
        pytest.skip("the Nu HTML Checker needs Java (apt-get install default-jre-headless)")
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


@pytest.fixture
def members_page(db):
    """A members-only page, its title a canary word that only members may read."""
    page = StandardPage(
        title="Quillmarsh briefing", slug="quillmarsh-briefing", summary="For members only."
    )
    HomePage.objects.get().add_child(instance=page)
    restrict(page, "login")
    return page


@pytest.fixture
def password_page(db):
    page = StandardPage(title="Locked notes", slug="locked-notes")
    HomePage.objects.get().add_child(instance=page)
    restrict(page, "password", password="correct-horse-9")
    return page


@pytest.fixture
def pending_user(db):
    return UserFactory(status="pending", roles=[roles.LOCAL_AUTHORITY_MEMBERS])


@pytest.fixture
def hub_content(db, settings, tmp_path):
    """One of each thing a reader meets: every page family, a document, a discussion with an
    accepted answer, all indexed for search. Returns the paths a test visits, by name."""
    from django.urls import reverse
    from wagtail.models import BaseViewRestriction

    from discussions import services as discussions
    from search import registry
    from tests.factories import OrganisationFactory
    from tests.factories import pages as make
    from tests.factories.discussions import make_reply, make_thread
    from tests.factories.resources import collection, grant, make_resource

    settings.MEDIA_ROOT = tmp_path / "media"
    council = OrganisationFactory(name="Lindenmoor Council", is_trailblazer=True)
    guidance = make.guidance(
        "Paying a care home directly", tags=["payments", "top-ups"], audience="councils"
    )
    event = make.event("Learning event on contracts")
    practice = make.practice("Agreeing top-ups with families", organisation=council)
    site = make.site(council)
    news = make.news("Interim report published", tags=["payments"])
    standard = make.standard("About the programme")
    form = make.eoi_form()

    library = collection("Shared library")
    collection("Members' shelf", restriction=BaseViewRestriction.LOGIN)
    grant(roles.TRAILBLAZER_STAFF, library, ["add_document", "choose_document"])
    document = make_resource(
        collection=library,
        title="Direct payment agreement template",
        text="A template for agreeing a direct payment with the home and the family.",
        description="The agreement a council signs with the resident and the home.",
        organisation=council,
        tags=["payments"],
        extension="pdf",  # so its detail page links to a preview, and the preview is checked
    )

    thread = make_thread(
        area="public",
        title="How did you agree payment dates with care homes?",
        body="We pay four weeks in arrears. How do you handle direct payments?",
        tags=["payments"],
    )
    answer = make_reply(thread=thread, body="We pay four weeks **in advance** instead.")
    make_reply(thread=thread)
    discussions.answer_accept(user=thread.author, thread=thread, reply=answer)
    registry.rebuild()
    return {
        "home": "/",
        "guidance-index": guidance.get_parent().url,
        "guidance": guidance.url,
        "events-index": event.get_parent().url,
        "event": event.url,
        "practice-index": practice.get_parent().url,
        "practice": practice.url,
        "sites-index": site.get_parent().url,
        "site": site.url,
        "news-index": news.get_parent().url,
        "news": news.url,
        "standard": standard.url,
        "form": form.url,
        "library": reverse("resources:library"),
        "document": reverse("resources:detail", args=[document.pk]),
        "preview": reverse("resources:preview", args=[document.pk]),
        "upload": reverse("resources:upload"),
        "discussions": reverse("discussions:list"),
        "thread": thread.get_absolute_url(),
        "new-thread": reverse("discussions:new"),
        "search": reverse("search") + "?q=payment",
        "tags": reverse("tag_index"),
        "tag": reverse("tag_detail", args=["payments"]),
    }


@pytest.fixture
def trailblazer(db):
    return UserFactory(roles=[roles.TRAILBLAZER_STAFF])


@pytest.fixture
def pending_upload(hub_content, trailblazer):
    """A document the trailblazer uploaded to the shared library, waiting for the programme
    team's review, and a programme team member to review it."""
    from wagtail.models import Collection

    from resources.models import Resource
    from tests.factories.resources import make_resource

    resource = make_resource(
        collection=Collection.objects.get(name="Shared library"),
        title="Care home fees survey results",
        text="What the homes in our area charge for a single room.",
        user=trailblazer,
        review_status=Resource.Review.PENDING,
    )
    return {"resource": resource, "reviewer": UserFactory(roles=[roles.PROGRAMME_TEAM])}
