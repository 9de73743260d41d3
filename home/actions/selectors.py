"""Reads of event actions, each filtered for the reader by the access layer in fixed queries.

Where an action ended is shown only if the reader may open it; otherwise the reader learns only
that it was answered somewhere they cannot see.
"""

from dataclasses import dataclass

from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from discussions.rules import is_moderator
from discussions.selectors import threads_visible_to
from hub.accounts import access

from ..models import ActionDiscussion, EventAction, LearningEventPage
from ..models.actions import OPEN_STATUSES

RELATED = (
    "owner",
    "closed_by_page",
    "closed_by_document",
    "closed_by_thread",
    "page",
)


@dataclass(frozen=True)
class Ending:
    """Where an action ended, as one reader may be told it."""

    label: str  # "Practice example", "Accepted answer"...
    title: str = ""
    url: str = ""
    restricted: bool = False


def _attach_discussions(actions):
    keys = [action.key for action in actions]
    threads = {
        link.action_key: link.thread
        for link in ActionDiscussion.objects.filter(action_key__in=keys).select_related("thread")
    }
    for action in actions:
        action.discussion_thread = threads.get(action.key)
    return actions


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def _visible_ids(user, actions):
    """The ids of the pages, documents and threads named by ``actions`` that ``user`` may see."""
    page_ids = {a.closed_by_page_id for a in actions if a.closed_by_page_id}
    document_ids = {a.closed_by_document_id for a in actions if a.closed_by_document_id}
    thread_ids = {t.pk for a in actions for t in (a.answered_thread, a.discussion_thread) if t}
    documents = get_document_model().objects.filter(pk__in=document_ids)
    return (
        _ids(access.pages_visible_to(user, Page.objects.filter(pk__in=page_ids)))
        if page_ids
        else set(),
        _ids(access.documents_visible_to(user, documents)) if document_ids else set(),
        _ids(threads_visible_to(user=user).filter(pk__in=thread_ids)) if thread_ids else set(),
    )


def _ending(action, pages, documents, threads):
    thread = action.answered_thread
    if thread is not None:
        if thread.pk in threads:
            return Ending("Accepted answer", thread.title, thread.get_absolute_url())
        return Ending("Accepted answer", restricted=True)
    page = action.closed_by_page
    if page is not None:
        label = page.specific_class._meta.verbose_name.capitalize() if page.specific_class else ""
        if page.pk in pages:
            return Ending(label or "Page", page.title, page.url or "")
        return Ending(label or "Page", restricted=True)
    document = action.closed_by_document
    if document is not None:
        if document.pk in documents:
            return Ending("Document", document.title, document.url)
        return Ending("Document", restricted=True)
    return None


def decorate(user, actions):
    """Give each action its discussion, its ``ending`` and ``thread`` as ``user`` may see them."""
    actions = _attach_discussions(list(actions))
    pages, documents, threads = _visible_ids(user, actions)
    for action in actions:
        action.ending = _ending(action, pages, documents, threads)
        thread = action.discussion_thread
        action.thread = thread if thread is not None and thread.pk in threads else None
    return actions


def actions_for_event(*, user, page):
    """The actions agreed at an event the reader is looking at, in the editor's order."""
    return decorate(user, EventAction.objects.filter(page=page).select_related(*RELATED))


def _open_first_overdue(actions):
    today = timezone.localdate()
    actions = [a for a in actions if a.is_open]
    return sorted(
        actions,
        key=lambda a: (
            not (a.due_on and a.due_on < today),
            a.due_on is None,
            a.due_on or today,
            a.page.title,
        ),
    )


def open_actions(*, user, organisation=None):
    """Open and in-progress actions on events ``user`` may see, overdue first, then by due date.

    An action whose discussion has an accepted answer is done, so it is left out.
    """
    events = access.pages_visible_to(user, LearningEventPage.objects.all())
    queryset = EventAction.objects.filter(status__in=OPEN_STATUSES, page__in=events.values("pk"))
    if organisation is not None:
        queryset = queryset.filter(owner=organisation)
    return _open_first_overdue(decorate(user, queryset.select_related(*RELATED)))


def may_list_open_actions(user) -> bool:
    """The list of every open action is the programme team's."""
    return is_moderator(user)


def action_text_of_thread(thread):
    """What a discussion was opened from, for the thread's page: the action's text, or None."""
    link = ActionDiscussion.objects.filter(thread=thread).values_list("action_key", flat=True)
    action = EventAction.objects.filter(key__in=link, page_id=thread.learning_event_id).first()
    return action.text if action else None
