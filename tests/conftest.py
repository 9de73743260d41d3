import pytest
from django.core.cache import cache

from hub.accounts import roles
from tests.factories import UserFactory


def _clear_cache():
    # On Redis, clear() would flush keys of every parallel worker; delete only ours.
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    _clear_cache()
    yield
    _clear_cache()


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


@pytest.fixture
def make_actor(db):
    def make(name):
        spec = ACTOR_ROLES[name]
        return None if spec is None else UserFactory(username=name, **spec)

    return make


@pytest.fixture
def actors(make_actor):
    return {name: make_actor(name) for name in ACTOR_ROLES}
