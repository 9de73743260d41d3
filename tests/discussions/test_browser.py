"""The similar-threads hint in a real browser (skipped when Chromium is absent)."""

import os
import shutil

import pytest

from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_thread

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed"),
]


@pytest.fixture
def browser_page(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body
    # are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        try:
            yield browser.new_page()
        finally:
            browser.close()


# serialized_rollback puts back the role groups made by migrations, which a transactional
# test's flush would otherwise remove for every test after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typing_a_title_lists_similar_threads_the_reader_may_see(live_server, browser_page):
    make_thread(area="members", title="How did you handle third-party top-ups?")
    make_thread(area="steering", title="Brindlewick top-ups for the steering group")
    member = UserFactory(username="typist", roles=[roles.PROVIDERS])
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/discussions/new/")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.fill("input[name=title]", "Questions about top-ups")
    hint = page.locator("#similar-threads")
    hint.wait_for(state="visible", timeout=5000)
    text = hint.inner_text()
    assert "third-party top-ups" in text
    assert "Brindlewick" not in text
    assert not errors, errors
    assert os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] == "true"
