"""Demo organisations and one user per role.

Every council comes from the shipped list (``councils.py``). The programme's public page names
four trailblazer sites (Enfield, Redbridge, Milton Keynes, North Lincolnshire); the other ten of
the fourteen, and which four are "deep dive", are chosen for the demo and illustrative only.
Care providers marked "(fictional)" are invented for the demo.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import slugify

from . import roles
from .councils import councils_load
from .models import Organisation, OrganisationDomain, User

K = Organisation.Kind

# name, kind, region, email domains
PROGRAMME_BODIES = [
    ("Department of Health", K.PROGRAMME_BODY, "National", ["dh.gsi.gov.uk"]),
    ("Social Care Institute for Excellence (SCIE)", K.PROGRAMME_BODY, "National", ["scie.org.uk"]),
    ("Policy Innovation Research Unit (PIRU), LSHTM", K.PROGRAMME_BODY, "London", ["lshtm.ac.uk"]),
    (
        "Personal Social Services Research Unit (PSSRU), LSE",
        K.PROGRAMME_BODY,
        "London",
        ["lse.ac.uk"],
    ),
]

# ONS code: deep dive. The first four are named on the programme's page.
TRAILBLAZERS = {
    "E09000010": True,  # London Borough of Enfield
    "E09000026": True,  # London Borough of Redbridge
    "E06000042": True,  # Milton Keynes Council
    "E06000013": True,  # North Lincolnshire Council
    "E06000022": False,  # Bath and North East Somerset Council
    "E10000013": False,  # Gloucestershire County Council
    "E10000015": False,  # Hertfordshire County Council
    "E10000019": False,  # Lincolnshire County Council
    "E10000020": False,  # Norfolk County Council
    "E10000030": False,  # Surrey County Council
    "E08000007": False,  # Stockport Council
    "E08000024": False,  # Sunderland City Council
    "E08000026": False,  # Coventry City Council
    "E08000035": False,  # Leeds City Council
}

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
        "Kent County Council",
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
        "Derbyshire County Council",
        "Pat",
        "Waite",
        "pending",
    ),
]


# What each demo user shows other members: job title, show it, show the email address. Set
# once, while their job title is still blank, so a choice changed since is kept.
DIRECTORY = {
    "editor": ("Programme manager", True, False),
    "trailblazer": ("Direct payments project lead", True, True),
    "provider": ("Registered manager", False, False),
    "member": ("Commissioning officer", True, False),
    "evaluator": ("Research fellow", True, False),
    "steering": ("Policy adviser", False, False),
    "pending": ("Social worker", True, True),
}


def _set_directory_choices(user):
    if user.username not in DIRECTORY or user.job_title:
        return
    user.job_title, user.show_job_title, user.show_email = DIRECTORY[user.username]
    user.save(update_fields=["job_title", "show_job_title", "show_email"])


def _organisations():
    rows = [(name, kind, region, domains) for name, kind, region, domains in PROGRAMME_BODIES]
    for name, region in FICTIONAL_PROVIDERS:
        rows.append((f"{name} (fictional)", K.CARE_PROVIDER, region, [f"{slugify(name)}.example"]))
    return rows


def _mark_trailblazers():
    """The demo's fourteen sites and four deep dives (set on every run, as before)."""
    for site in Organisation.objects.filter(ons_code__in=TRAILBLAZERS):
        wanted = (True, TRAILBLAZERS[site.ons_code])
        if (site.is_trailblazer, site.is_deep_dive) != wanted:
            site.is_trailblazer, site.is_deep_dive = wanted
            site.save(update_fields=["is_trailblazer", "is_deep_dive"])


def load(*, stdout, password, **kwargs):
    if not password:
        raise ImproperlyConfigured(
            "Set HUB_DEMO_PASSWORD to the password the demo users should have."
        )
    created = councils_load().created
    for name, kind, region, domains in _organisations():
        organisation, was_created = Organisation.objects.update_or_create(
            name=name,
            defaults={"slug": slugify(name)[:200], "kind": kind, "region": region},
        )
        created += was_created
        for domain in domains:
            OrganisationDomain.objects.get_or_create(
                domain=domain, defaults={"organisation": organisation}
            )
    _mark_trailblazers()

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
        _set_directory_choices(user)
        created += was_created
    stdout.write(f"People: {len(USERS)} demo users, {Organisation.objects.count()} organisations.")
    return created
