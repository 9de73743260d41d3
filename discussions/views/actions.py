"""Following, one-click unsubscribe, and the programme team's inline moderation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from taggit.models import Tag

from hub.accounts import access
from hub.accounts.decorators import members_only

from .. import moderation, notifications, selectors, services
from ..forms import MergeTagsForm, ModerateThreadForm
from .common import moderators_only


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@require_POST
@members_only
def follow_thread(request, pk):
    thread = selectors.thread_for(user=request.user, pk=pk, include_hidden=False)
    follow = request.POST.get("action") != "unfollow"
    services.follow_thread(user=request.user, thread=thread, follow=follow)
    messages.success(
        request,
        "You will get an email when someone replies."
        if follow
        else "You no longer follow this discussion.",
    )
    return redirect(thread)


@require_POST
@members_only
def follow_tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    follow = request.POST.get("action") != "unfollow"
    services.follow_tag(user=request.user, tag=tag, follow=follow)
    messages.success(
        request,
        f"You will get a weekly email of new threads tagged “{tag.name}”."
        if follow
        else f"You no longer follow “{tag.name}”.",
    )
    return _back(request, reverse("discussions:list") + f"?tag={tag.slug}")


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is the
# proof, and a GET only shows the confirmation button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    payload = notifications.read_unsubscribe_token(token)
    if payload is None:
        return render(request, "discussions/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        notifications.unsubscribe(payload)
        done = True
    context = {"done": done, "kind": payload["k"], "token": token}
    return render(request, "discussions/unsubscribe.html", context)


# What each moderation action did, as the moderator reads it afterwards.
DONE = {
    "hide": "The discussion is hidden. Only the programme team can see it.",
    "unhide": "The discussion is shown again.",
    "lock": "The discussion is locked. No one can reply until it is unlocked.",
    "unlock": "The discussion is unlocked. Members can reply again.",
    "pin": "The discussion is pinned to the top of the list.",
    "unpin": "The discussion is no longer pinned.",
    "retag": "The tags are updated.",
}


@require_POST
@moderators_only
def moderate_thread(request, pk):
    thread = selectors.thread_for(user=request.user, pk=pk)
    form = ModerateThreadForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(thread)
    data = form.cleaned_data
    action = data["action"]
    if action == "move" and not data["confirm"]:
        preview = selectors.move_preview(thread=thread, area=data["area"])
        if preview:
            access.mark_private(request)
            return render(
                request, "discussions/move_confirm.html", {"thread": thread, "preview": preview}
            )
    try:
        if action == "move":
            moderation.thread_move(by=request.user, thread=thread, area=data["area"])
        elif action == "retag":
            moderation.thread_retag(by=request.user, thread=thread, tags=data["tags"])
        else:
            moderation.thread_set(by=request.user, thread=thread, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if action == "move":
            messages.success(request, f"The discussion is moved to “{thread.area_label}”.")
        else:
            messages.success(request, DONE[action])
    return redirect(thread)


@require_POST
@moderators_only
def moderate_reply(request, pk):
    reply = selectors.reply_for(user=request.user, pk=pk)
    hidden = request.POST.get("action") == "hide"
    moderation.reply_set_hidden(by=request.user, reply=reply, hidden=hidden)
    if hidden and reply.hidden_while_accepted:
        done = "The reply is hidden. It was the accepted answer, and will be again if you show it."
    elif hidden:
        done = "The reply is hidden. Only the programme team can see it."
    else:
        done = "The reply is shown again."
    messages.success(request, done)
    return redirect(reply)


@require_POST
@moderators_only
def merge_tags(request):
    form = MergeTagsForm(request.POST)
    if form.is_valid():
        source = Tag.objects.filter(slug=form.cleaned_data["source"]).first()
        target = Tag.objects.filter(slug=form.cleaned_data["target"]).first()
        if source is None or target is None:
            messages.error(request, "Both tags must already exist (give their slugs).")
        else:
            try:
                count = moderation.tags_merge(by=request.user, source=source, target=target)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, f"Merged “{source.name}” into “{target.name}” on {count} threads."
                )
                return redirect(reverse("discussions:list") + f"?tag={target.slug}")
    else:
        messages.error(request, "Give both tags' slugs.")
    return redirect("discussions:list")
