"""Reading and asking: the list, a thread, the new-question form, similar threads."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from hub.accounts import access
from hub.accounts.decorators import members_only

from .. import areas, events, ratelimits, rules, selectors, services
from ..forms import MergeTagsForm, ReplyForm, ThreadForm
from .common import add_service_errors, rate_limited

PAGE_SIZE = 20
SORT_CHOICES = [
    ("activity", "Latest activity"),
    ("newest", "Newest"),
    ("replies", "Most replies"),
]
STATUS_CHOICES = [("", "All"), ("unanswered", "Unanswered"), ("solved", "Solved")]
HIDDEN_CHOICE = ("hidden", "Hidden by moderators")


class ListFilterForm(forms.Form):
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
    area = forms.ChoiceField(choices=[("", "All areas"), *areas.CHOICES], required=False)
    status = forms.ChoiceField(choices=[*STATUS_CHOICES, HIDDEN_CHOICE], required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)


def _filters(request):
    form = ListFilterForm(request.GET)
    form.is_valid()
    # Bad values are dropped one by one rather than refusing the whole page.
    return {name: form.cleaned_data.get(name) or "" for name in form.fields}, form


@require_GET
def thread_list(request):
    filters, form = _filters(request)
    threads = selectors.thread_list(
        user=request.user,
        tag=filters["tag"],
        area=filters["area"],
        status=filters["status"],
        sort=filters["sort"] or "activity",
    )
    page = Paginator(threads, PAGE_SIZE).get_page(request.GET.get("page"))
    if access.viewer_for(request.user).is_approved:
        access.mark_private(request)
    followed_tags = list(selectors.followed_tags(user=request.user))
    context = {
        "page_obj": page,
        "threads": page.object_list,
        "filters": filters,
        "filter_form": form,
        "sort_choices": SORT_CHOICES,
        "status_choices": [*STATUS_CHOICES, HIDDEN_CHOICE]
        if rules.is_moderator(request.user)
        else STATUS_CHOICES,
        "area_choices": [
            (a.key, a.label) for a in areas.areas_for(request.user) or areas.AREAS[:1]
        ],
        "tags": selectors.tags_in_use(user=request.user),
        "followed_tags": followed_tags,
        "following_tag": any(tag.slug == filters["tag"] for tag in followed_tags),
        "can_post": rules.can_post(request.user),
        "is_moderator": rules.is_moderator(request.user),
        "merge_form": MergeTagsForm() if rules.is_moderator(request.user) else None,
    }
    return render(request, "discussions/thread_list.html", context)


@require_http_methods(["GET", "POST"])
@members_only
def thread_create(request):
    form = ThreadForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        limited = rate_limited(request, thread=True)
        if limited:
            return limited
        if form.is_valid():
            data = form.cleaned_data
            try:
                thread = services.thread_create(
                    author=request.user,
                    title=data["title"],
                    body=data["body"],
                    tags=data["tags"],
                    area=data["area"],
                    organisation=data.get("organisation"),
                    learning_event=data.get("learning_event"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                ratelimits.record_post(request, thread=True)
                messages.success(request, "Your question is posted. We will email you replies.")
                return redirect(thread)
    return render(
        request,
        "discussions/thread_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def thread_context(request, thread, *, reply_form=None):
    user = request.user
    replies = selectors.replies_for(user=user, thread=thread)
    for reply in replies:
        reply.user_can_edit = rules.can_edit(user, reply, thread)
    following, followed_tag_ids = selectors.follow_state(user=user, thread=thread)
    moderator = rules.is_moderator(user)
    event = thread.learning_event
    # The event page may be restricted more tightly than the thread: show it only if allowed.
    event = event if event and access.can_view_page(user, event) else None
    return {
        "thread": thread,
        "learning_event": event,
        "origin": events.origin_of(thread) if event else None,
        "replies": replies,
        "accepted": replies[0] if replies and replies[0].pk == thread.accepted_reply_id else None,
        "reply_form": reply_form or (ReplyForm() if rules.can_reply(user, thread) else None),
        "can_post": rules.can_post(user),
        "can_edit_thread": rules.can_edit(user, thread, thread),
        "can_accept": rules.can_accept(user, thread),
        "following": following,
        "followed_tag_ids": followed_tag_ids,
        "is_moderator": moderator,
        # A solved restricted discussion can be shared with everyone by the programme team.
        "promote_url": reverse("promote", args=["thread", thread.pk])
        if moderator
        and thread.is_solved
        and not thread.is_hidden
        and thread.audience != access.Audience.PUBLIC
        else "",
        "area_choices": areas.CHOICES if moderator else (),
    }


@require_GET
def thread_detail(request, pk):
    thread = selectors.thread_for(user=request.user, pk=pk)
    if thread.audience != access.Audience.PUBLIC or thread.is_hidden:
        access.mark_private(request)
    return render(request, "discussions/thread.html", thread_context(request, thread))


@require_http_methods(["POST"])
@members_only
def reply_create(request, pk):
    thread = selectors.thread_for(user=request.user, pk=pk, include_hidden=False)
    if not rules.can_reply(request.user, thread):
        if thread.is_locked:
            # Its own page, with the reply handed back: not the "particular groups" refusal.
            access.mark_private(request)
            context = {"thread": thread, "body": request.POST.get("body", "")}
            return render(request, "discussions/locked.html", context, status=403)
        raise PermissionDenied("You cannot reply to this discussion.")
    limited = rate_limited(request)
    if limited:
        return limited
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.reply_create(
                author=request.user, thread=thread, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            ratelimits.record_post(request)
            messages.success(request, "Your reply is posted.")
            return redirect(reply)
    access.mark_private(request)
    context = thread_context(request, thread, reply_form=form)
    return render(request, "discussions/thread.html", context, status=400)


@require_GET
def similar(request):
    """JSON for the new-question form: threads like the title being typed, that this user may
    see."""
    text = request.GET.get("q", "")[:300]
    threads = selectors.similar_threads(user=request.user, text=text, limit=5)
    access.mark_private(request)
    return JsonResponse(
        {
            "query": text,
            "results": [
                {
                    "id": thread.pk,
                    "title": thread.title,
                    "url": thread.get_absolute_url(),
                    "replies": thread.reply_count,
                    "solved": thread.is_solved,
                    "tags": [tag.name for tag in thread.tags.all()],
                }
                for thread in threads
            ],
        }
    )
