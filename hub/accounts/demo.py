"""Demo organisations and one user per role. Names of real bodies come from the programme's
public documents; every council or provider marked "(fictional)" is invented for the demo, and
which sites are "deep dive" is illustrative only.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify

from . import roles
from .models import Organisation, OrganisationDomain, User

K = Organisation.Kind

ORGANISATIONS = [
    # name, kind, ons code, region, trailblazer, deep dive, email domains
    ("Department of Health", K.PROGRAMME_BODY, "", "National", False, False, ["dh.gsi.gov.uk"]),
    (
        "Social Care Institute for Excellence (SCIE)",
        K.PROGRAMME_BODY,
        "",
        "National",
        False,
        False,
        ["scie.org.uk"],
    ),
    (
        "Policy Innovation Research Unit (PIRU), LSHTM",
        K.PROGRAMME_BODY,
        "",
        "London",
        False,
        False,
        ["lshtm.ac.uk"],
    ),
    (
        "Personal Social Services Research Unit (PSSRU), LSE",
        K.PROGRAMME_BODY,
        "",
        "London",
        False,
        False,
        ["lse.ac.uk"],
    ),
    (
        "London Borough of Enfield",
        K.LOCAL_AUTHORITY,
        "E09000010",
        "London",
        True,
        True,
        ["enfield.gov.uk"],
    ),
    (
        "London Borough of Redbridge",
        K.LOCAL_AUTHORITY,
        "E09000026",
        "London",
        True,
        True,
        ["redbridge.gov.uk"],
    ),
    (
        "Milton Keynes Council",
        K.LOCAL_AUTHORITY,
        "E06000042",
        "South East",
        True,
        True,
        ["milton-keynes.gov.uk"],
    ),
    (
        "North Lincolnshire Council",
        K.LOCAL_AUTHORITY,
        "E06000013",
        "Yorkshire and the Humber",
        True,
        True,
        ["northlincs.gov.uk"],
    ),
]

FICTIONAL_COUNCILS = [
    ("Ashbourne Vale", "East Midlands"),
    ("Brackenfield", "North West"),
    ("Caldermoor", "Yorkshire and the Humber"),
    ("Dunmere", "South West"),
    ("Eastwick and Holt", "East of England"),
    ("Fernley", "West Midlands"),
    ("Greystone", "North East"),
    ("Harrowfield", "South East"),
    ("Ivybridge Downs", "South West"),
    ("Kestrel Bay", "North West"),
    ("Larkhill Borough", "London"),
]

FICTIONAL_PROVIDERS = [
    ("Elm Court Care Home", "London"),
    ("Willow Lodge Residential Care", "South East"),
    ("Riverside House Nursing Home", "Yorkshire and the Humber"),
]

# username, role, organisation name, first name, last name, status
USERS = [
    ("admin", None, "Social Care Institute for Excellence (SCIE)", "Ada", "Admin", "approved"),
    (
        "editor",
        roles.PROGRAMME_TEAM,
        "Social Care Institute for Excellence (SCIE)",
        "Eden",
        "Editor",
        "approved",
    ),
    (
        "trailblazer",
        roles.TRAILBLAZER_STAFF,
        "London Borough of Enfield",
        "Tariq",
        "Blake",
        "approved",
    ),
    ("provider", roles.PROVIDERS, "Elm Court Care Home (fictional)", "Priya", "Shah", "approved"),
    (
        "member",
        roles.LOCAL_AUTHORITY_MEMBERS,
        "Larkhill Borough Council (fictional)",
        "Morgan",
        "Lee",
        "approved",
    ),
    (
        "evaluator",
        roles.EVALUATORS,
        "Personal Social Services Research Unit (PSSRU), LSE",
        "Evie",
        "Long",
        "approved",
    ),
    ("steering", roles.STEERING_GROUP, "Department of Health", "Sam", "Steer", "approved"),
    (
        "pending",
        roles.LOCAL_AUTHORITY_MEMBERS,
        "Fernley Council (fictional)",
        "Pat",
        "Waite",
        "pending",
    ),
]


def _organisations():
    rows = list(ORGANISATIONS)
    for index, (name, region) in enumerate(FICTIONAL_COUNCILS):
        # The first ten fictional councils make up the fourteen trailblazer sites.
        trailblazer = index < 10
        rows.append(
            (
                f"{name} Council (fictional)",
                K.LOCAL_AUTHORITY,
                "",
                region,
                trailblazer,
                False,
                [f"{slugify(name)}.example"],
            )
        )
    for name, region in FICTIONAL_PROVIDERS:
        rows.append(
            (
                f"{name} (fictional)",
                K.CARE_PROVIDER,
                "",
                region,
                False,
                False,
                [f"{slugify(name)}.example"],
            )
        )
    return rows


def load(*, stdout, password, **kwargs):
    if not password:
        raise ImproperlyConfigured(
            "Set HUB_DEMO_PASSWORD to the password the demo users should have."
        )
    created = 0
    for name, kind, ons, region, trailblazer, deep_dive, domains in _organisations():
        organisation, was_created = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "slug": slugify(name)[:200],
                "kind": kind,
                "ons_code": ons,
                "region": region,
                "is_trailblazer": trailblazer,
                "is_deep_dive": deep_dive,
            },
        )
        created += was_created
        for domain in domains:
            OrganisationDomain.objects.get_or_create(
                domain=domain, defaults={"organisation": organisation}
            )

    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    for username, role, org_name, first, last, status in USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@hub.example",
                "first_name": first,
                "last_name": last,
                "organisation": organisations[org_name],
                "status": status,
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
                "requested_role": groups.get(role),
            },
        )
        if was_created:
            # Only new users get the password: hashing is slow by design, and a re-run must
            # not undo a password someone changed.
            user.set_password(password)
            user.save(update_fields=["password"])
        if role and status == "approved":
            user.groups.add(groups[role])
        created += was_created
    stdout.write(f"People: {len(USERS)} demo users, {Organisation.objects.count()} organisations.")
    return created
