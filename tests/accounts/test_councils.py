import csv
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from hub.accounts import roles
from hub.accounts.councils import COLUMNS, COUNCILS_FILE, read_councils
from hub.accounts.models import Organisation, OrganisationDomain, User
from tests.factories import OrganisationFactory, UserFactory

HEADER = ",".join(COLUMNS)


def write(tmp_path, *lines):
    path = tmp_path / "councils.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_the_shipped_list_has_every_council_with_adult_social_care_duties():
    councils = read_councils()
    assert len(councils) == 152
    assert Counter(c.ons_code[:3] for c in councils) == {
        "E10": 27,  # county councils
        "E06": 56,  # unitaries, with the Isles of Scilly
        "E08": 36,  # metropolitan boroughs
        "E09": 33,  # London boroughs and the City of London
    }
    assert Counter(c.region for c in councils) == {
        "North East": 12,
        "North West": 23,
        "Yorkshire and the Humber": 15,
        "East Midlands": 9,
        "West Midlands": 14,
        "East of England": 11,
        "London": 33,
        "South East": 19,
        "South West": 16,
    }
    by_code = {c.ons_code: c for c in councils}
    assert by_code["E06000053"].name == "Council of the Isles of Scilly"
    assert by_code["E09000001"].region == "London"
    # Codes as they stood in 2015, after the 2013 boundary changes.
    assert "E06000057" in by_code and "E06000048" not in by_code  # Northumberland
    assert "E08000037" in by_code and "E08000020" not in by_code  # Gateshead


def test_the_shipped_list_names_its_source_and_licence():
    notes = COUNCILS_FILE.with_suffix(".md").read_text(encoding="utf-8")
    assert "Office for National Statistics" in notes
    assert "Open Government Licence v3.0" in notes
    with open(COUNCILS_FILE, newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == COLUMNS


@pytest.mark.django_db
def test_load_councils_adds_all_152_and_running_it_again_changes_nothing(capsys):
    call_command("load_councils")
    assert Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).count() == 152
    assert "152 added" in capsys.readouterr().out
    kent = Organisation.objects.get(ons_code="E10000016")
    assert (kent.name, kent.region, kent.slug) == (
        "Kent County Council",
        "South East",
        "kent-county-council",
    )

    call_command("load_councils")
    assert Organisation.objects.count() == 152
    assert "0 added, 0 updated, 152 already up to date" in capsys.readouterr().out


@pytest.mark.django_db
def test_existing_sites_are_matched_by_code_or_name_and_keep_their_flags_and_members():
    enfield = OrganisationFactory(
        name="Enfield", ons_code="E09000010", region="", is_trailblazer=True, is_deep_dive=True
    )
    by_name = OrganisationFactory(name="Milton Keynes Council", ons_code="", is_trailblazer=True)
    member = UserFactory(organisation=enfield)

    call_command("load_councils")

    assert Organisation.objects.count() == 152
    enfield.refresh_from_db()
    by_name.refresh_from_db()
    assert (enfield.name, enfield.region) == ("Enfield", "London"), "its own name is kept"
    assert enfield.is_trailblazer and enfield.is_deep_dive
    assert by_name.ons_code == "E06000042" and by_name.is_trailblazer
    member.refresh_from_db()
    assert member.organisation == enfield


@pytest.mark.django_db
def test_a_domain_another_organisation_holds_stays_with_it():
    other = OrganisationFactory(name="Kent Partnership")
    OrganisationDomain.objects.create(organisation=other, domain="kent.gov.uk")
    call_command("load_councils")
    assert OrganisationDomain.objects.get(domain="kent.gov.uk").organisation == other


@pytest.mark.django_db
def test_sign_up_still_suggests_the_council_from_the_email_domain(client):
    call_command("load_councils")
    client.post(
        "/accounts/signup/",
        {
            "name": "Rosa Parkinson",
            "email": "rosa.parkinson@leeds.gov.uk",
            "organisation": "",
            "job_title": "Commissioning officer",
            "requested_role": Group.objects.get(name=roles.LOCAL_AUTHORITY_MEMBERS).pk,
            "reason": "We start offering these payments next year.",
            "password1": "a sensible long passphrase",
            "password2": "a sensible long passphrase",
        },
    )
    assert User.objects.get().organisation.ons_code == "E08000035"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["E10000016,Kent,Kent County Council,South East,", "W06000015,Cardiff,Cardiff,Wales,"],
            r"Line 3: W06000015 is not the ONS code",
        ),
        (
            ["E07000223,Adur,Adur District Council,South East,"],
            r"Line 2: E07000223 is not the ONS code",
        ),
        (
            [
                "E10000016,Kent,Kent County Council,South East,",
                "E10000002,Bucks,Buckinghamshire County Council,South East,",
                "E10000016,Kent,Kent Council,South East,",
            ],
            r"Line 4: E10000016 is already on line 2",
        ),
        (
            [
                "E10000016,Kent,Kent County Council,South East,",
                "E10000002,Kent,kent county council,South East,",
            ],
            r"Line 3: kent county council is already on line 2",
        ),
        (["E10000016,Kent,Kent County Council,Kentshire,"], r"Line 2: Kentshire is not a region"),
        (["E10000016,Kent,,South East,"], r"Line 2: the council has no name"),
        (["E10000016,Kent,Kent County Council,South East"], r"Line 2: expected 5 columns"),
        (
            ["E10000016,Kent,Kent County Council,South East,kent gov uk"],
            r"Line 2: kent is not an email domain",
        ),
    ],
)
def test_a_bad_file_names_the_line_and_loads_nothing(tmp_path, lines, message):
    path = write(tmp_path, *lines)
    with pytest.raises(CommandError, match=message) as raised:
        call_command("load_councils", file=str(path))
    assert "Nothing was loaded" in str(raised.value)
    assert not Organisation.objects.exists()
    assert not OrganisationDomain.objects.exists()


@pytest.mark.django_db
def test_a_clash_with_an_organisation_under_another_code_rolls_everything_back(tmp_path):
    OrganisationFactory(name="Kent County Council", ons_code="E10000099")
    path = write(
        tmp_path,
        "E10000002,Buckinghamshire,Buckinghamshire County Council,South East,",
        "E10000016,Kent,Kent County Council,South East,kent.gov.uk",
    )
    with pytest.raises(CommandError, match=r"Line 3: Kent County Council is already on the hub"):
        call_command("load_councils", file=str(path))
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Kent County Council"]
    assert not OrganisationDomain.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name\nE10000016,Kent\n", r"Line 1: the columns must be"),
        (HEADER + "\n", r"lists no councils"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused(tmp_path, content, message):
    path = tmp_path / "councils.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_councils", file=str(path))


@pytest.mark.django_db
def test_a_missing_or_binary_file_gets_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="No councils file at"):
        call_command("load_councils", file=str(tmp_path / "nowhere.csv"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_councils", file=str(binary))
