"""Who may do what in discussions. Services enforce these; templates use them to offer buttons."""

from hub.accounts import access, roles


def is_moderator(user) -> bool:
    """Approved members of the programme team, and superusers, moderate every discussion."""
    viewer = access.viewer_for(user)
    if not viewer.is_approved:
        return False
    if viewer.is_superuser:
        return True
    cached = getattr(user, "_discussions_moderator", None)
    if cached is None:
        cached = user.groups.filter(name=roles.PROGRAMME_TEAM).exists()
        user._discussions_moderator = cached
    return cached


def can_post(user) -> bool:
    return access.viewer_for(user).is_approved


def can_read_thread(user, thread) -> bool:
    if thread.is_hidden and not is_moderator(user):
        return False
    return access.can_view_object(user, thread)


def can_reply(user, thread) -> bool:
    return (
        can_post(user)
        and can_read_thread(user, thread)
        and not thread.is_hidden
        and (not thread.is_locked or is_moderator(user))
    )


def can_edit(user, post, thread) -> bool:
    """Authors edit and delete their own posts while the thread is open and the post shown.

    Moderators change their own posts even in locked threads, but never rewrite anyone else's:
    they hide posts instead, so what a member wrote is never put in their mouth.
    """
    if not can_post(user) or not can_read_thread(user, thread):
        return False
    if post.author_id != user.pk or post.is_deleted:
        return False
    return is_moderator(user) or (not post.is_hidden and not thread.is_locked)


def can_accept(user, thread) -> bool:
    return can_read_thread(user, thread) and (
        (can_post(user) and thread.author_id == user.pk and not thread.is_hidden)
        or is_moderator(user)
    )
