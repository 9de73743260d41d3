"""axe-core finds no WCAG 2.2 A/AA problems on each page family, in its plain state and with
form errors showing, and no page scrolls sideways at 320px (a 1280px screen at 400% zoom).
Each page is also saved as screenshots at desktop and mobile widths."""

import datetime

from django.utils import timezone
from taggit.models import Tag

from discussions import moderation
from discussions import services as discussion_services
from hub.accounts import roles
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.factories.discussions import make_thread
from tests.home.actions_helpers import open_actions_url, varied_actions_event


def open_home(page, request):
    page.goto("/")


def open_login(page, request):
    page.goto("/accounts/login/")


def open_login_errors(page, request):
    page.goto("/accounts/login/")
    page.get_by_label("Email address or username").fill("nobody@council.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".govuk-error-summary").wait_for()


def open_signup(page, request):
    page.goto("/accounts/signup/")


def open_signup_errors(page, request):
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Ask to join").click()
    page.locator(".govuk-error-summary").wait_for()


def open_password_reset(page, request):
    page.goto("/accounts/password-reset/")


def open_not_found(page, request):
    page.goto("/no-such-page/")


def open_forbidden(page, request):
    members_page = request.getfixturevalue("members_page")
    sign_in(page, request.getfixturevalue("pending_user"))
    response = page.goto(members_page.url)
    assert response.status == 403


def open_password_required(page, request):
    page.goto(request.getfixturevalue("password_page").url)
    page.get_by_label("Password").wait_for()


def open_content(name):
    def open_page(page, request):
        page.goto(request.getfixturevalue("hub_content")[name])

    return open_page


def open_upload_errors(page, request):
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto(request.getfixturevalue("hub_content")["upload"])
    page.get_by_role("button", name="Upload").click()
    page.locator(".govuk-error-summary").wait_for()


def open_new_thread_errors(page, request):
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto(request.getfixturevalue("hub_content")["new-thread"])
    page.get_by_role("button", name="Post your question").click()
    page.locator(".govuk-error-summary").wait_for()


def open_thread_signed_in(page, request):
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto(request.getfixturevalue("hub_content")["thread"])
    page.get_by_label("Your reply").wait_for()


def open_guidance_overdue(page, request):
    request.getfixturevalue("hub_content")
    newer = make.guidance(
        "Current advice on top-ups", review_by=timezone.localdate() - datetime.timedelta(days=30)
    )
    make.guidance("Earlier advice on top-ups", superseded_by=newer)
    page.goto(newer.url)
    page.get_by_text("This guidance is due for review since").wait_for()


def open_csrf_failure(page, request):
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto(request.getfixturevalue("hub_content")["new-thread"])
    page.get_by_label("Title").fill("How do you pay care homes each month?")
    page.get_by_label("Details").fill("Weekly or monthly, in advance or in arrears?")
    # A token gone stale while the page was open.
    page.evaluate(
        "document.querySelector('form.hub-thread-form [name=csrfmiddlewaretoken]').value = 'x'"
    )
    page.get_by_role("button", name="Post your question").click()
    page.get_by_role("button", name="Send again").wait_for()


def _members_thread():
    return make_thread(area="members", title="Do you pay homes weekly or monthly?")


def open_move_confirm(page, request):
    moderator = UserFactory(roles=[roles.PROGRAMME_TEAM])
    thread = _members_thread()
    sign_in(page, moderator)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Move to area").select_option("public")
    page.get_by_role("button", name="Move", exact=True).click()
    page.get_by_role("button", name="Move it").wait_for()


def open_thread_locked(page, request):
    author = request.getfixturevalue("trailblazer")
    thread = _members_thread()
    sign_in(page, author)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("We pay four weeks in advance.")
    moderation.thread_set(
        by=UserFactory(roles=[roles.PROGRAMME_TEAM]), thread=thread, action="lock"
    )
    page.get_by_role("button", name="Post reply").click()
    page.get_by_role("heading", name="This thread is locked").wait_for()


def open_account(page, request):
    member = request.getfixturevalue("trailblazer")
    thread = _members_thread()
    discussion_services.follow_thread(user=member, thread=thread)
    tag, _ = Tag.objects.get_or_create(slug="top-ups", defaults={"name": "Top-ups"})
    discussion_services.follow_tag(user=member, tag=tag)
    sign_in(page, member)
    page.goto("/account/")
    page.get_by_role("heading", name="What you follow").wait_for()


def open_password_change_errors(page, request):
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto("/account/password/")
    page.get_by_role("button", name="Change password").click()
    page.locator(".govuk-error-summary").wait_for()


def open_event_actions(page, request):
    event = varied_actions_event()
    sign_in(page, UserFactory(roles=[roles.PROGRAMME_TEAM]))
    page.goto(event.url)
    page.get_by_role("button", name="Open a discussion about this action").first.wait_for()


def open_open_actions(page, request):
    event = varied_actions_event()
    sign_in(page, UserFactory(roles=[roles.PROGRAMME_TEAM]))
    page.goto(open_actions_url(event))
    page.get_by_role("heading", name="Open actions").wait_for()


CONTENT = [
    "guidance-index",
    "guidance",
    "events-index",
    "event",
    "practice-index",
    "practice",
    "sites-index",
    "site",
    "news-index",
    "news",
    "standard",
    "form",
    "library",
    "document",
    "preview",
    "discussions",
    "thread",
    "search",
    "tags",
    "tag",
]

PAGES = {
    "home": open_home,
    "login": open_login,
    "login-errors": open_login_errors,
    "signup": open_signup,
    "signup-errors": open_signup_errors,
    "password-reset": open_password_reset,
    "not-found": open_not_found,
    "forbidden-pending": open_forbidden,
    "password-required": open_password_required,
    **{name: open_content(name) for name in CONTENT},
    "upload-errors": open_upload_errors,
    "new-thread-errors": open_new_thread_errors,
    "thread-signed-in": open_thread_signed_in,
    "guidance-overdue": open_guidance_overdue,
    "csrf-failure": open_csrf_failure,
    "move-confirm": open_move_confirm,
    "thread-locked": open_thread_locked,
    "account": open_account,
    "password-change-errors": open_password_change_errors,
    "event-actions": open_event_actions,
    "open-actions": open_open_actions,
}

SIDEWAYS_SCROLL = "document.documentElement.scrollWidth - window.innerWidth"


def test_pages_have_no_accessibility_violations(page, request):
    # One test for all the pages: each live-server test costs a database flush, and one report
    # listing every page's problems is more use than the first failure.
    found = {}
    for name, open_page in PAGES.items():
        page.context.clear_cookies()
        open_page(page, request)
        problems = axe_violations(page) + page.problems
        page.set_viewport_size({"width": 320, "height": 640})
        if page.evaluate(SIDEWAYS_SCROLL) > 0:
            problems.append(f"scrolls sideways at 320px by {page.evaluate(SIDEWAYS_SCROLL)}px")
        if problems:
            found[name] = problems
        page.problems.clear()
        screenshot(page, name)
    assert found == {}
