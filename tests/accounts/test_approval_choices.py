"""The approval screen offers member roles only; editing rights and organisations are explicit."""

import pytest
from django.contrib.auth.models import Group

from hub.accounts import roles
from hub.accounts.models import Organisation, User
from tests.factories import UserFactory
from tests.factories.accounts import OrganisationFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/membership/"


@pytest.fixture
def applicant():
    return UserFactory(
        username="applicant",
        email="applicant@newtown.example",
        status=User.Status.PENDING,
        organisation=None,
        requested_role=Group.objects.get(name=roles.LOCAL_AUTHORITY_MEMBERS),
    )


@pytest.fixture
def team_client(client):
    client.force_login(UserFactory(username="team", roles=[roles.PROGRAMME_TEAM]))
    return client


def approve(client, applicant, **data):
    return client.post(
        f"{QUEUE}{applicant.pk}/approve/",
        {f"u{applicant.pk}-{key}": value for key, value in data.items()},
        follow=True,
    )


def _names(field):
    return {group.name for group in field.queryset}


def test_roles_offered_are_member_roles_and_editing_is_separate(team_client, applicant):
    form = team_client.get(QUEUE).context["rows"][0]["approve_form"]
    offered = _names(form.fields["groups"])
    assert offered == set(roles.MEMBER_ROLES)
    assert roles.PROGRAMME_TEAM not in offered
    assert "Editors" not in offered
    editing = _names(form.fields["editing_groups"])
    assert {roles.PROGRAMME_TEAM, "Editors"} <= editing
    assert not editing & offered
    assert [g.name for g in form.initial["groups"]] == [roles.LOCAL_AUTHORITY_MEMBERS]
    assert not form.initial.get("editing_groups")


@pytest.mark.parametrize("group_name", [roles.PROGRAMME_TEAM, "Editors", "Moderators"])
def test_a_forged_editing_group_among_the_roles_is_refused(team_client, applicant, group_name):
    group = Group.objects.get(name=group_name)
    response = approve(team_client, applicant, groups=[group.pk])
    assert "Editing rights are a separate choice." in response.text
    applicant.refresh_from_db()
    assert applicant.status == User.Status.PENDING
    assert not applicant.groups.exists()


def test_editing_rights_are_given_only_when_ticked(team_client, applicant):
    members = Group.objects.get(name=roles.LOCAL_AUTHORITY_MEMBERS)
    editors = Group.objects.get(name="Editors")
    approve(team_client, applicant, groups=[members.pk], editing_groups=[editors.pk])
    applicant.refresh_from_db()
    assert applicant.is_approved
    assert set(applicant.groups.values_list("name", flat=True)) == {
        roles.LOCAL_AUTHORITY_MEMBERS,
        "Editors",
    }


def test_an_editing_group_asked_for_is_not_granted_by_default(team_client, applicant):
    applicant.requested_role = Group.objects.get(name=roles.PROGRAMME_TEAM)
    applicant.save()
    form = team_client.get(QUEUE).context["rows"][0]["approve_form"]
    assert not form.initial["groups"]
    approve(team_client, applicant)
    applicant.refresh_from_db()
    assert applicant.is_approved
    assert not applicant.groups.exists()


def test_an_unlisted_council_is_added_and_assigned(team_client, applicant):
    response = approve(
        team_client,
        applicant,
        groups=[Group.objects.get(name=roles.LOCAL_AUTHORITY_MEMBERS).pk],
        new_organisation="  Newtown   Borough Council ",
        new_organisation_kind="local_authority",
    )
    assert response.status_code == 200
    applicant.refresh_from_db()
    assert applicant.is_approved
    assert applicant.organisation.name == "Newtown Borough Council"
    assert applicant.organisation.kind == Organisation.Kind.LOCAL_AUTHORITY
    assert applicant.organisation.slug == "newtown-borough-council"


def test_a_new_name_that_exists_reuses_the_organisation(team_client, applicant):
    existing = OrganisationFactory(name="Newtown Borough Council")
    approve(team_client, applicant, new_organisation="newtown borough council")
    applicant.refresh_from_db()
    assert applicant.organisation == existing
    assert Organisation.objects.filter(name__iexact="newtown borough council").count() == 1


def test_an_organisation_from_the_list_is_assigned(team_client, applicant):
    chosen = OrganisationFactory(name="Larkhill Borough Council")
    approve(team_client, applicant, organisation=chosen.pk)
    applicant.refresh_from_db()
    assert applicant.organisation == chosen


def test_choosing_and_adding_an_organisation_at_once_is_refused(team_client, applicant):
    chosen = OrganisationFactory(name="Larkhill Borough Council")
    response = approve(
        team_client, applicant, organisation=chosen.pk, new_organisation="Newtown Council"
    )
    assert "not both" in response.text
    applicant.refresh_from_db()
    assert applicant.status == User.Status.PENDING
    assert not Organisation.objects.filter(name="Newtown Council").exists()
