"""The viewer's role names (what a role may do) follow every change to the person's groups,
renaming a group included, at the next request: they are cached under the access version."""

import pytest
from django.contrib.auth.models import Group

from hub.accounts import access, roles
from hub.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names_of(user):
    return access.viewer_for(User.objects.get(pk=user.pk)).group_names


def test_a_renamed_group_takes_its_old_role_away_at_once():
    evaluator = UserFactory(roles=[roles.EVALUATORS])
    assert roles.EVALUATORS in names_of(evaluator)  # and now cached
    group = Group.objects.get(name=roles.EVALUATORS)
    group.name = "Evaluators (2014 round)"
    group.save()
    assert names_of(evaluator) == frozenset({"Evaluators (2014 round)"})


def test_leaving_a_group_takes_its_role_away_at_once():
    evaluator = UserFactory(roles=[roles.EVALUATORS])
    assert roles.EVALUATORS in names_of(evaluator)
    evaluator.groups.clear()
    assert names_of(evaluator) == frozenset()
