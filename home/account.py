"""My account (/account/): the signed-in person's details, follows, posts and documents.

It lives in ``home`` because it reads the discussions and the library, which sit above the
accounts app (``hub.accounts`` keeps the password change and the follow services). What a
person wrote or follows is still shown only where they may read it now: someone who left a
group keeps their follow (so they can drop it) but not the title of what it follows.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from discussions.models import Follow, Reply, Thread
from discussions.selectors import threads_visible_to
from hub.accounts import services
from hub.accounts.forms import DetailsForm, DirectoryChoicesForm
from resources.models import Resource
from resources.selectors import resources_visible_to

from . import guidance_follows, practice_submit

# The account page lists the latest of each kind; the rest are a search or a list away.
LATEST = 20


@dataclass(frozen=True)
class FollowedThread:
    follow: Follow
    # None when the person may no longer read the thread: its title is not theirs to see.
    thread: Thread | None


@dataclass(frozen=True)
class Mine:
    items: list
    total: int
    # Things of theirs now in areas they cannot read: counted, never named.
    out_of_sight: int = 0


def follows_for(*, user) -> tuple[list[FollowedThread], list[Follow]]:
    """The threads and the tags the user follows, newest first: two queries however many."""
    follows = list(
        Follow.objects.filter(user=user).select_related("tag").order_by("-created_at", "-pk")
    )
    thread_ids = [follow.thread_id for follow in follows if follow.thread_id]
    readable = {
        thread.pk: thread
        for thread in threads_visible_to(user=user).filter(pk__in=thread_ids).only("id", "title")
    }
    threads = [
        FollowedThread(follow=follow, thread=readable.get(follow.thread_id))
        for follow in follows
        if follow.thread_id
    ]
    return threads, [follow for follow in follows if follow.tag_id]


def follow_of(*, user, pk) -> Follow:
    """One of the user's own follows, or 404: a follow id never reaches anyone else's row."""
    return get_object_or_404(Follow, user=user, pk=pk)


def threads_by(*, user) -> Mine:
    """Questions the user asked that they may still read, latest first."""
    own = Thread.objects.filter(author=user, is_hidden=False)
    readable = threads_visible_to(user=user).filter(author=user)
    items = list(readable.order_by("-created_at", "-pk")[:LATEST])
    total = readable.count()
    return Mine(items=items, total=total, out_of_sight=own.count() - total)


def replies_by(*, user) -> Mine:
    """Replies the user wrote (not those they deleted) in threads they may still read."""
    own = Reply.objects.filter(author=user, is_deleted=False)
    readable = own.filter(thread__in=threads_visible_to(user=user))
    items = list(
        readable.select_related("thread")
        .only("id", "created_at", "is_hidden", "thread__id", "thread__title")
        # Threads are ordered by activity; replies here by when they were written.
        .order_by("-created_at", "-pk")[:LATEST]
    )
    total = readable.count()
    return Mine(items=items, total=total, out_of_sight=own.count() - total)


def documents_by(*, user) -> Mine:
    """Documents the user uploaded that they may still see, with where they are filed."""
    own = Resource.objects.filter(uploaded_by_user=user)
    readable = resources_visible_to(user, own)
    items = list(readable.select_related("collection").order_by("-created_at", "-pk")[:LATEST])
    total = readable.count()
    return Mine(items=items, total=total, out_of_sight=own.count() - total)


# --- Views ----------------------------------------------------------------------------------


def _account_context(request, *, details_form=None, directory_form=None):
    user = request.user
    followed_threads, followed_tags = follows_for(user=user)
    return {
        "details_form": details_form or DetailsForm(instance=user),
        "directory_form": directory_form or DirectoryChoicesForm(instance=user),
        "followed_threads": followed_threads,
        "followed_tags": followed_tags,
        "followed_guidance": guidance_follows.follows_for(user=user),
        "threads": threads_by(user=user),
        "replies": replies_by(user=user),
        "documents": documents_by(user=user),
        "practice_examples": practice_submit.practice_by(user=user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The signed-in person's details, follows, posts and documents; POST saves the details."""
    form = None
    if request.method == "POST":
        form = DetailsForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, "Your details are saved.")
            return redirect("account:home")
    return render(request, "accounts/account.html", _account_context(request, details_form=form))


@require_POST
@login_required
def unfollow(request, pk):
    """Stop following a thread or a tag, from the account page: works even for a thread the
    person can no longer read, since the row is theirs."""
    follow = follow_of(user=request.user, pk=pk)
    label = f"“{follow.tag.name}”" if follow.tag_id else "that discussion"
    services.unfollow(follow=follow)
    messages.success(request, f"You no longer follow {label}.")
    return redirect("account:home")


@require_POST
@login_required
def follow_email(request, pk):
    """Turn a follow's email on or off and keep following."""
    follow = follow_of(user=request.user, pk=pk)
    notify = request.POST.get("email") == "on"
    services.follow_set_email(follow=follow, notify=notify)
    if follow.tag_id:
        what = f"the weekly email for “{follow.tag.name}”"
    else:
        what = "emails about replies to that discussion"
    messages.success(request, f"You will {'now get' if notify else 'no longer get'} {what}.")
    return redirect("account:home")


@require_POST
@login_required
def directory_choices(request):
    """Save what other approved members see of the person on /people/ and in search."""
    form = DirectoryChoicesForm(request.POST, instance=request.user)
    if not form.is_valid():  # two checkboxes: only a forged request gets here
        context = _account_context(request, directory_form=form)
        return render(request, "accounts/account.html", context, status=400)
    form.save()
    messages.success(request, "Your choices about what other members see are saved.")
    return redirect(f"{reverse('account:home')}#directory")
