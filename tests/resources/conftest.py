import pytest
from wagtail.models import BaseViewRestriction

from hub.accounts import roles
from tests.factories.resources import collection, grant


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def library(db):
    """Collections with canary names, one per audience, and who may upload where."""
    public = collection("Openshelf")
    members = collection("Memberstack", restriction=BaseViewRestriction.LOGIN)
    site = collection(
        "Sitebarrow",
        restriction=BaseViewRestriction.GROUPS,
        groups=[roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM],
    )
    evaluators = collection(
        "Evalcrate",
        restriction=BaseViewRestriction.GROUPS,
        groups=[roles.EVALUATORS, roles.PROGRAMME_TEAM],
    )
    steering = collection(
        "Steercove",
        restriction=BaseViewRestriction.GROUPS,
        groups=[roles.STEERING_GROUP, roles.PROGRAMME_TEAM],
    )
    # Staff add documents and may replace their own (Wagtail's ownership rule); the programme
    # team may change anyone's.
    for target in (public, members, site):
        grant(roles.TRAILBLAZER_STAFF, target, ["add_document", "choose_document"])
    grant(roles.EVALUATORS, evaluators, ["add_document", "choose_document"])
    grant(roles.STEERING_GROUP, steering, ["add_document", "choose_document"])
    for target in (public, members, site, evaluators, steering):
        grant(roles.PROGRAMME_TEAM, target)
    # Wagtail keeps collections in name order: adding one may move the others' paths.
    for target in (public, members, site, evaluators, steering):
        target.refresh_from_db()
    return {
        "public": public,
        "members": members,
        "site": site,
        "evaluators": evaluators,
        "steering": steering,
    }
