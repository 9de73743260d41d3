import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from hub import views
from hub.accounts.decorators import members_only

pytestmark = pytest.mark.django_db


@members_only
def taking_part(request):
    return HttpResponse("in")


def _request(user):
    request = RequestFactory().post("/discussions/new/?area=members")
    request.user = user
    return request


def test_an_anonymous_visitor_is_sent_to_sign_in_and_back():
    response = taking_part(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/discussions/new/%3Farea%3Dmembers"


@pytest.mark.parametrize("actor_name", ["pending", "rejected", "inactive"])
def test_an_account_not_approved_is_refused_and_told_why(actor_name, make_actor):
    with pytest.raises(PermissionDenied, match="waiting for approval"):
        taking_part(_request(make_actor(actor_name)))


@pytest.mark.parametrize("actor_name", ["council_member", "provider", "superuser"])
def test_an_approved_member_gets_the_view(actor_name, make_actor):
    assert taking_part(_request(make_actor(actor_name))).content == b"in"


@pytest.mark.parametrize(
    ("actor_name", "status"),
    [("anonymous", 302), ("pending", 403), ("rejected", 403), ("council_member", 200)],
)
def test_asking_a_question_is_for_approved_members(actor_name, status, make_actor, client):
    actor = make_actor(actor_name)
    if actor is not None:
        client.force_login(actor)
    assert client.get("/discussions/new/").status_code == status


@pytest.mark.parametrize(
    ("actor_name", "status"),
    [("anonymous", 302), ("pending", 403), ("council_member", 403), ("programme_team", 302)],
)
def test_merging_tags_is_for_the_programme_team(actor_name, status, make_actor, client):
    actor = make_actor(actor_name)
    if actor is not None:
        client.force_login(actor)
    response = client.post("/discussions/tags/merge/", {})
    assert response.status_code == status
    if status == 302:
        login = response["Location"].startswith("/accounts/login/")
        assert login is (actor is None)


def test_a_refusal_page_says_why_in_the_refusals_own_words(make_actor, client):
    client.force_login(make_actor("pending"))
    response = client.get("/discussions/new/")
    assert response.status_code == 403
    assert "waiting for approval: you can read, not post yet" in response.text


def test_a_moderators_refusal_names_who_may(make_actor, client):
    client.force_login(make_actor("council_member"))
    response = client.post("/discussions/tags/merge/", {})
    assert response.status_code == 403
    assert "Only the programme team can moderate discussions." in response.text


def test_a_refusal_without_a_reason_gets_the_general_wording(make_actor):
    request = _request(make_actor("council_member"))
    response = views.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert b"only for particular groups in the programme" in response.content
