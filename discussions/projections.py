"""How discussions are searched: a thread's entry holds its question, accepted answer and
visible replies, and admits exactly the thread's own audience.

Entries follow ``thread_changed`` rather than every save: the services save a thread several
times while posting (before its area, groups and tags are set) and send the signal once the
thread is whole, inside the same transaction.
"""

from django.db.models.signals import post_delete

from discussions.models import Thread
from discussions.signals import thread_changed
from hub.accounts import access
from search import registry


def thread_rule(thread) -> access.Rule:
    group_ids = ()
    if thread.audience == access.Audience.GROUPS:
        group_ids = [group.pk for group in thread.groups.all()]
    return access.Rule(audience=thread.audience, group_ids=frozenset(group_ids))


def project_thread(thread, context):
    # A question its author deleted stays readable with its title and replies, so it stays
    # findable by them; search_text() leaves the deleted question's own words out.
    if thread.is_hidden:
        return None
    # search_text() opens with the title, which has its own (heavier) column.
    body = thread.search_text().removeprefix(thread.title).lstrip()
    organisation = thread.organisation.name if thread.organisation_id else ""
    # The organisation ends the searchable text, so its name finds the threads it started.
    body = "\n".join(part for part in (body, organisation) if part)
    activity = thread.last_activity_at or thread.created_at
    return registry.Projection(
        kind="thread",
        title=thread.title,
        url=thread.get_absolute_url(),
        rule=thread_rule(thread),
        body=body,
        tags=list(thread.tags.all()),
        organisation=organisation,
        date=activity.date() if activity else None,
    )


def _thread_changed(sender, instance, **kwargs):
    registry.sync(instance)


def _thread_deleted(sender, instance, **kwargs):
    registry.remove(instance)


registry.register(
    "discussions.Thread",
    project_thread,
    objects=lambda: Thread.objects.select_related("organisation").prefetch_related(
        "tags", "groups"
    ),
    signals=False,  # thread_changed says when a thread is whole (see above)
)
thread_changed.connect(_thread_changed, sender=Thread, dispatch_uid="search-thread-changed")
post_delete.connect(_thread_deleted, sender=Thread, dispatch_uid="search-thread-deleted")
