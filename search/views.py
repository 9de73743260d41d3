"""Search pages and JSON. Each view validates, calls one selector, and renders."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_ratelimit.core import get_usage

from hub.accounts import access
from search import selectors
from search.engines.base import MAX_PAGE
from search.forms import SearchForm
from search.query import QueryError

# Anonymous visitors share a per-address budget: a burst limit (a person types, reads, types
# again; a scraper does not) and a per-minute one. Settings may override ``SEARCH_RATES``.
DEFAULT_RATES = {
    "search": ("2/s", "15/m"),
    "suggest": ("120/m",),
}


def _wait(request, group) -> int:
    """Seconds this anonymous visitor must wait (0: go ahead). Signed-in members are not limited.

    Each budget counts every request, refused ones too, so a client that keeps hammering stays
    refused.
    """
    if request.user.is_authenticated:
        return 0
    rates = {**DEFAULT_RATES, **getattr(settings, "SEARCH_RATES", {})}[group]
    waits = []
    for rate in rates:
        usage = get_usage(request, group=f"{group}.{rate}", key="ip", rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            # The window's last second still counts: the next one starts a second later.
            waits.append(usage["time_left"] + 1)
    return max(waits, default=0)


def _too_many(request, wait, *, json):
    unit = "second" if wait == 1 else "seconds"
    message = f"Too many searches in a short time. Wait {wait} {unit} and try again."
    if json:
        response = JsonResponse({"error": message}, status=429)
    else:
        response = render(request, "search/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _run(request):
    """(form, outcome, error message). The viewer's own answer: never shared by a cache."""
    access.mark_private(request)
    form = SearchForm(request.GET)
    if not form.is_valid():
        return form, None, form.first_error()
    try:
        outcome = selectors.search(
            user=request.user,
            text=form.cleaned_data["q"],
            filters=form.filters(),
            sort=form.cleaned_data["sort"],
            page=form.cleaned_data["page"] or 1,
            verbatim=form.cleaned_data["verbatim"],
        )
    except QueryError as error:
        return form, None, str(error)
    return form, outcome, ""


@require_GET
def search_page(request):
    if wait := _wait(request, "search"):
        return _too_many(request, wait, json=False)
    form, outcome, error = _run(request)
    context = {
        "form": form,
        "outcome": outcome,
        "error": error,
        "search_query": request.GET.get("q", "")[:500],
        "page_obj": _results_pages(outcome),
        "filters_chosen": sum(len(values) for values in form.filters().values())
        if form.is_valid()
        else 0,
        # The words the results are for (a correction, if one was made) and the filters.
        "save_search": {"q": outcome.query.text, "filters": form.filters()}
        if outcome and outcome.query and access.viewer_for(request.user).is_approved
        else None,
    }
    return render(request, "search/search.html", context, status=400 if error else 200)


@require_GET
def search_api(request):
    if wait := _wait(request, "search"):
        return _too_many(request, wait, json=True)
    form, outcome, error = _run(request)
    if error:
        return JsonResponse({"error": error}, status=400)
    result = outcome.result
    return JsonResponse(
        {
            "query": outcome.typed,
            # Set when misspelt words were corrected: the query whose hits these are. The
            # typed query is searched as typed with ``verbatim=1``.
            "corrected_query": outcome.correction.text if outcome.correction else None,
            "corrections": outcome.correction.words if outcome.correction else {},
            "engine": result.engine,
            "degraded": result.degraded,
            "total": result.total,
            # False when more entries match than were counted: ``total`` is then a lower
            # bound ("more than"), and the facets count the newest ``total`` matches.
            "total_exact": result.total_exact,
            "page": outcome.page,
            "hits": [
                {
                    "kind": hit.kind,
                    "title": hit.title,
                    "url": hit.url,
                    "snippet": str(hit.snippet),
                    "tags": [tag["slug"] for tag in hit.tags],
                    "organisation": hit.organisation,
                    "date": hit.date.isoformat() if hit.date else None,
                    # How much of "date" is known: a month-dated document's date is the
                    # first of that month ("2015-08-01" with "month").
                    "date_precision": hit.date_precision if hit.date else None,
                    "score": hit.score,
                    "replaced": hit.replaced,
                }
                for hit in result.hits
            ],
            "facets": {
                name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                for name, values in result.facets.items()
            },
            "took_ms": outcome.took_ms,
        }
    )


@require_GET
def suggest(request):
    if wait := _wait(request, "suggest"):
        return _too_many(request, wait, json=True)
    access.mark_private(request)
    text = request.GET.get("q", "")
    if len(text) > 100:
        return JsonResponse({"error": "Suggestions need 100 characters or fewer."}, status=400)
    return JsonResponse(
        {"query": text, "suggestions": selectors.suggest(user=request.user, text=text)}
    )


@require_GET
def tag_index(request):
    access.mark_private(request)
    tags = list(selectors.tags_visible_to(user=request.user))
    return render(request, "tags/tag_index.html", {"tags": tags})


@require_GET
def tag_detail(request, slug):
    access.mark_private(request)
    page_number = request.GET.get("page", "1")
    if not page_number.isdigit() or len(page_number) > 4:
        page_number = "1"
    entries = selectors.tagged_entries(user=request.user, slug=slug, page=page_number)
    if not entries.paginator.count:
        # The same answer for a tag nobody may see as for one that does not exist.
        raise Http404("No tag")
    context = {"entries": entries, "tag_name": selectors.tag_name(slug), "slug": slug}
    return render(request, "tags/tag_detail.html", context)


def _results_pages(outcome):
    """The results as a Django page, for the one pagination component: at most MAX_PAGE pages."""
    if outcome is None:
        return None
    shown = min(outcome.result.total, MAX_PAGE * outcome.per_page)
    return Paginator(range(shown), outcome.per_page).get_page(outcome.page)
