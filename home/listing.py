"""Listing helpers shared by every index page: pagination and filters read from GET.

The URL holds the whole state of a listing (filters and page), so listings work without
JavaScript, can be bookmarked, and bad values fall back to the unfiltered first page.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import QueryDict

PER_PAGE = 10


def paginate(request, queryset, *, per_page=PER_PAGE):
    """One page of ``queryset`` for ``?page=``; out of range or junk gives the nearest page."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        page = paginator.page(raw)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return page


def choice_param(request, name, choices):
    """The value of ``?name=`` if it is one of ``choices`` (values), else an empty string."""
    value = request.GET.get(name, "")
    return value if value in {str(c) for c in choices} else ""


def query_without_page(request):
    """The current filters as a query string, for page links that keep them."""
    query = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key != "page":
            query.setlist(key, [v for v in values if v][:1])
    return query.urlencode()
