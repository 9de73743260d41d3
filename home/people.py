"""People (/people/): approved members find each other by name, organisation, role and region.

Only approved members see anyone; every approved, active member is listed with their name and
organisation, and with their job title and email address only if they chose to show them
(``/account/``). A card is the same wherever it appears: here, on an organisation's page and
behind a search result.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hub.accounts import selectors
from hub.accounts.decorators import members_page
from hub.accounts.forms import PeopleFilterForm

PER_PAGE = 20


def person_card(user) -> dict:
    """What a card shows of one person: only what they chose to show, and nothing else."""
    organisation = user.organisation
    return {
        "pk": user.pk,
        "name": user.display_name,
        "organisation": organisation,
        "region": organisation.region if organisation else "",
        "roles": selectors.role_words(user),
        "job_title": user.shown_job_title,
        "email": user.shown_email,
    }


@require_GET
@members_page
def people(request):
    organisations = list(selectors.organisations_with_people().order_by("name"))
    form = PeopleFilterForm(request.GET, organisations=organisations)
    chosen = form.chosen()
    found = selectors.people_find(
        text=chosen.get("q", ""),
        organisation=chosen.get("organisation"),
        role=chosen.get("role", ""),
        region=chosen.get("region", ""),
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "home/people.html",
        {
            "form": form,
            "filters_chosen": len(chosen),
            "page_obj": page,
            "cards": [person_card(user) for user in page],
        },
    )


@require_GET
@members_page
def person(request, pk):
    user = selectors.person_for(pk=pk)
    if user is None:
        # The same answer for someone not listed as for nobody at all.
        raise Http404("No such person.")
    return render(request, "home/person.html", {"card": person_card(user)})
