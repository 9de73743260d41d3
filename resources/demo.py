"""Demo collections and documents, generated at load time (no binaries in the repository).

Facts come from the programme's public documents; every document's wording is the hub's own.
Restricted documents carry canary words (Brindlewick, Tallowmere, Quillmarsh, Copperlynn) so
tests and reviewers can prove they never appear where they should not.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
)

from hub.accounts import roles
from hub.accounts.models import Organisation, User

from . import services
from .extraction import samples
from .models import Resource

PUBLIC, MEMBERS, EVALUATION, STEERING = (
    "Public library",
    "Members library",
    "Evaluation team",
    "Steering group",
)
SITES_PARENT = "Trailblazer sites"
ADD_CHOOSE = ("add_document", "choose_document")
ALL = ("add_document", "change_document", "choose_document")

K = Resource.Kind

# title, collection, kind, format, organisation name (or None), date, tags, text
DOCUMENTS = [
    (
        "Direct payments in residential care: an introduction for councils",
        PUBLIC,
        K.GUIDANCE,
        "pdf",
        "Social Care Institute for Excellence (SCIE)",
        datetime.date(2014, 3, 10),
        ["direct payments", "residential care"],
        "Since the regulations changed on 1 November 2013, fourteen trailblazer councils have\n"
        "been trying out direct payments for people who live in care homes.\n"
        "From April 2016 every council in England must offer them.\n"
        "This note explains what a direct payment is, who can have one, and how the\n"
        "payment moves between the person, the council and the care home.",
    ),
    (
        "Notes from the open meeting for interested councils",
        PUBLIC,
        K.NOTES,
        "docx",
        "Department of Health",
        datetime.date(2012, 8, 16),
        ["trailblazer sites"],
        "Councils thinking of becoming a trial site met on 16 August 2012, in London, in Leeds\n"
        "or by telephone.\n"
        "Questions covered how sites would be chosen, what support the programme would give,\n"
        "and what an expression of interest needed to say in no more than three pages.",
    ),
    (
        "Trailblazer sites at a glance",
        PUBLIC,
        K.DATA,
        "csv",
        "Social Care Institute for Excellence (SCIE)",
        datetime.date(2014, 1, 20),
        ["trailblazer sites"],
        "",  # filled from the organisations at load time
    ),
    (
        "Top-up agreement template",
        MEMBERS,
        K.TEMPLATE,
        "docx",
        "London Borough of Enfield",
        datetime.date(2014, 6, 2),
        ["top-ups", "contracts"],
        "Top-up agreement between the resident, the third party who pays the top-up, and the\n"
        "council.\n"
        "The third party agrees to pay the difference between the council's usual rate and the\n"
        "care home's fee. If the third party stops paying, the council will review the\n"
        "placement with the resident before any change is made.",
    ),
    (
        "Learning event: paying care homes directly or through the person",
        MEMBERS,
        K.SLIDES,
        "pptx",
        "Social Care Institute for Excellence (SCIE)",
        datetime.date(2014, 9, 18),
        ["learning events", "payments"],
        "Paying care homes: three models seen in the trailblazer sites\n"
        "Net payments, gross payments, and payments through a managed account.\n"
        "What residents and families told us about choosing between them.",
    ),
    (
        "Quarterly returns template",
        MEMBERS,
        K.DATA,
        "xlsx",
        "Social Care Institute for Excellence (SCIE)",
        datetime.date(2014, 4, 1),
        ["monitoring"],
        "Site\nPeople offered a direct payment\nPeople who took one up\nCare homes involved",
    ),
    (
        "Letter to residents about direct payments (Enfield draft)",
        "site:London Borough of Enfield",
        K.TEMPLATE,
        "docx",
        "London Borough of Enfield",
        datetime.date(2014, 5, 12),
        ["letters", "residents"],
        "Dear resident, from next month you can choose to receive a direct payment for your\n"
        "care home place. Brindlewick House residents will be invited to a meeting first.",
    ),
    (
        "Milton Keynes local process notes",
        "site:Milton Keynes Council",
        K.NOTES,
        "rtf",
        "Milton Keynes Council",
        datetime.date(2014, 7, 3),
        ["process"],
        "Our process map for offering a direct payment at the annual review.\n"
        "Copperlynn team to check the finance assessment before the offer letter.",
    ),
    (
        "Deep dive interview schedule (draft)",
        EVALUATION,
        K.EVALUATION,
        "odt",
        "Policy Innovation Research Unit (PIRU), LSHTM",
        datetime.date(2014, 2, 14),
        ["evaluation"],
        "Interview schedule for the four deep dive sites, Tallowmere version.\n"
        "Ask about the offer, the decision, the payment route and any top-up.",
    ),
    (
        "Interim findings: outline for December 2014",
        EVALUATION,
        K.REPORT,
        "pdf",
        "Personal Social Services Research Unit (PSSRU), LSE",
        datetime.date(2014, 11, 28),
        ["evaluation", "reports"],
        "Outline of the first interim report, due December 2014, with a second in summer 2015\n"
        "and the final report in 2016.",
    ),
    (
        "Steering group minutes: readiness for national rollout",
        STEERING,
        K.NOTES,
        "pdf",
        "Department of Health",
        datetime.date(2015, 1, 22),
        ["steering group"],
        "Minutes of the Quillmarsh meeting on readiness for April 2016.\n"
        "The group reviewed the evaluators' interim findings and agreed next steps.",
    ),
]


def _collection(parent, name):
    found = parent.get_children().filter(name=name).first()
    return found or parent.add_child(instance=Collection(name=name))


def _restrict(collection, kind, group_names=()):
    if CollectionViewRestriction.objects.filter(collection=collection).exists():
        return
    rule = CollectionViewRestriction.objects.create(collection=collection, restriction_type=kind)
    if group_names:
        rule.groups.set(Group.objects.filter(name__in=group_names))


def _grant(group_name, collection, codenames):
    group = Group.objects.get(name=group_name)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=codenames
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _collections():
    root = Collection.get_first_root_node()
    found = {name: _collection(root, name) for name in (PUBLIC, MEMBERS, EVALUATION, STEERING)}
    _restrict(found[MEMBERS], BaseViewRestriction.LOGIN)
    _restrict(
        found[EVALUATION], BaseViewRestriction.GROUPS, [roles.EVALUATORS, roles.PROGRAMME_TEAM]
    )
    _restrict(
        found[STEERING], BaseViewRestriction.GROUPS, [roles.STEERING_GROUP, roles.PROGRAMME_TEAM]
    )
    sites = _collection(root, SITES_PARENT)
    _restrict(sites, BaseViewRestriction.GROUPS, [roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM])
    for organisation in Organisation.objects.filter(is_trailblazer=True).order_by("name"):
        found[f"site:{organisation.name}"] = _collection(sites, organisation.name)
    _grant(roles.PROGRAMME_TEAM, root, ALL)
    for name in (PUBLIC, MEMBERS):
        _grant(roles.TRAILBLAZER_STAFF, found[name], ADD_CHOOSE)
    _grant(roles.TRAILBLAZER_STAFF, sites, ADD_CHOOSE)
    # Evaluators and the steering group file papers in their own private areas.
    _grant(roles.EVALUATORS, found[EVALUATION], ADD_CHOOSE)
    _grant(roles.STEERING_GROUP, found[STEERING], ADD_CHOOSE)
    return found


def _sites_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Site", "Region", "Deep dive"])
    for site in Organisation.objects.filter(is_trailblazer=True).order_by("name"):
        writer.writerow([site.name, site.region, "yes" if site.is_deep_dive else "no"])
    return out.getvalue().encode()


def _first_sentence(text):
    flat = " ".join(text.split())
    return flat.split(". ")[0].rstrip(".") + "." if flat else ""


def load(*, stdout, password=None, **kwargs):
    collections = _collections()
    uploader = User.objects.filter(username="editor").first()
    created = 0
    with tempfile.TemporaryDirectory() as directory:
        for title, where, kind, extension, org_name, date, tags, text in DOCUMENTS:
            collection = collections.get(where)
            if collection is None:
                continue  # a site the accounts demo did not create
            if Resource.objects.filter(title=title, collection=collection).exists():
                continue
            path = Path(directory) / f"{title[:60]}.{extension}"
            path.write_bytes(samples.make(extension, text) if text else _sites_csv())
            resource = services.resource_create(
                path=path,
                filename=path.name,
                title=title,
                collection=collection,
                user=uploader,
                kind=kind,
                organisation=Organisation.objects.filter(name__startswith=org_name).first()
                if org_name
                else None,
                published_on=date,
                tags=tags,
                description=_first_sentence(text) or "The trailblazer sites and their regions.",
                queue_extraction=False,
            )
            services.extraction_run(resource.pk)
            created += 1
    stdout.write(f"Documents: {created} added, {Resource.objects.count()} in the library.")
