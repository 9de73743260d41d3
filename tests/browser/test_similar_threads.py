"""The similar-threads hint in a real browser (skipped when Chromium is absent).

It uses this folder's session-wide browser: a second Playwright started in the same worker
would find the first one's event loop running and refuse to start.
"""

from hub.accounts import roles
from tests.browser.conftest import sign_in
from tests.factories import UserFactory
from tests.factories.discussions import make_thread


def test_typing_a_title_lists_similar_threads_the_reader_may_see(page):
    make_thread(area="members", title="How did you handle third-party top-ups?")
    make_thread(area="steering", title="Brindlewick top-ups for the steering group")
    sign_in(page, UserFactory(username="typist", roles=[roles.PROVIDERS]))
    page.goto("/discussions/new/")
    page.fill("input[name=title]", "Questions about top-ups")
    hint = page.locator("#similar-threads")
    hint.wait_for(state="visible", timeout=5000)
    text = hint.inner_text()
    assert "third-party top-ups" in text
    assert "Brindlewick" not in text
    assert not page.problems, page.problems
