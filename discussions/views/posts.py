"""An author's own posts: edit (keeping history), delete, accept an answer, report a post."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.decorators import members_only

from .. import rules, selectors, services
from ..forms import FlagForm, ReplyForm, ThreadEditForm
from .common import add_service_errors


def _editable_thread(request, pk):
    thread = selectors.thread_for(user=request.user, pk=pk)
    if not rules.can_edit(request.user, thread, thread):
        raise PermissionDenied("You can only change your own posts.")
    access.mark_private(request)
    return thread


def _editable_reply(request, pk):
    reply = selectors.reply_for(user=request.user, pk=pk)
    if not rules.can_edit(request.user, reply, reply.thread):
        raise PermissionDenied("You can only change your own posts.")
    access.mark_private(request)
    return reply


@require_http_methods(["GET", "POST"])
@members_only
def thread_edit(request, pk):
    thread = _editable_thread(request, pk)
    initial = {
        "title": thread.title,
        "body": thread.body,
        "tags": ", ".join(t.name for t in thread.tags.all()),
    }
    form = ThreadEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.thread_edit(
                user=request.user,
                thread=thread,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your question is updated.")
            return redirect(thread)
    return render(
        request,
        "discussions/thread_edit.html",
        {"form": form, "thread": thread},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@members_only
def reply_edit(request, pk):
    reply = _editable_reply(request, pk)
    form = ReplyForm(
        request.POST if request.method == "POST" else None, initial={"body": reply.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_edit(user=request.user, reply=reply, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your reply is updated.")
            return redirect(reply)
    return render(
        request,
        "discussions/reply_edit.html",
        {"form": form, "reply": reply, "thread": reply.thread},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@members_only
def thread_delete(request, pk):
    thread = _editable_thread(request, pk)
    if request.method == "POST":
        services.thread_delete(user=request.user, thread=thread)
        messages.success(request, "Your question is deleted. The replies stay.")
        return redirect(thread)
    return render(request, "discussions/confirm_delete.html", {"thread": thread, "post": thread})


@require_http_methods(["GET", "POST"])
@members_only
def reply_delete(request, pk):
    reply = _editable_reply(request, pk)
    if request.method == "POST":
        services.reply_delete(user=request.user, reply=reply)
        messages.success(request, "Your reply is deleted.")
        return redirect(reply.thread)
    return render(
        request, "discussions/confirm_delete.html", {"thread": reply.thread, "post": reply}
    )


@require_POST
@members_only
def answer_accept(request, pk):
    thread = selectors.thread_for(user=request.user, pk=pk, include_hidden=False)
    reply = None
    if request.POST.get("reply") != "none":
        try:
            reply_id = int(request.POST.get("reply", ""))
        except ValueError:
            raise Http404 from None
        reply = selectors.reply_for(user=request.user, pk=reply_id)
    try:
        services.answer_accept(user=request.user, thread=thread, reply=reply)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Answer accepted." if reply else "No answer is accepted now.")
    return redirect(thread)


@require_http_methods(["GET", "POST"])
@members_only
def report(request, pk, reply_pk=None):
    thread = selectors.thread_for(user=request.user, pk=pk, include_hidden=False)
    reply = None
    if reply_pk is not None:
        reply = selectors.reply_for(user=request.user, pk=reply_pk)
        if reply.thread_id != thread.pk:
            raise Http404
    access.mark_private(request)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.flag_create(
            reporter=request.user, thread=thread, reply=reply, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Thank you. The programme team will look at it.")
        return redirect(reply or thread)
    return render(
        request,
        "discussions/report.html",
        {"form": form, "thread": thread, "reply": reply},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def history(request, pk, reply_pk=None):
    thread = selectors.thread_for(user=request.user, pk=pk)
    reply = None
    if reply_pk is not None:
        reply = selectors.reply_for(user=request.user, pk=reply_pk)
        if reply.thread_id != thread.pk or reply.is_deleted:
            raise Http404
    elif thread.is_deleted and not rules.is_moderator(request.user):
        raise Http404
    access.mark_private(request)
    context = {
        "thread": thread,
        "reply": reply,
        "current": reply or thread,
        "revisions": selectors.revisions_for(thread=thread, reply=reply),
    }
    return render(request, "discussions/history.html", context)
