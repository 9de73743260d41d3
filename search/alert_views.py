"""Saved searches: saving one from /search/, managing them at /search/alerts/, and the
one-click unsubscribe link in each email."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.accounts import access
from hub.accounts.decorators import members_only
from search import alerts, selectors, services
from search.forms import SavedSearchChangeForm, SaveSearchForm
from search.models import SavedSearch


def _change_form(saved, data=None):
    initial = {"name": saved.name, "frequency": saved.frequency}
    return SavedSearchChangeForm(data, initial=initial, prefix=f"s{saved.pk}")


def _rows(saved_searches, *, invalid=None):
    return [
        {
            "saved": saved,
            "form": invalid if invalid is not None and invalid.prefix == f"s{saved.pk}" else None,
            "problem": alerts.search_problem(saved),
        }
        for saved in saved_searches
    ]


def _page(request, *, invalid=None, status=200):
    access.mark_private(request)
    rows = _rows(selectors.saved_searches_of(user=request.user), invalid=invalid)
    for row in rows:
        row["form"] = row["form"] or _change_form(row["saved"])
    context = {"rows": rows, "limit": services.MAX_SAVED_SEARCHES, "invalid": invalid}
    return render(request, "search/alerts.html", context, status=status)


@require_GET
@members_only
def alert_list(request):
    return _page(request)


@require_POST
@members_only
def alert_save(request):
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect("search_alerts")
    try:
        saved, created = services.saved_search_create(
            user=request.user, query=form.cleaned_data["q"], filters=form.filters()
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        back = {"q": form.cleaned_data["q"], **form.filters()}
        return redirect(reverse("search") + "?" + urlencode(back, doseq=True))
    if created:
        messages.success(request, f"Search saved as “{saved.name}”. We will email you daily.")
    else:
        messages.success(request, f"You had already saved this search as “{saved.name}”.")
    return redirect("search_alerts")


@require_POST
@members_only
def alert_change(request, pk):
    saved = get_object_or_404(SavedSearch, user=request.user, pk=pk)
    form = _change_form(saved, request.POST)
    if not form.is_valid():
        return _page(request, invalid=form, status=400)
    services.saved_search_update(
        saved=saved, name=form.cleaned_data["name"], frequency=form.cleaned_data["frequency"]
    )
    messages.success(request, f"“{saved.name}” is saved: {saved.get_frequency_display().lower()}.")
    return redirect("search_alerts")


@require_POST
@members_only
def alert_delete(request, pk):
    saved = SavedSearch.objects.filter(user=request.user, pk=pk).first()
    if saved is not None:
        # A second click finds nothing to delete: the same page, no error.
        services.saved_search_delete(saved=saved)
        messages.success(request, f"“{saved.name}” is deleted.")
    return redirect("search_alerts")


# Mail clients post here without a CSRF token (RFC 8058 one-click); the signed token is the
# proof, and a GET only shows the confirmation button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    access.mark_private(request)
    payload = alerts.read_unsubscribe_token(token)
    if payload is None:
        return render(request, "search/alert_unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.saved_searches_stop_emails(user_id=payload["u"], pk=payload["a"])
        done = True
    context = {"done": done, "one": payload["a"] is not None}
    return render(request, "search/alert_unsubscribe.html", context)
