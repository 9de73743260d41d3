"""Demo collections and documents, generated at load time (no binaries in the repository).

Facts come from the programme's public documents; every document's wording is the hub's own.
Restricted documents carry canary words (Brindlewick, Tallowmere, Quillmarsh, Copperlynn) so
tests and reviewers can prove they never appear where they should not.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
import textwrap
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
from .models import Resource, ResourceVersion

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


def collections():
    """The demo's collections by name (sites as "site:<name>"), made and restricted if missing."""
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


def _file(extension, title, content) -> bytes:
    """A real file holding ``content``: a string (one line a paragraph), paragraphs, or
    (heading, text) pairs for slides."""
    if isinstance(content, str):
        return samples.make(extension, content) if content else _sites_csv()
    if extension == "pptx":
        return samples.pptx(content)
    if extension == "docx":
        return samples.docx(content, heading=title, title=title)
    # The minimal PDF does not wrap lines, so the paragraphs are wrapped to fit an A4 page.
    lines = [title, ""]
    for paragraph in content:
        lines += [*textwrap.wrap(paragraph, 90), ""]
    return samples.pdf(["\n".join(lines)])


def _plain(content) -> str:
    if isinstance(content, str):
        return content
    return " ".join(part if isinstance(part, str) else part[1] for part in content)


def add_document(
    *,
    directory,
    title,
    collection,
    kind,
    extension,
    content,
    organisation=None,
    date=None,
    tags=(),
    learning_event=None,
    uploader=None,
):
    """The library's document with this title in ``collection``, made from ``content`` and
    dated ``date`` (upload and first version too) if it is not there yet.

    Returns the document and whether it was made.
    """
    existing = Resource.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing, False
    path = Path(directory) / f"{title[:60].replace('/', ' ')}.{extension}"
    path.write_bytes(_file(extension, title, content))
    resource = services.resource_create(
        path=path,
        filename=path.name,
        title=title,
        collection=collection,
        user=uploader,
        kind=kind,
        organisation=organisation,
        learning_event=learning_event,
        published_on=date,
        tags=tags,
        description=_first_sentence(_plain(content)) or "The trailblazer sites and their regions.",
        queue_extraction=False,
    )
    services.extraction_run(resource.pk)
    if date is not None:
        # Uploaded the day it was published, not the day the demo loaded.
        when = datetime.datetime.combine(date, datetime.time(9), tzinfo=datetime.UTC)
        Resource.objects.filter(pk=resource.pk).update(created_at=when)
        ResourceVersion.objects.filter(resource=resource).update(created_at=when)
    return resource, True


def organisation_named(word):
    """The organisation with ``word`` in its name as a whole word ("Enfield" is not
    "Brackenfield"), if the accounts demo made one."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    candidates = Organisation.objects.filter(name__icontains=word).order_by("name")
    return next((o for o in candidates if pattern.search(o.name)), None)


def load(*, stdout, password=None, **kwargs):
    found = collections()
    uploader = User.objects.filter(username="editor").first()
    created = 0
    with tempfile.TemporaryDirectory() as directory:
        for title, where, kind, extension, org_name, date, tags, text in DOCUMENTS:
            collection = found.get(where)
            if collection is None:
                continue  # a site the accounts demo did not create
            created += add_document(
                directory=directory,
                title=title,
                collection=collection,
                kind=kind,
                extension=extension,
                content=text,
                organisation=Organisation.objects.filter(name__startswith=org_name).first()
                if org_name
                else None,
                date=date,
                tags=tags,
                uploader=uploader,
            )[1]
    stdout.write(f"Documents: {created} added, {Resource.objects.count()} in the library.")
