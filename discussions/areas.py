"""Where a thread lives, and so who may read it.

An area is what an author picks; it decides the thread's ``audience`` and ``groups``, the fields
the access layer reads. The programme team is in every group area because it moderates every
discussion (it cannot act on what it cannot see).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from hub.accounts import access, roles

# Who a group is, in a sentence.
GROUP_READERS = {
    roles.TRAILBLAZER_STAFF: "trailblazer staff",
    roles.EVALUATORS: "evaluators",
    roles.STEERING_GROUP: "the steering group",
    roles.PROGRAMME_TEAM: "the programme team",
}


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    audience: str
    # Everyone in any of these groups reads the area; the first is the group it is named after.
    group_names: tuple[str, ...] = ()

    @property
    def readers(self) -> str:
        """Who reads a thread here, in words: "every approved member"."""
        if self.audience == access.Audience.PUBLIC:
            return "everyone, including people who are not signed in"
        if self.audience == access.Audience.MEMBERS:
            return "every approved member"
        return _and(GROUP_READERS[name] for name in self.group_names)


def _and(phrases) -> str:
    """ "a", "a and b", "a, b and c"; "" for none."""
    phrases = list(phrases)
    return " and ".join([", ".join(phrases[:-1]), phrases[-1]] if len(phrases) > 2 else phrases)


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


def new_readers(old: Area, new: Area) -> str:
    """Who could read a thread in ``new`` but not in ``old``, in words; "" if nobody."""
    wider = {access.Audience.PUBLIC: 2, access.Audience.MEMBERS: 1, access.Audience.GROUPS: 0}
    if wider[new.audience] > wider[old.audience]:
        return new.readers
    if new.audience == old.audience == access.Audience.GROUPS:
        return _and(GROUP_READERS[n] for n in new.group_names if n not in old.group_names)
    return ""
