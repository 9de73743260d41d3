"""axe-core finds no WCAG 2.2 A/AA problems on each page family, in its plain state and with
form errors showing. Each page is also saved as screenshots at desktop and mobile widths."""

from tests.browser.conftest import axe_violations, screenshot, sign_in


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
}


def test_pages_have_no_accessibility_violations(page, request):
    # One test for all the pages: each live-server test costs a database flush, and one report
    # listing every page's problems is more use than the first failure.
    found = {}
    for name, open_page in PAGES.items():
        page.context.clear_cookies()
        open_page(page, request)
        problems = axe_violations(page) + page.problems
        if problems:
            found[name] = problems
        page.problems.clear()
        screenshot(page, name)
    assert found == {}
