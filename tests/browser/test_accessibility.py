"""axe-core finds no WCAG 2.2 A/AA problems on each page family, in its plain state and with
form errors showing, and no page scrolls sideways at 320px (a 1280px screen at 400% zoom).
Each page is also saved as screenshots at desktop and mobile widths."""

import datetime

from django.utils import timezone
from taggit.models import Tag

from discussions import moderation
from discussions import services as discussion_services
from home import guidance_follows
from hub.accounts import roles
from search import registry
from search import services as search_services
from tests.browser.conftest import axe_violations, screenshot, sign_in
from tests.browser.test_journey_people import colleagues
from tests.browser.test_journey_readiness import readiness_councils
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.factories.discussions import make_thread
from tests.home.actions_helpers import open_actions_url, varied_actions_event
from tests.home.promotion_helpers import promoted, steering_paper
from tests.returns.helpers import submitted_round


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


def open_review_queue(page, request):
    pending = request.getfixturevalue("pending_upload")
    sign_in(page, pending["reviewer"])
    page.goto("/resources/review/")
    page.get_by_role("link", name=pending["resource"].title).wait_for()


def open_review_errors(page, request):
    pending = request.getfixturevalue("pending_upload")
    sign_in(page, pending["reviewer"])
    page.goto(pending["resource"].get_absolute_url())
    page.get_by_label("Do not add it").check()
    page.get_by_role("button", name="Save the decision").click()
    page.locator(".govuk-error-summary").wait_for()


def open_upload_waiting(page, request):
    pending = request.getfixturevalue("pending_upload")
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto(pending["resource"].get_absolute_url())
    page.get_by_text("Waiting for review", exact=True).wait_for()


def open_account(page, request):
    member = request.getfixturevalue("trailblazer")
    thread = _members_thread()
    discussion_services.follow_thread(user=member, thread=thread)
    tag, _ = Tag.objects.get_or_create(slug="top-ups", defaults={"name": "Top-ups"})
    discussion_services.follow_tag(user=member, tag=tag)
    guidance_follows.follow(user=member, page=make.guidance("Advice on top-ups"))
    sign_in(page, member)
    page.goto("/account/")
    page.get_by_role("heading", name="What you follow").wait_for()


def open_guidance_followed(page, request):
    """A guidance page as a member who follows it."""
    member = request.getfixturevalue("trailblazer")
    guidance = make.guidance("Advice on top-ups to follow")
    guidance_follows.follow(user=member, page=guidance)
    sign_in(page, member)
    page.goto(guidance.url)
    page.get_by_role("button", name="Stop following").wait_for()


def open_guidance_unsubscribe(page, request):
    member = request.getfixturevalue("trailblazer")
    guidance = make.guidance("Advice on top-ups to leave")
    guidance_follows.follow(user=member, page=guidance)
    token = guidance_follows.unsubscribe_token(user=member, page=guidance)
    page.goto(f"/account/guidance/unsubscribe/{token}/")
    page.get_by_role("button", name="Stop following").wait_for()


def open_search_replaced(page, request):
    newer = make.guidance("Current advice on quillwort top-ups")
    older = make.guidance("Earlier advice on quillwort top-ups", superseded_by=newer)
    registry.sync_many([newer, older])
    page.goto("/search/?q=quillwort")
    page.get_by_text("Newer guidance replaces this page.").wait_for()


def open_suggestions(page, request):
    registry.sync(make.guidance("Advice on quillwort payments"))
    page.goto("/")
    box = page.get_by_role("combobox", name="Search the hub")
    box.press_sequentially("quillw", delay=30)
    page.get_by_role("listbox", name="Suggestions").wait_for()
    box.press("ArrowDown")


def open_phone_menu(page, request):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto("/resources/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_text("Filter documents", exact=True).click()


def open_saved_searches(page, request):
    member = request.getfixturevalue("trailblazer")
    search_services.saved_search_create(user=member, query="top-up payments", filters={})
    search_services.saved_search_create(
        user=member, query="evaluation", filters={"kind": ["resource"], "year": ["2014"]}
    )
    sign_in(page, member)
    page.goto("/search/alerts/")
    page.get_by_role("heading", name="Saved searches").wait_for()


def open_password_change_errors(page, request):
    sign_in(page, request.getfixturevalue("trailblazer"))
    page.goto("/account/password/")
    page.get_by_role("button", name="Change password").click()
    page.locator(".govuk-error-summary").wait_for()


def open_readiness(page, request):
    editor = readiness_councils()
    sign_in(page, editor)
    page.goto("/readiness/?region=South+West&sort=-last_active")
    page.get_by_role("heading", name="Councils").wait_for()


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


def open_practice_submit(page, request):
    from tests.factories import OrganisationFactory

    staff = UserFactory(
        roles=[roles.TRAILBLAZER_STAFF],
        organisation=OrganisationFactory(name="Brackenford Council", is_trailblazer=True),
    )
    sign_in(page, staff)
    page.goto(request.getfixturevalue("hub_content")["practice-index"] + "submit/")
    page.get_by_role("button", name="Send for review").click()
    page.locator(".govuk-error-summary").wait_for()


def open_practice_sent(page, request):
    open_practice_submit(page, request)
    page.get_by_label("Title").fill("One ledger for top-ups")
    page.get_by_label("Theme").select_option("top_ups")
    page.get_by_label("Summary").fill("How we kept a record of every top-up.")
    page.get_by_label("The challenge").fill("Families paid top-ups we could not see.")
    page.get_by_label("What you did").fill("We kept one ledger.")
    page.get_by_label("Outcome").fill("Fewer disputes.")
    page.get_by_label("Lessons for other councils").fill("Start early.")
    page.get_by_role("button", name="Send for review").click()
    page.get_by_role("heading", name="Practice example sent").wait_for()


def open_returns(who, url, *, title, errors=False):
    def open_page(page, request):
        people, urls = submitted_round(title)
        sign_in(page, people[who])
        page.goto(urls[url])
        if errors:
            name = "Save" if url == "new" else "Submit the return"
            page.get_by_role("button", name=name).click()
            page.locator(".govuk-error-summary").wait_for()

    return open_page


RETURNS = {
    "returns-evaluators": open_returns("evaluator", "index", title="Axe one"),
    "returns-round-errors": open_returns("evaluator", "new", title="Axe two", errors=True),
    "returns-round": open_returns("evaluator", "round", title="Axe three"),
    "returns-read": open_returns("evaluator", "own", title="Axe four"),
    "returns-revision": open_returns("officer", "revision", title="Axe five"),
    "returns-site": open_returns("neighbour", "index", title="Axe six"),
    "returns-form-errors": open_returns("neighbour", "other", title="Axe seven", errors=True),
}


def _promotion_editor_and_paper():
    editor = UserFactory(roles=[roles.PROGRAMME_TEAM])
    return editor, steering_paper()


def open_promote_screen(page, request):
    editor, paper = _promotion_editor_and_paper()
    sign_in(page, editor)
    page.goto(f"/promote/page/{paper.pk}/")
    page.get_by_role("button", name="Publish the public copy").wait_for()


def open_promote_errors(page, request):
    open_promote_screen(page, request)
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Publish the public copy").click()
    page.locator(".govuk-error-summary").wait_for()


def open_promotion_record(page, request):
    editor, paper = _promotion_editor_and_paper()
    promotion = promoted(paper, editor)
    sign_in(page, editor)
    page.goto(f"/promotions/{promotion.pk}/")
    page.get_by_role("heading", name="Left out of the public copy").wait_for()


def open_promotions(page, request):
    open_promotion_record(page, request)
    page.goto("/promotions/")
    page.get_by_role("heading", name="Public copies made").wait_for()


def open_promoted_copy(page, request):
    editor, paper = _promotion_editor_and_paper()
    page.goto(promoted(paper, editor).copy.url)


def open_shared_index(page, request):
    open_promoted_copy(page, request)
    page.get_by_role("link", name="Shared from the programme").first.click()
    page.get_by_role("link", name="How the rollout will run").first.wait_for()


def open_people(page, request):
    sharer, seeker = colleagues()
    sign_in(page, seeker)
    page.goto("/people/?region=North+West")
    page.locator(".hub-card").first.wait_for()


def open_people_errors(page, request):
    sharer, seeker = colleagues()
    sign_in(page, seeker)
    page.goto("/people/?region=Nowhere")
    page.locator(".govuk-error-summary").wait_for()


def open_person(page, request):
    sharer, seeker = colleagues()
    sign_in(page, seeker)
    page.goto(f"/people/{sharer.pk}/")
    page.get_by_role("heading", name="Nia Carrow").wait_for()


def open_organisations(page, request):
    colleagues()
    # Filtered to its region: the other pages' fixtures add organisations page after page.
    page.goto("/organisations/?region=North+West")
    page.get_by_role("link", name="Wrexby Council").wait_for()


def open_organisation(page, request):
    sharer, seeker = colleagues()
    sign_in(page, seeker)
    page.goto("/organisations/wrexby-council/")
    page.get_by_role("heading", name="People").wait_for()


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
    "review-queue": open_review_queue,
    "review-errors": open_review_errors,
    "upload-waiting": open_upload_waiting,
    "saved-searches": open_saved_searches,
    "password-change-errors": open_password_change_errors,
    "guidance-followed": open_guidance_followed,
    "guidance-unsubscribe": open_guidance_unsubscribe,
    "search-replaced": open_search_replaced,
    "suggestions-open": open_suggestions,
    "phone-menu-and-filters": open_phone_menu,
    "readiness": open_readiness,
    "event-actions": open_event_actions,
    "open-actions": open_open_actions,
    "practice-submit-errors": open_practice_submit,
    "practice-sent": open_practice_sent,
    **RETURNS,
    "promote-screen": open_promote_screen,
    "promote-errors": open_promote_errors,
    "promotion-record": open_promotion_record,
    "promotions": open_promotions,
    "promoted-copy": open_promoted_copy,
    "shared-index": open_shared_index,
    "people": open_people,
    "people-errors": open_people_errors,
    "person": open_person,
    "organisations": open_organisations,
    "organisation": open_organisation,
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
