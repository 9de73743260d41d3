"""Reads for the document library, always filtered by the access layer."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page, ReferenceIndex

from hub.accounts import access, roles

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
    return queryset.prefetch_related("tags").order_by(*SORTS.get(sort, SORTS["newest"]))


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
    if not (user.is_authenticated and user.is_approved):
        return False
    return (
        user.is_superuser
        or user.groups.filter(name__in=[roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM]).exists()
    )


def can_restore(user) -> bool:
    if not (user.is_authenticated and user.is_approved):
        return False
    return user.is_superuser or user.groups.filter(name=roles.PROGRAMME_TEAM).exists()


def collections_for_upload(user):
    """Collections this user may add documents to (Wagtail's collection permissions, set in the
    admin under Groups) that they may also see: nobody uploads into a place they cannot read."""
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Resource)
    allowed = policy.collections_user_has_permission_for(user, "add")
    return access.collections_visible_to(user, allowed).filter(~Q(depth=1)).order_by("path")


def can_add_version(user, resource) -> bool:
    from wagtail.permissions import policy_registry

    if not can_upload(user):
        return False
    policy = policy_registry.get_by_type(Resource)
    return policy.user_has_permission_for_instance(user, "change", resource)
