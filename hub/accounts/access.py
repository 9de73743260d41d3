"""Who may see what: the one place every read channel asks.

Every object has one audience:

* ``public``  - anyone, signed in or not;
* ``members`` - approved members (pending, rejected and inactive accounts are not members);
* ``groups``  - approved members of at least one named group, and superusers.

Pages take their audience from Wagtail's view restrictions on themselves and every ancestor
(and, for an alias, on its original's ancestors too); documents from their collection's
restrictions; other objects (threads, search entries) from their own ``audience`` field and
``groups`` relation. Password restrictions are honoured by Wagtail when a page or document is
opened by its URL, but such items are never listed anywhere.

Listings never loop over objects asking ``can_view``: they call the ``*_visible_to`` filters,
which cost a fixed number of small queries however long the list is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import models
from django.db.models import Exists, OuterRef, Q
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from . import roles


class Audience(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Approved members"
    GROUPS = "groups", "Named groups only"


@dataclass(frozen=True)
class Rule:
    """The effective audience of one object, after combining every restriction above it."""

    audience: str = Audience.PUBLIC
    group_ids: frozenset[int] = frozenset()
    password: bool = False

    @property
    def is_restricted(self):
        return self.password or self.audience != Audience.PUBLIC


@dataclass(frozen=True)
class _Restriction:
    id: int
    path: str
    kind: str
    group_ids: frozenset[int]


def combine(restrictions) -> Rule:
    """Fold restrictions (any order) into one rule that admits only people who pass them all.

    Two group restrictions stacked on a page and its ancestor admit someone only if they are in
    a group of each; a single set cannot say that, so the rule keeps the intersection: it may
    hide an item from someone who could see it, never the other way round.
    """
    audience, group_ids, password = Audience.PUBLIC, None, False
    for restriction in restrictions:
        if restriction.kind == BaseViewRestriction.PASSWORD:
            password = True
        elif restriction.kind == BaseViewRestriction.GROUPS:
            audience = Audience.GROUPS
            group_ids = (
                restriction.group_ids if group_ids is None else group_ids & restriction.group_ids
            )
        elif restriction.kind == BaseViewRestriction.LOGIN and audience == Audience.PUBLIC:
            audience = Audience.MEMBERS
    return Rule(audience=audience, group_ids=frozenset(group_ids or ()), password=password)


@dataclass(frozen=True)
class Visibility:
    """What one viewer may see of everything that has an audience: the rule, in one place.

    Public items are seen by everyone; members-only items if ``members``; group-only items if
    ``every_group`` (superusers) or if they share a group with ``group_ids``. Each read channel
    (the ORM filter below, every search engine) translates this value and decides nothing.
    """

    members: bool = False
    every_group: bool = False
    group_ids: frozenset[int] = frozenset()

    @property
    def audiences(self) -> tuple[str, ...]:
        """The audiences seen whole, whatever an item's groups."""
        return (
            Audience.PUBLIC,
            *((Audience.MEMBERS,) if self.members else ()),
            *((Audience.GROUPS,) if self.every_group else ()),
        )

    def admits(self, audience, group_ids=()) -> bool:
        if audience in self.audiences:
            return True
        return audience == Audience.GROUPS and bool(self.group_ids & frozenset(group_ids))


PUBLIC_ONLY = Visibility()


@dataclass
class Viewer:
    """What the access rules need to know about the person asking, computed once per request."""

    user_id: int | None = None
    is_approved: bool = False
    is_superuser: bool = False
    group_ids: frozenset[int] = frozenset()
    # The names of the viewer's groups (the roles), for what a role may do; never for what
    # a role may see, which goes by ``group_ids``.
    group_names: frozenset[str] = frozenset()
    # The programme team (and superusers) also see uploads still waiting for review.
    reviews_documents: bool = False
    _snapshots: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_anonymous(self):
        return self.user_id is None

    def visibility(self) -> Visibility:
        """Pending, rejected and inactive accounts see what anonymous visitors see; a superuser
        who is not approved is no exception."""
        if not self.is_approved:
            return PUBLIC_ONLY
        if self.is_superuser:
            return Visibility(members=True, every_group=True)
        return Visibility(members=True, group_ids=frozenset(self.group_ids))

    def may_see(self, audience, group_ids=()) -> bool:
        return self.visibility().admits(audience, group_ids)

    def may_see_rule(self, rule: Rule, *, password_passed=False) -> bool:
        if rule.password and not password_passed:
            return False
        return self.may_see(rule.audience, rule.group_ids)

    def passes(self, restriction: _Restriction) -> bool:
        """Whether one restriction lets this viewer *list* what is below it."""
        if restriction.kind == BaseViewRestriction.PASSWORD:
            return False
        if restriction.kind == BaseViewRestriction.LOGIN:
            return self.may_see(Audience.MEMBERS)
        return self.may_see(Audience.GROUPS, restriction.group_ids)


def as_viewer(user_or_viewer) -> Viewer:
    """A viewer as it is, or the viewer for a user (or an anonymous user, or None)."""
    if isinstance(user_or_viewer, Viewer):
        return user_or_viewer
    return viewer_for(user_or_viewer)


def viewer_for(user) -> Viewer:
    """The viewer for a user (or an anonymous user, or None), memoised on the user object.

    The memo lives as long as the user object, i.e. one request: restriction snapshots taken
    by a viewer must never outlive the request, or a new restriction would not apply at once.
    """
    if user is None:
        return Viewer()
    viewer = getattr(user, "_hub_viewer", None)
    if viewer is not None:
        return viewer
    if not getattr(user, "is_authenticated", False):
        viewer = Viewer()
    else:
        approved = user.is_approved
        group_ids, names = _groups(user) if approved else (frozenset(), frozenset())
        viewer = Viewer(
            user_id=user.pk,
            is_approved=approved,
            is_superuser=approved and user.is_superuser,
            group_ids=group_ids,
            group_names=names,
            reviews_documents=approved and (user.is_superuser or roles.PROGRAMME_TEAM in names),
        )
    user._hub_viewer = viewer
    return viewer


GROUP_IDS_SECONDS = 24 * 60 * 60


def _groups(user) -> tuple[frozenset[int], frozenset[str]]:
    """The user's group ids and names, cached under the user's access version.

    The version sits on the user row, which every request loads anyway, and goes up whenever
    the user's groups change (``signals.py``): a change applies at the next request in every
    process, even with a cache local to each process.
    """
    key = f"hub:groups:v3:{user.pk}:{user.access_version}"
    found = cache.get(key)
    if found is None:
        rows = list(user.groups.values_list("id", "name"))
        found = (frozenset(pk for pk, _ in rows), frozenset(name for _, name in rows))
        cache.set(key, found, GROUP_IDS_SECONDS)
    return found


# --- Restriction snapshots ------------------------------------------------------------------


def _snapshot(viewer: Viewer, model) -> list[_Restriction]:
    """All restrictions of one kind, loaded once per viewer (i.e. per request) in one query.

    One row per restriction and group (a left join), folded here: cheaper than a prefetch.
    """
    if model not in viewer._snapshots:
        related = "page" if model is PageViewRestriction else "collection"
        rows = model.objects.order_by("pk").values_list(
            "pk", f"{related}__path", "restriction_type", "groups__id"
        )
        folded = {}
        for pk, path, kind, group_id in rows:
            entry = folded.setdefault(pk, (path, kind, set()))
            if group_id is not None:
                entry[2].add(group_id)
        viewer._snapshots[model] = [
            _Restriction(id=pk, path=path, kind=kind, group_ids=frozenset(groups))
            for pk, (path, kind, groups) in folded.items()
        ]
    return viewer._snapshots[model]


def _ancestor_paths(path: str) -> list[str]:
    step = Page.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def _rule_for_paths(viewer, model, paths) -> Rule:
    paths = set(paths)
    return combine(r for r in _snapshot(viewer, model) if r.path in paths)


def _hidden_q(viewer, model, lookups) -> Q:
    """Q matching objects under any restriction this viewer does not pass."""
    q = Q()
    for restriction in _snapshot(viewer, model):
        if not viewer.passes(restriction):
            for lookup in lookups:
                q |= Q(**{f"{lookup}__startswith": restriction.path})
    return q


# --- Pages ----------------------------------------------------------------------------------


def page_restrictions(page, viewer: Viewer | None = None) -> list[_Restriction]:
    """The restrictions on a page, its ancestors and (for an alias) its original's ancestors."""
    paths = _ancestor_paths(page.path)
    if page.alias_of_id:
        original_path = Page.objects.filter(pk=page.alias_of_id).values_list("path", flat=True)
        for path in original_path:
            paths += _ancestor_paths(path)
    paths = set(paths)
    return [r for r in _snapshot(viewer or Viewer(), PageViewRestriction) if r.path in paths]


def page_rule(page, viewer: Viewer | None = None) -> Rule:
    """The effective audience of a page: its own restrictions, its ancestors', its original's."""
    return combine(page_restrictions(page, viewer))


def passwords_not_entered(restrictions, request) -> list[_Restriction]:
    """Password restrictions among ``restrictions`` that this visitor has not passed yet.

    Wagtail keeps the ids of passed restrictions in the session (see ``mark_as_passed``).
    """
    passwords = [r for r in restrictions if r.kind == BaseViewRestriction.PASSWORD]
    if not passwords:
        return []
    passed = request.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
    return [r for r in passwords if r.id not in passed]


def can_view_page(user, page, *, request=None) -> bool:
    """May this user see this page? Unpublished pages are seen by nobody on the front end.

    With a request, a password the visitor has already entered for the page counts; without
    one (listings, feeds, email) password-protected pages are never shown.
    """
    if not page.live:
        return False
    viewer = viewer_for(user)
    restrictions = page_restrictions(page, viewer)
    rule = combine(restrictions)
    if rule.password and (request is None or passwords_not_entered(restrictions, request)):
        return False
    return viewer.may_see(rule.audience, rule.group_ids)


def pages_visible_to(user, queryset=None):
    """Live pages this user may see, never password-protected ones: a fixed number of queries."""
    viewer = viewer_for(user)
    queryset = (Page.objects.all() if queryset is None else queryset).live()
    hidden = _hidden_q(viewer, PageViewRestriction, ["path", "alias_of__path"])
    return queryset.exclude(hidden) if hidden else queryset


def page_entries_visible_to(user, entries):
    """``pages_visible_to`` for pages already loaded, in Python: the entries (``path`` and
    ``alias_path``, the original's path for an alias, else None) of live pages this user may
    see. Reads the same per-request snapshot of restrictions, so it costs at most that query."""
    viewer = viewer_for(user)
    hidden = tuple(r.path for r in _snapshot(viewer, PageViewRestriction) if not viewer.passes(r))
    if not hidden:
        return list(entries)
    return [
        entry
        for entry in entries
        if not entry.path.startswith(hidden)
        and not (entry.alias_path and entry.alias_path.startswith(hidden))
    ]


# --- Documents and collections --------------------------------------------------------------


def collection_rule(collection, viewer: Viewer | None = None) -> Rule:
    paths = _ancestor_paths(collection.path)
    return _rule_for_paths(viewer or Viewer(), CollectionViewRestriction, paths)


# Mirrors ``Resource.Review``: this module imports no app's models.
REVIEW_APPROVED = "approved"


def documents_visible_to(user, queryset):
    """Documents this viewer may see: by their collection's privacy, and only once approved.

    An upload still waiting for review (or turned down) is seen by its uploader and by the
    programme team, by nobody else, through every channel that lists or serves documents.
    """
    viewer = viewer_for(user)
    hidden = _hidden_q(viewer, CollectionViewRestriction, ["collection__path"])
    queryset = queryset.exclude(hidden) if hidden else queryset
    if viewer.reviews_documents:
        return queryset
    approved = Q(review_status=REVIEW_APPROVED)
    if viewer.is_approved:
        approved |= Q(uploaded_by_user_id=viewer.user_id)
    return queryset.filter(approved)


def document_awaits_review(document) -> bool:
    """Whether a document is not (yet) approved for everyone its collection admits."""
    return document.review_status != REVIEW_APPROVED


def collections_visible_to(user, queryset=None):
    viewer = viewer_for(user)
    queryset = Collection.objects.all() if queryset is None else queryset
    hidden = _hidden_q(viewer, CollectionViewRestriction, ["path"])
    return queryset.exclude(hidden) if hidden else queryset


# --- Objects with their own audience field --------------------------------------------------


def audience_q(user_or_viewer, *, model, audience_field="audience", groups_field="groups") -> Q:
    """Q for rows of ``model`` the viewer may see (``Visibility``), from its audience field and
    groups relation.

    The group test is an ``EXISTS`` on the relation's own table for the row at hand, so rows
    are never duplicated by a join, and a query that looks at a few rows reads a few links:
    an ``id IN (every row in these groups)`` made SQLite list a group's rows first, 20 ms of
    each search at 1,000,000 entries.
    """
    visibility = as_viewer(user_or_viewer).visibility()
    q = Q(**{f"{audience_field}__in": visibility.audiences})
    if visibility.group_ids:
        relation = model._meta.get_field(groups_field)
        links = relation.remote_field.through._default_manager.filter(
            **{
                relation.m2m_field_name(): OuterRef("pk"),
                f"{relation.m2m_reverse_field_name()}__in": visibility.group_ids,
            }
        )
        q |= Q(Exists(links), **{audience_field: Audience.GROUPS})
    return q


def visible_to(user, queryset, *, audience_field="audience", groups_field="groups"):
    """Filter any queryset whose model has an audience field and a groups relation."""
    return queryset.filter(
        audience_q(
            user,
            model=queryset.model,
            audience_field=audience_field,
            groups_field=groups_field,
        )
    )


def can_view_object(user, obj, *, audience_field="audience", groups_field="groups") -> bool:
    viewer = viewer_for(user)
    audience = getattr(obj, audience_field)
    group_ids = ()
    if audience == Audience.GROUPS:
        group_ids = {g.pk for g in getattr(obj, groups_field).all()}
    return viewer.may_see(audience, group_ids)


# --- Responses ------------------------------------------------------------------------------


def mark_private(request):
    """Ask PrivateCacheMiddleware to send ``Cache-Control: private, no-store`` for this answer."""
    request.hub_private = True


def mark_public_page(request):
    """Tell the page cache this answer is a page everyone may see (see ``hub.page_cache``)."""
    request.hub_public_page = True
