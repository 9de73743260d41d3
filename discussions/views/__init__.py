from .actions import (
    follow_tag,
    follow_thread,
    merge_tags,
    moderate_reply,
    moderate_thread,
    unsubscribe,
)
from .posts import (
    answer_accept,
    history,
    reply_delete,
    reply_edit,
    report,
    thread_delete,
    thread_edit,
)
from .threads import reply_create, similar, thread_create, thread_detail, thread_list

__all__ = [
    "answer_accept",
    "follow_tag",
    "follow_thread",
    "history",
    "merge_tags",
    "moderate_reply",
    "moderate_thread",
    "reply_create",
    "reply_delete",
    "reply_edit",
    "report",
    "similar",
    "thread_create",
    "thread_delete",
    "thread_detail",
    "thread_edit",
    "thread_list",
    "unsubscribe",
]
