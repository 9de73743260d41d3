"""Writes about event actions: opening a discussion from one.

Whether an action is done by an accepted answer is not written anywhere: it is read from its
discussion each time (``EventAction.effective_status``), so taking the answer back, or a
moderator hiding it, opens the action again at once.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.text import Truncator

from discussions import areas, rules
from discussions import services as discussions
from hub.accounts import access, roles

from ..models import ActionDiscussion
from ..models.actions import OPEN_STATUSES


def may_open_discussion(user, action) -> bool:
    """The programme team, and approved members of the organisation that owns the action."""
    if not rules.can_post(user):
        return False
    if rules.is_moderator(user):
        return True
    return action.owner_id is not None and user.organisation_id == action.owner_id


def area_for_event(event, user):
    """The discussion area read by no one who may not read the event, among ``user``'s areas.

    A group event gets the group area whose groups it admits; the programme team is in every
    group area already. ``None`` when no area is as narrow as the event.
    """
    rule = access.page_rule(event)
    if rule.password:
        return None
    allowed = areas.areas_for(user)
    if rule.audience != access.Audience.GROUPS:
        return next((area for area in allowed if area.audience == rule.audience), None)
    names = set(Group.objects.filter(pk__in=rule.group_ids).values_list("name", flat=True))
    names.add(roles.PROGRAMME_TEAM)
    for area in allowed:
        if area.audience == access.Audience.GROUPS and set(area.group_names) <= names:
            return area
    return None


def _title(action):
    return Truncator(f"Action: {action.text}").chars(120)


def _body(action, event):
    lines = [f"This action was agreed at {event.title} ({event.starts_at:%-d %B %Y}):", ""]
    lines += [f"> {action.text}", ""]
    if action.owner:
        lines.append(f"Owner: {action.owner.name}.")
    if action.due_on:
        lines.append(f"Due by {action.due_on:%-d %B %Y}.")
    lines += ["", "When an answer here closes the action, accept it and the action is done."]
    return "\n".join(lines)


def discussion_open(*, user, action):
    """Open the discussion of an action, or return the one opened already (a second click or a
    double submit opens nothing new)."""
    existing = ActionDiscussion.objects.filter(action_key=action.key).select_related("thread")
    if existing:
        return existing[0].thread
    if not may_open_discussion(user, action):
        raise PermissionDenied(
            "Only the programme team and the action's owner can open its discussion."
        )
    if action.status not in OPEN_STATUSES:
        raise PermissionDenied("This action is closed: there is nothing left to discuss.")
    event = action.page
    area = area_for_event(event, user)
    if area is None:
        raise PermissionDenied(
            "There is no discussion area as private as this event that you can post in."
        )
    try:
        with transaction.atomic():
            thread = discussions.thread_create(
                author=user,
                title=_title(action),
                body=_body(action, event),
                area=area.key,
                organisation=action.owner,
                learning_event=event,
            )
            ActionDiscussion.objects.create(action_key=action.key, thread=thread, opened_by=user)
    except IntegrityError:  # someone else opened it at the same moment
        return ActionDiscussion.objects.select_related("thread").get(action_key=action.key).thread
    return thread
