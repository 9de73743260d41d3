"""axe-core finds no WCAG 2.2 A/AA problems on each page family, in its plain state and with
form errors showing. Each page is also saved as screenshots at desktop and mobile widths."""

import pytest

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


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violations(page, request, name):
    PAGES[name](page, request)
    assert axe_violations(page) == []
    assert page.problems == []
    screenshot(page, name)
