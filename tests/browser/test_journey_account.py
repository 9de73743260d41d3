"""A member opens their account page from the header, changes their password (staying signed
in), unfollows a tag with one click, and signs in again later with the new password."""

from playwright.sync_api import expect
from taggit.models import Tag

from discussions import services as discussion_services
from discussions.models import Follow
from hub.accounts import roles
from tests.browser.conftest import screenshot
from tests.factories import UserFactory

OLD, NEW = "Heron-pebble-river-7", "Quiet-lantern-harbour-31"


def sign_in(page, username, password):
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address or username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_member_changes_password_and_unfollows_a_tag(page, live_server, db):
    member = UserFactory(
        username="officer", first_name="Rani", last_name="Shah", roles=[roles.TRAILBLAZER_STAFF]
    )
    member.set_password(OLD)
    member.save()
    for name in ("Top-ups", "Care homes"):
        tag = Tag.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        discussion_services.follow_tag(user=member, tag=tag)

    page.goto("/")
    sign_in(page, "officer", OLD)
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Your account"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    page.get_by_role("link", name="Change your password").click()
    page.get_by_label("Current password").fill(OLD)
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("Confirm new password").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    # Back on the account page, still signed in.
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    page.get_by_role("button", name="Unfollow Top-ups").click()
    expect(page.get_by_text("You no longer follow “Top-ups”.")).to_be_visible()
    following = page.locator(".hub-follow-list")
    expect(following.get_by_role("link", name="Top-ups")).to_have_count(0)
    expect(following.get_by_role("link", name="Care homes")).to_be_visible()
    screenshot(page, "journey-account")
    assert list(Follow.objects.filter(user=member).values_list("tag__name", flat=True)) == [
        "Care homes"
    ]

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "officer", NEW)
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text("Rani Shah")
