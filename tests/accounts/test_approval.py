import pytest
from django.contrib.auth.models import Group

from hub.accounts import roles
from hub.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    return UserFactory(
        username="applicant",
        email="applicant@council.example",
        status=User.Status.PENDING,
        requested_role=Group.objects.get(name=roles.TRAILBLAZER_STAFF),
    )


@pytest.fixture
def team_client(client):
    client.force_login(UserFactory(username="team", roles=[roles.PROGRAMME_TEAM]))
    return client


def test_queue_lists_pending_people_for_the_programme_team(team_client, applicant):
    UserFactory(username="already-in")
    response = team_client.get("/admin/membership/")
    assert response.status_code == 200
    assert "applicant@council.example" in response.text
    assert "already-in" not in response.text


def test_queue_is_in_the_admin_menu_for_the_team_only(team_client, client):
    assert "Sign-up requests" in team_client.get("/admin/").text


@pytest.mark.parametrize("actor_name", ["trailblazer", "evaluator", "pending", "council_member"])
def test_others_cannot_see_or_use_the_queue(client, make_actor, applicant, actor_name):
    client.force_login(make_actor(actor_name))
    assert client.get("/admin/membership/").status_code in (302, 403)
    client.post(f"/admin/membership/{applicant.pk}/approve/", {f"u{applicant.pk}-groups": []})
    applicant.refresh_from_db()
    assert applicant.status == User.Status.PENDING


def test_anonymous_visitors_are_sent_to_the_admin_login(client, applicant):
    response = client.get("/admin/membership/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_approval_grants_the_chosen_groups_and_emails_the_person(
    team_client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    evaluators = Group.objects.get(name=roles.EVALUATORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = team_client.post(
            f"/admin/membership/{applicant.pk}/approve/",
            {f"u{applicant.pk}-groups": [evaluators.pk]},
        )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.is_approved
    assert applicant.decided_by.username == "team"
    assert list(applicant.groups.values_list("name", flat=True)) == [roles.EVALUATORS]
    assert [m.to for m in mailoutbox] == [["applicant@council.example"]]
    assert "/accounts/login/" in mailoutbox[0].body


def test_approval_by_get_changes_nothing(team_client, applicant):
    assert team_client.get(f"/admin/membership/{applicant.pk}/approve/").status_code == 405
    applicant.refresh_from_db()
    assert applicant.status == User.Status.PENDING


def test_rejection_is_recorded_and_explained(
    team_client, applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        team_client.post(
            f"/admin/membership/{applicant.pk}/reject/",
            {f"u{applicant.pk}-note": "Please apply with your council email."},
        )
    applicant.refresh_from_db()
    assert applicant.status == User.Status.REJECTED
    assert not applicant.is_approved
    assert "Please apply with your council email." in mailoutbox[0].body


def test_an_already_decided_request_cannot_be_decided_again(team_client, applicant):
    team_client.post(f"/admin/membership/{applicant.pk}/reject/", {})
    response = team_client.post(f"/admin/membership/{applicant.pk}/approve/", {})
    assert response.status_code == 404
    applicant.refresh_from_db()
    assert applicant.status == User.Status.REJECTED


def test_programme_team_are_wagtail_editors(db):
    team = Group.objects.get(name=roles.PROGRAMME_TEAM)
    codenames = set(team.permissions.values_list("codename", flat=True))
    assert {"access_admin", "approve_member"} <= codenames
    assert team.page_permissions.filter(permission__codename="publish_page").exists()
    # Wagtail checks document rights against wagtaildocs' permissions, custom model or not.
    assert team.collection_permissions.filter(permission__codename="add_document").exists()


def test_admin_user_forms_show_organisation_and_approval(client, make_actor):
    client.force_login(make_actor("superuser"))
    member = UserFactory(username="someone")
    for url in ["/admin/users/new/", f"/admin/users/edit/{member.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200
        for name in ["organisation", "job_title", "status"]:
            assert f'name="{name}"' in response.text, (url, name)
