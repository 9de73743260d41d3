"""Organisations (/organisations/, /organisations/<slug>/), for everyone.

An organisation's page lists its documents, practice examples and discussions, each filtered
for the reader by the access layer, so a members-only discussion shows to members only and a
document filed for a group only to that group. Its people are listed for approved members
only (``home.people``). It lives in ``home`` because it reads the library, the discussions and
the pages, which sit above the accounts app.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from discussions.selectors import threads_visible_to
from hub.accounts import access, selectors
from hub.accounts.forms import OrganisationFilterForm
from hub.accounts.models import Organisation
from resources.models import Resource
from resources.selectors import resources_visible_to

from .models import PracticeExamplePage, TrailblazerSitePage
from .people import person_card

PER_PAGE = 50
# Each list on an organisation's page shows its latest; search and the library hold the rest.
LATEST = 20
PEOPLE_SHOWN = 50


@dataclass(frozen=True)
class Latest:
    items: list
    more: bool  # there are more than are shown


def _latest(queryset, limit=LATEST) -> Latest:
    items = list(queryset[: limit + 1])
    return Latest(items=items[:limit], more=len(items) > limit)


def organisation_documents(*, user, organisation) -> Latest:
    own = Resource.objects.filter(organisation=organisation)
    return _latest(resources_visible_to(user, own).order_by("-published_on", "-created_at", "-pk"))


def organisation_practice(*, user, organisation) -> Latest:
    own = PracticeExamplePage.objects.filter(organisation=organisation)
    return _latest(
        access.pages_visible_to(user, own)
        .only("id", "title", "url_path", "summary", "first_published_at")
        .order_by("-first_published_at", "-pk")
    )


def organisation_threads(*, user, organisation) -> Latest:
    """Questions about the organisation (as a trailblazer site) or asked by its people."""
    mine = Q(organisation=organisation) | Q(author__organisation=organisation)
    return _latest(
        threads_visible_to(user=user)
        .filter(mine)
        .only("id", "title", "last_activity_at")
        .order_by("-last_activity_at", "-pk")
    )


def organisation_site_page(*, user, organisation):
    own = TrailblazerSitePage.objects.filter(council=organisation)
    return access.pages_visible_to(user, own).only("id", "title", "url_path").first()


@require_GET
def organisation_list(request):
    form = OrganisationFilterForm(request.GET, regions=selectors.organisation_regions())
    chosen = form.chosen()
    found = selectors.organisations_find(
        text=chosen.get("q", ""), kind=chosen.get("kind", ""), region=chosen.get("region", "")
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "home/organisation_list.html",
        {"form": form, "filters_chosen": len(chosen), "page_obj": page},
    )


@require_GET
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    user = request.user
    viewer = access.viewer_for(user)
    if user.is_authenticated:
        # What is listed depends on who is reading.
        access.mark_private(request)
    people = None
    if viewer.is_approved:
        people = _latest(
            selectors.people_listed()
            .filter(organisation=organisation)
            .order_by("last_name", "first_name", "pk"),
            PEOPLE_SHOWN,
        )
        people = Latest(items=[person_card(p) for p in people.items], more=people.more)
    return render(
        request,
        "home/organisation_detail.html",
        {
            "organisation": organisation,
            "site_page": organisation_site_page(user=user, organisation=organisation),
            "documents": organisation_documents(user=user, organisation=organisation),
            "practice": organisation_practice(user=user, organisation=organisation),
            "threads": organisation_threads(user=user, organisation=organisation),
            "people": people,
        },
    )
