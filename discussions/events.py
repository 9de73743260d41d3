"""The learning events a question may come from, handed over by the app that owns them.

Discussions do not depend on the page app: that app registers, from its AppConfig.ready, a
callable returning its learning event pages. Without one, the question form has no event field.
It may also register how to tell what a thread was opened from (an action agreed at an event).
"""

from hub.accounts import access

_source = None
_origin = None


def register_source(source) -> None:
    """``source()`` returns a queryset of every learning event page."""
    global _source
    _source = source


def visible_to(user):
    """Learning event pages the user may see, newest first, or None when none are handed over."""
    if _source is None:
        return None
    return access.pages_visible_to(user, _source()).order_by("-first_published_at")


def register_origin(origin) -> None:
    """``origin(thread)`` returns the text of what the thread was opened from, or None."""
    global _origin
    _origin = origin


def origin_of(thread):
    return _origin(thread) if _origin is not None else None
