"""The two pages of event actions, reached through the events' own pages (so Wagtail's page
serving applies the event's audience first): opening a discussion, and the open actions list."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from hub.accounts import access

from ..models import EventAction
from . import selectors, services


def actions_on_event(request, event):
    """The event's actions for its page, each with the button to open its discussion where the
    reader may press it."""
    actions = selectors.actions_for_event(user=request.user, page=event)
    for action in actions:
        may_discuss = action.is_open and action.discussion_thread is None
        action.discuss_url = (
            event.url + event.reverse_subpage("open_discussion", kwargs={"key": action.key})
            if may_discuss and services.may_open_discussion(request.user, action)
            else ""
        )
    return actions


def open_discussion(request, event, key):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    access.mark_private(request)
    action = EventAction.objects.filter(page=event, key=key).select_related("owner").first()
    if action is None:
        raise Http404("No such action")
    if not request.user.is_authenticated:
        return redirect_to_login(event.url)
    action.page = event
    try:
        thread = services.discussion_open(user=request.user, action=action)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(event.url + "#actions")
    return redirect(thread.get_absolute_url())


def open_actions(request, index):
    access.mark_private(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not selectors.may_list_open_actions(request.user):
        raise PermissionDenied("The list of open actions is for the programme team.")
    return TemplateResponse(
        request,
        "home/open_actions.html",
        {"page": index, "actions": selectors.open_actions(user=request.user)},
    )
