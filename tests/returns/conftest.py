import pytest

from hub.accounts import roles
from tests.factories import UserFactory

from .helpers import make_round, make_site, make_staff, private_files


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    private_files(settings, tmp_path / "returns")
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sites(db):
    return {"enfield": make_site("Enfield (test)"), "redbridge": make_site("Redbridge (test)")}


@pytest.fixture
def staff(sites):
    return {name: make_staff(site) for name, site in sites.items()}


@pytest.fixture
def evaluator(db):
    return UserFactory(roles=[roles.EVALUATORS])


@pytest.fixture
def round_(sites):
    return make_round(list(sites.values()))
