"""The Nu HTML Checker finds no errors in the HTML the hub sends for each page family.

The pages are fetched with Django's test client (the checker reads the markup as sent, before
any script runs) and checked in one run of the checker, since starting Java takes seconds.
"""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from discussions import moderation
from discussions import services as discussion_services
from discussions.models import Thread
from home import guidance_follows
from hub.accounts import roles
from search import registry
from search import services as search_services
from tests.browser.conftest import ARTIFACTS, vnu_errors
from tests.browser.test_journey_people import colleagues
from tests.browser.test_journey_readiness import readiness_councils
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.home.actions_helpers import open_actions_url, varied_actions_event
from tests.home.promotion_helpers import promoted, steering_paper
from tests.returns.helpers import RETURNS_ERROR_PAGES, returns_pages


def _officer_pages(hub_content, trailblazer):
    """The pages an officer meets when something is stale, locked, refused or about to widen."""
    newer = make.guidance(
        "Current advice on top-ups",
        review_by=timezone.localdate() - datetime.timedelta(days=30),
        audience="councils",
    )
    make.guidance("Earlier advice on top-ups", superseded_by=newer, audience="councils")
    thread = Thread.objects.get(area="public")
    moderator = UserFactory(roles=[roles.PROGRAMME_TEAM])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(trailblazer)
    strict.get(hub_content["new-thread"])
    refused = strict.post(
        hub_content["new-thread"],
        {
            "title": "How do you pay homes?",
            "body": "Weekly or monthly?",
            "csrfmiddlewaretoken": "x",
        },
        HTTP_ORIGIN="http://testserver",
    )
    moderating = Client()
    moderating.force_login(moderator)
    moderation.thread_move(by=moderator, thread=thread, area="members")
    move = moderating.post(
        reverse("discussions:moderate", args=[thread.pk]), {"action": "move", "area": "public"}
    )
    moderation.thread_set(by=moderator, thread=thread, action="lock")
    replying = Client()
    replying.force_login(trailblazer)
    locked = replying.post(reverse("discussions:reply", args=[thread.pk]), {"body": "Too late."})
    anonymous = Client()
    return {
        "guidance-overdue": anonymous.get(newer.url),
        "guidance-index-replaced": anonymous.get(newer.get_parent().url),
        "csrf-failure": refused,
        "move-confirm": move,
        "thread-locked": locked,
        "thread-not-found-signed-out": anonymous.get(thread.get_absolute_url()),
    }


def _review_pages(pending, trailblazer):
    """The review queue and a waiting document as the programme team sees it (and with the
    decision sent back for a missing reason), and as its uploader sees it."""
    resource = pending["resource"]
    reviewer = Client()
    reviewer.force_login(pending["reviewer"])
    uploader = Client()
    uploader.force_login(trailblazer)
    return {
        "review-queue": reviewer.get(reverse("resources:review_queue")),
        "review-document": reviewer.get(resource.get_absolute_url()),
        "review-errors": reviewer.post(
            reverse("resources:review_decide", args=[resource.pk]), {"decision": "reject"}
        ),
        "upload-waiting": uploader.get(resource.get_absolute_url()),
    }


def _follow_pages(trailblazer):
    """A followed guidance page, its one-click unsubscribe page, a replaced search hit."""
    newer = make.guidance("Current advice on quillwort top-ups")
    older = make.guidance("Earlier advice on quillwort top-ups", superseded_by=newer)
    registry.sync_many([newer, older])
    guidance_follows.follow(user=trailblazer, page=newer)
    token = guidance_follows.unsubscribe_token(user=trailblazer, page=newer)
    member = Client()
    member.force_login(trailblazer)
    anonymous = Client()
    return {
        "guidance-followed": member.get(newer.url),
        "guidance-unsubscribe": anonymous.get(f"/account/guidance/unsubscribe/{token}/"),
        "guidance-unsubscribed": anonymous.post(f"/account/guidance/unsubscribe/{token}/"),
        "search-replaced": anonymous.get("/search/", {"q": "quillwort"}),
    }


def _account_pages(client, trailblazer):
    """/account/ with a followed tag and thread, and its two forms sent back with errors."""
    tag, _ = Tag.objects.get_or_create(slug="top-ups", defaults={"name": "Top-ups"})
    discussion_services.follow_tag(user=trailblazer, tag=tag)
    thread = Thread.objects.filter(area="public").first()
    discussion_services.follow_thread(user=trailblazer, thread=thread)
    password = reverse("account:password_change")
    return {
        "account": client.get(reverse("account:home")),
        "account-errors": client.post(reverse("account:home"), {"first_name": ""}),
        "password-change": client.get(password),
        "password-change-errors": client.post(password, {}),
        **_saved_search_pages(client, trailblazer),
    }


def _saved_search_pages(client, trailblazer):
    """/search/alerts/ with two saved searches, one sent back with errors."""
    saved, _ = search_services.saved_search_create(
        user=trailblazer, query="top-up payments", filters={"kind": ["resource"]}
    )
    search_services.saved_search_create(user=trailblazer, query="evaluation", filters={})
    prefix = f"s{saved.pk}"
    return {
        "saved-searches": client.get(reverse("search_alerts")),
        "saved-searches-errors": client.post(
            reverse("search_alert_change", args=[saved.pk]),
            {f"{prefix}-name": "", f"{prefix}-frequency": ""},
        ),
        "search-signed-in": client.get(reverse("search"), {"q": "payments"}),
    }


def _action_pages(client):
    """An event whose actions end every way, and the open actions list, as the programme team."""
    event = varied_actions_event()
    client.force_login(UserFactory(roles=[roles.PROGRAMME_TEAM]))
    return {
        "event-actions": client.get(event.url),
        "open-actions": client.get(open_actions_url(event)),
        "event-actions-signed-out": Client().get(event.url),
    }


def _directory_pages(client):
    """People and organisations, as an anonymous visitor, a pending person and a member."""
    sharer, seeker = colleagues()
    client.logout()
    pages = {
        "organisations": client.get("/organisations/?region=Nowhere"),
        "organisation-anonymous": client.get("/organisations/wrexby-council/"),
    }
    client.force_login(seeker)
    pages["people"] = client.get("/people/?region=North+West")
    pages["people-errors"] = client.get("/people/?region=Nowhere&role=king")
    pages["person"] = client.get(reverse("person", args=[sharer.pk]))
    pages["organisation-member"] = client.get("/organisations/wrexby-council/")
    client.force_login(UserFactory(status="pending"))
    pages["people-forbidden-pending"] = client.get("/people/")
    return pages


def _practice_pages(hub_content):
    """The practice example form, blank and with errors, and its confirmation."""
    from tests.factories import OrganisationFactory

    staff = UserFactory(
        roles=[roles.TRAILBLAZER_STAFF],
        organisation=OrganisationFactory(name="Brackenford Council", is_trailblazer=True),
    )
    sending = Client()
    sending.force_login(staff)
    url = hub_content["practice-index"] + "submit/"
    blank = sending.get(url)
    errors = sending.post(url, {})
    answer = {
        "title": "One ledger for top-ups",
        "theme": "top_ups",
        "summary": "How we kept a record of every top-up.",
        "challenge": "Families paid top-ups we could not see.",
        "what_they_did": "We kept one ledger.",
        "outcome": "Fewer disputes.",
        "lessons": "Start early.",
    }
    sent = sending.post(url, answer, follow=True)
    return {"practice-submit": blank, "practice-submit-errors": errors, "practice-sent": sent}


def _promotion_pages():
    """The promotion screen, blank and refused, the record of it, and the public copy."""
    editor = UserFactory(roles=[roles.PROGRAMME_TEAM])
    paper = steering_paper()
    team = Client()
    team.force_login(editor)
    url = reverse("promote", args=["page", paper.pk])
    blank = team.get(url)
    form = blank.context["form"]
    every = [p.key for p in blank.context["passages"]]
    refused = team.post(
        url,
        {
            "title": form["title"].value(),
            "token": form["token"].value(),
            "fingerprint": form["fingerprint"].value(),
            "remove": every,
        },
    )
    promotion = promoted(paper, editor)
    return {
        "promote-screen": blank,
        "promote-errors": refused,
        "promotions": team.get(reverse("promotions")),
        "promotion-record": team.get(reverse("promotion", args=[promotion.pk])),
        "promoted-copy": Client().get(promotion.copy.url),
        "shared-index": Client().get(promotion.copy.get_parent().url),
    }


def test_pages_are_valid_html(
    client, members_page, password_page, pending_user, hub_content, trailblazer, pending_upload
):
    blank_signup = dict.fromkeys(
        ["name", "email", "organisation", "job_title", "reason", "password1", "password2"], ""
    )
    responses = {
        "home": client.get("/"),
        "login": client.get(reverse("accounts:login")),
        "login-errors": client.post(
            reverse("accounts:login"), {"username": "nobody", "password": "wrong-password"}
        ),
        "signup": client.get(reverse("accounts:signup")),
        "signup-errors": client.post(reverse("accounts:signup"), blank_signup),
        "password-reset": client.get(reverse("accounts:password_reset")),
        "password-reset-errors": client.post(reverse("accounts:password_reset"), {"email": "x"}),
        "not-found": client.get("/no-such-page/"),
        "password-required": client.get(password_page.url),
    }
    # Every page family, the library, discussions, search and tags, as an anonymous reader.
    for name, path in hub_content.items():
        if name not in {"upload", "new-thread"}:
            responses[name] = client.get(path)
    client.force_login(pending_user)
    responses["forbidden-pending"] = client.get(members_page.url)
    responses["signed-in-home"] = client.get("/")
    # The forms, blank and sent back with errors, as a trailblazer (who may upload and post).
    client.force_login(trailblazer)
    for name in ("upload", "new-thread"):
        responses[name] = client.get(hub_content[name])
        responses[f"{name}-errors"] = client.post(hub_content[name], {})
    responses["thread-signed-in"] = client.get(hub_content["thread"])
    responses.update(_follow_pages(trailblazer))
    responses.update(_account_pages(client, trailblazer))
    responses.update(_officer_pages(hub_content, trailblazer))
    responses.update(_review_pages(pending_upload, trailblazer))
    client.force_login(readiness_councils())
    responses["readiness"] = client.get("/readiness/?status=getting_ready&sort=-key_read")
    responses.update(_action_pages(client))
    responses.update(_practice_pages(hub_content))
    responses.update(returns_pages(Client()))
    responses.update(_promotion_pages())
    responses.update(_directory_pages(client))

    expected = {
        "not-found": 404,
        "forbidden-pending": 403,
        "upload-errors": 400,
        "new-thread-errors": 400,
        "csrf-failure": 403,
        "thread-locked": 403,
        "thread-not-found-signed-out": 404,
        "review-errors": 400,
        "saved-searches-errors": 400,
        **RETURNS_ERROR_PAGES,
        "promote-errors": 400,
        "people-forbidden-pending": 403,
    }
    folder = ARTIFACTS / "html"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, response in responses.items():
        assert response.status_code == expected.get(name, 200), name
        path = folder / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)

    assert vnu_errors(files) == []
