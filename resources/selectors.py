"""Reads for the document library, always filtered by the access layer."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from wagtail.models import Page, ReferenceIndex

from hub.accounts import access, roles
from hub.accounts.models import Organisation

from .models import Resource

SORTS = {"newest": ("-published_on", "-created_at", "-pk"), "title": ("title", "pk")}


def resources_visible_to(user, queryset=None):
    queryset = Resource.objects.all() if queryset is None else queryset
    return access.documents_visible_to(user, queryset)


def library_list(*, user, kind="", tag="", organisation=None, year=None, event=None, sort="newest"):
    """The library listing: visible resources, filtered and sorted, ready for a paginator."""
    queryset = resources_visible_to(user).select_related("organisation", "collection")
    if kind:
        queryset = queryset.filter(kind=kind)
    if tag:
        queryset = queryset.filter(tags__slug=tag)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    if year:
        queryset = queryset.filter(published_on__year=year)
    if event is not None:
        queryset = queryset.filter(learning_event=event)
    # Into a list: a prefetch into the manager builds a tag queryset per document.
    tags = Prefetch("tags", to_attr="listed_tags")
    return queryset.prefetch_related(tags).order_by(*SORTS.get(sort, SORTS["newest"]))


def library_events(*, user):
    """The learning events the library's event filter offers this user: events they may see
    with at least one document they may see, so an event whose materials are all private to
    others is not offered (its name would say such documents exist)."""
    shown = resources_visible_to(user).filter(learning_event__isnull=False)
    return access.pages_visible_to(
        user, Page.objects.filter(pk__in=shown.values("learning_event"))
    ).order_by("title")


def latest_resources(*, user, organisation=None, limit=3):
    """The newest documents this user may see (optionally one organisation's), for "what's new"
    blocks: one query, however many there are."""
    queryset = resources_visible_to(user)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return list(queryset.select_related("organisation").order_by(*SORTS["newest"])[:limit])


def resource_for(*, user, pk) -> Resource:
    """One resource the user may see; a missing one and a forbidden one are the same 404."""
    resource = (
        resources_visible_to(user, Resource.objects.select_related("organisation", "collection"))
        .filter(pk=pk)
        .first()
    )
    if resource is None:
        raise Http404("No such document.")
    return resource


def resource_versions(resource):
    return resource.versions.select_related("uploaded_by")


def pages_using(*, user, resource):
    """Pages that link to or embed the resource, only those the user may see."""
    references = ReferenceIndex.get_references_to(resource)
    page_type = ReferenceIndex._get_base_content_type(Page)
    page_ids = references.filter(base_content_type=page_type).values_list("object_id", flat=True)
    pages = Page.objects.filter(pk__in=[int(pk) for pk in page_ids if str(pk).isdigit()])
    return access.pages_visible_to(user, pages).specific().order_by("title")


def can_upload(user) -> bool:
    """Anyone approved who may add documents to at least one collection they can see."""
    if not (user.is_authenticated and user.is_approved):
        return False
    return collections_for_upload(user).exists()


def is_programme_team(user) -> bool:
    """The programme team (and superusers) review uploads and may credit anyone."""
    return access.viewer_for(user).reviews_documents


def can_restore(user) -> bool:
    if not (user.is_authenticated and user.is_approved):
        return False
    return user.is_superuser or user.groups.filter(name=roles.PROGRAMME_TEAM).exists()


def collections_for_upload(user):
    """Collections this user may add documents to (Wagtail's collection permissions, set in the
    admin under Groups) that they may also see: nobody uploads into a place they cannot read.

    A collection named after an organisation is that organisation's area: outside the
    programme team, only its own members file documents there.
    """
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Resource)
    allowed = policy.collections_user_has_permission_for(user, "add")
    queryset = access.collections_visible_to(user, allowed).filter(~Q(depth=1))
    if not is_programme_team(user):
        others = Organisation.objects.exclude(pk=user.organisation_id).values("name")
        queryset = queryset.exclude(name__in=others)
    return queryset.order_by("path")


def needs_review(*, user, collection) -> bool:
    """A document for everyone waits for the programme team unless the team uploaded it."""
    if is_programme_team(user):
        return False
    return not access.collection_rule(collection, access.viewer_for(user)).is_restricted


AUDIENCE_WORDS = {
    access.Audience.PUBLIC: "everyone",
    access.Audience.MEMBERS: "approved members",
    access.Audience.GROUPS: "named groups only",
}


@dataclass
class UploadChoices:
    """What one person may choose on the upload form; the form refuses anything else."""

    collections: object
    organisations: object
    kinds: frozenset[str]
    audiences: dict[int, str] = field(default_factory=dict)
    reviewed_collection_ids: frozenset[int] = frozenset()


def upload_choices(user) -> UploadChoices:
    """Collections: see ``collections_for_upload``. The programme team may credit any
    organisation and label a document "Guidance"; anyone else credits only their own
    organisation and never uses that label, which readers take as the programme's word."""
    team = is_programme_team(user)
    collections = collections_for_upload(user)
    viewer = access.viewer_for(user)
    audiences, reviewed = {}, set()
    for collection in collections:
        rule = access.collection_rule(collection, viewer)
        audiences[collection.pk] = AUDIENCE_WORDS[rule.audience]
        if not team and not rule.is_restricted:
            audiences[collection.pk] += ", after a check by the programme team"
            reviewed.add(collection.pk)
    organisations = Organisation.objects.order_by("name")
    if not team:
        organisations = organisations.filter(pk=user.organisation_id)
    kinds = {value for value, _ in Resource.Kind.choices}
    if not team:
        kinds.discard(Resource.Kind.GUIDANCE)
    return UploadChoices(
        collections=collections,
        organisations=organisations,
        kinds=frozenset(kinds),
        audiences=audiences,
        reviewed_collection_ids=frozenset(reviewed),
    )


def review_queue():
    """Uploads waiting for the programme team, oldest first (only the team sees this list)."""
    return (
        Resource.objects.filter(review_status=Resource.Review.PENDING)
        .select_related("organisation", "collection", "uploaded_by_user")
        .order_by("created_at", "pk")
    )


def can_add_version(user, resource) -> bool:
    from wagtail.permissions import policy_registry

    if not can_upload(user):
        return False
    policy = policy_registry.get_by_type(Resource)
    return policy.user_has_permission_for_instance(user, "change", resource)
