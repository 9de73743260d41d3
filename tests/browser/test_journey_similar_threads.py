"""Typing a question offers similar threads, never one the reader may not see."""

from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories.discussions import make_thread


def test_typing_a_title_lists_similar_threads_the_reader_may_see(page):
    make_thread(area="members", title="How did you handle third-party top-ups?")
    make_thread(area="steering", title="Brindlewick top-ups for the steering group")
    member = UserFactory(username="typist", roles=[roles.PROVIDERS])

    page.goto("/accounts/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", "correct horse battery")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{page.base_url}/")
    page.goto("/discussions/new/")
    page.fill("input[name=title]", "Questions about top-ups")
    hint = page.locator("#similar-threads")
    hint.wait_for(state="visible", timeout=5000)

    text = hint.inner_text()
    assert "third-party top-ups" in text
    assert "Brindlewick" not in text
    assert page.problems == []
