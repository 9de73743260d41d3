import pytest
from django.contrib.auth.models import Group

from hub.accounts import roles
from hub.accounts.models import Organisation, OrganisationDomain, User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data():
    return {
        "name": "Rosa Parkinson",
        "email": "rosa.parkinson@northby.example",
        "organisation": "",
        "job_title": "Commissioning officer",
        "requested_role": Group.objects.get(name=roles.LOCAL_AUTHORITY_MEMBERS).pk,
        "reason": "We start offering these payments next year.",
        "password1": "a sensible long passphrase",
        "password2": "a sensible long passphrase",
    }


def test_sign_up_makes_a_pending_account_matched_to_the_email_domain(client, form_data):
    council = OrganisationFactory(name="Northby Council")
    OrganisationDomain.objects.create(organisation=council, domain="northby.example")

    response = client.post("/accounts/signup/", form_data)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/done/"
    user = User.objects.get(email="rosa.parkinson@northby.example")
    assert user.status == User.Status.PENDING
    assert not user.is_approved
    assert user.organisation == council
    assert user.requested_role.name == roles.LOCAL_AUTHORITY_MEMBERS
    assert user.get_full_name() == "Rosa Parkinson"
    assert not user.groups.exists(), "roles are granted on approval, not at sign-up"


def test_programme_team_is_told_of_a_new_request(
    client, form_data, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="team@scie.example", roles=[roles.PROGRAMME_TEAM])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", form_data)
    assert [m.to for m in mailoutbox] == [["team@scie.example"]]
    assert "Rosa Parkinson" in mailoutbox[0].subject
    assert "/admin/membership/" in mailoutbox[0].body


def test_a_chosen_organisation_wins_over_the_domain(client, form_data):
    chosen = OrganisationFactory(name="Chosen Trust")
    form_data["organisation"] = chosen.pk
    client.post("/accounts/signup/", form_data)
    assert User.objects.get().organisation == chosen


def test_duplicate_email_is_refused_whatever_its_case(client, form_data):
    UserFactory(email="rosa.parkinson@northby.example")
    form_data["email"] = "Rosa.Parkinson@NORTHBY.example"
    response = client.post("/accounts/signup/", form_data)
    assert response.status_code == 200
    assert "already uses this email address" in response.text
    assert User.objects.count() == 1


def test_double_submit_stores_one_account(client, form_data):
    first = client.post("/accounts/signup/", form_data)
    second = client.post("/accounts/signup/", form_data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert User.objects.filter(email=form_data["email"]).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "x" * 10_000, "Full name must be 150 characters or fewer."),
        ("name", "Rosa\x00Parkinson", "Null characters are not allowed"),
        ("name", "   ", "Enter your full name"),
        ("email", "not-an-email", "Enter an email address like"),
        ("email", "rosa\x00@northby.example", "Null characters are not allowed"),
        ("reason", "y" * 5_000, "Your answer to “Why do you want to join?” must be 2000"),
        ("password2", "something else entirely", "do not match"),
        ("requested_role", "999999", "Select a valid choice"),
        ("organisation", "abc", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client, form_data, field, value, message
):
    form_data[field] = value
    response = client.post("/accounts/signup/", form_data)
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert not User.objects.exists()


def test_weak_password_is_refused(client, form_data):
    form_data["password1"] = form_data["password2"] = "1234567890"
    response = client.post("/accounts/signup/", form_data)
    assert "too common" in response.text or "entirely numeric" in response.text
    assert not User.objects.exists()


def test_programme_team_role_cannot_be_requested(client, form_data):
    form_data["requested_role"] = Group.objects.get(name=roles.PROGRAMME_TEAM).pk
    response = client.post("/accounts/signup/", form_data)
    assert "Select a valid choice" in response.text
    assert not User.objects.exists()


def test_extra_fields_cannot_promote_the_new_account(client, form_data):
    form_data.update(status="approved", is_superuser="on", is_staff="on", groups="1")
    client.post("/accounts/signup/", form_data)
    user = User.objects.get()
    assert user.status == User.Status.PENDING
    assert not user.is_superuser and not user.is_staff


def test_signed_in_people_are_sent_home(client):
    client.force_login(UserFactory())
    assert client.get("/accounts/signup/")["Location"] == "/"


def test_organisation_matching_ignores_unknown_domains(client, form_data):
    OrganisationFactory(name="Elsewhere")
    client.post("/accounts/signup/", form_data)
    assert User.objects.get().organisation is None
    assert Organisation.objects.count() == 1


def test_an_empty_submit_says_what_each_field_needs(client):
    response = client.post("/accounts/signup/", {})
    assert response.status_code == 200
    for message in [
        "Enter your full name.",
        "Enter your work email address.",
        "Select what best describes you.",
        "Enter a password.",
    ]:
        assert message in response.text
    assert not User.objects.exists()
