"""Threads and replies made through the services, so areas, follows and counts are set exactly
as when members post."""

from itertools import count

from discussions import areas, services

from .accounts import UserFactory

_numbers = count(1)


def make_thread(*, author=None, area="members", tags=(), title=None, body=None, **kwargs):
    number = next(_numbers)
    if author is None:
        # Someone who belongs to the area: its namesake group for a group area.
        author = UserFactory(roles=list(areas.BY_KEY[area].group_names[:1]))
    return services.thread_create(
        author=author,
        title=title or f"Question number {number} about care home payments",
        body=body or f"We are working out how to handle this with our providers ({number}).",
        tags=tags,
        area=area,
        **kwargs,
    )


def make_reply(*, thread, author=None, body=None):
    if author is None:
        author = UserFactory(roles=list(areas.BY_KEY[thread.area].group_names[:1]))
    return services.reply_create(
        author=author,
        thread=thread,
        body=body or f"Here is what we did in our council ({next(_numbers)}).",
    )
