"""Who is who, and who sees what: the one table every privacy test reads.

An audience is written as the access rules know it: ``PUBLIC``, ``MEMBERS``, or a tuple of group
names (a group-only item, for anyone in any of them). Each test names its canary areas by such
an audience and asks ``areas_seen`` who sees which, so no test keeps its own copy of the rule.
"""

from hub.accounts import roles

PUBLIC, MEMBERS = "public", "members"
NOBODY = ()  # password-protected and unpublished items are listed for nobody

# Everyone the access rules distinguish. ``None`` is an anonymous visitor.
ACTOR_ROLES = {
    "anonymous": None,
    "pending": {"status": "pending", "roles": [roles.LOCAL_AUTHORITY_MEMBERS]},
    "council_member": {"roles": [roles.LOCAL_AUTHORITY_MEMBERS]},
    "trailblazer": {"roles": [roles.TRAILBLAZER_STAFF]},
    "provider": {"roles": [roles.PROVIDERS]},
    "evaluator": {"roles": [roles.EVALUATORS]},
    "steering": {"roles": [roles.STEERING_GROUP]},
    "programme_team": {"roles": [roles.PROGRAMME_TEAM]},
    "superuser": {"is_superuser": True, "is_staff": True},
    "rejected": {"status": "rejected", "roles": [roles.EVALUATORS]},
    "inactive": {"is_active": False, "roles": [roles.EVALUATORS]},
}

# For each actor: PUBLIC, MEMBERS if they see members-only items, and the groups whose
# group-only items they see. Pending, rejected and inactive accounts see what an anonymous
# visitor sees, whatever roles they hold; a superuser sees the items of every group.
SEES = {
    "anonymous": {PUBLIC},
    "pending": {PUBLIC},
    "rejected": {PUBLIC},
    "inactive": {PUBLIC},
    "council_member": {PUBLIC, MEMBERS, roles.LOCAL_AUTHORITY_MEMBERS},
    "trailblazer": {PUBLIC, MEMBERS, roles.TRAILBLAZER_STAFF},
    "provider": {PUBLIC, MEMBERS, roles.PROVIDERS},
    "evaluator": {PUBLIC, MEMBERS, roles.EVALUATORS},
    "steering": {PUBLIC, MEMBERS, roles.STEERING_GROUP},
    "programme_team": {PUBLIC, MEMBERS, roles.PROGRAMME_TEAM},
    "superuser": {PUBLIC, MEMBERS, *roles.ALL},
}

# The discussion areas (``discussions.areas``) as audiences: the programme team is in every
# group area because it moderates them.
DISCUSSION_AREAS = {
    "public": PUBLIC,
    "members": MEMBERS,
    "trailblazers": (roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM),
    "evaluators": (roles.EVALUATORS, roles.PROGRAMME_TEAM),
    "steering": (roles.STEERING_GROUP, roles.PROGRAMME_TEAM),
}


def sees(actor: str, audience) -> bool:
    """Whether this actor sees an item for this audience."""
    if isinstance(audience, tuple):
        return bool(SEES[actor] & set(audience))
    return audience in SEES[actor]


def areas_seen(areas: dict, actors=tuple(SEES)) -> dict[str, set[str]]:
    """For each actor, the names of the areas (name -> audience) they see."""
    return {
        actor: {name for name, audience in areas.items() if sees(actor, audience)}
        for actor in actors
    }
