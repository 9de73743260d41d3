"""Where a thread lives, and so who may read it.

An area is what an author picks; it decides the thread's ``audience`` and ``groups``, the fields
the access layer reads. The programme team is in every group area because it moderates every
discussion (it cannot act on what it cannot see).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from hub.accounts import access, roles


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    audience: str
    # Everyone in any of these groups reads the area; the first is the group it is named after.
    group_names: tuple[str, ...] = ()


AREAS = [
    Area("public", "Everyone (public)", access.Audience.PUBLIC),
    Area("members", "Approved members", access.Audience.MEMBERS),
    Area(
        "trailblazers",
        "Trailblazers only",
        access.Audience.GROUPS,
        (roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM),
    ),
    Area(
        "evaluators",
        "Evaluators",
        access.Audience.GROUPS,
        (roles.EVALUATORS, roles.PROGRAMME_TEAM),
    ),
    Area(
        "steering",
        "Steering group",
        access.Audience.GROUPS,
        (roles.STEERING_GROUP, roles.PROGRAMME_TEAM),
    ),
]
BY_KEY = {area.key: area for area in AREAS}
CHOICES = [(area.key, area.label) for area in AREAS]


def groups_for(area: Area):
    return Group.objects.filter(name__in=area.group_names)


def areas_for(user) -> list[Area]:
    """The areas this user may post in: public and members for any approved member, and each
    group area whose groups they belong to (every area for superusers)."""
    viewer = access.viewer_for(user)
    if not viewer.is_approved:
        return []
    names = set(user.groups.values_list("name", flat=True))
    return [
        area
        for area in AREAS
        if area.audience != access.Audience.GROUPS
        or viewer.is_superuser
        or names & set(area.group_names)
    ]
