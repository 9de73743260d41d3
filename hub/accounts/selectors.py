"""Reads about people and organisations for the directory pages and search.

Who is listed is decided here once: approved, active accounts. What of them others see is
decided by the person (``User.show_job_title``, ``User.show_email``): nothing here matches or
shows a job title or an email address they have not chosen to show.
"""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch, Q

from . import roles
from .models import Organisation, User

MAX_WORDS = 10


def people_all():
    """Every account with what a card needs (search rebuilds drop those not listed)."""
    return User.objects.select_related("organisation").prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("id", "name"))
    )


def people_listed():
    """Everyone other approved members may find, with what their cards need."""
    return people_all().filter(is_active=True, status=User.Status.APPROVED)


def role_words(user) -> list[str]:
    """The person's roles in plain words (their groups, prefetched)."""
    names = {group.name for group in user.groups.all()}
    return [words for name, words in roles.PLAIN_WORDS.items() if name in names]


def _words_q(text) -> Q:
    """Every word must match the name, the organisation or a job title its holder shows."""
    q = Q()
    for word in text.split()[:MAX_WORDS]:
        q &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(show_job_title=True, job_title__icontains=word)
        )
    return q


def people_find(*, text="", organisation=None, role="", region=""):
    """Listed people matching the filters, ordered by name, ready for a paginator."""
    queryset = people_listed()
    if text:
        queryset = queryset.filter(_words_q(text))
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    if role:
        holders = User.groups.through.objects.filter(group__name=role).values("user_id")
        queryset = queryset.filter(pk__in=holders)
    if region:
        queryset = queryset.filter(organisation__region=region)
    return queryset.order_by("last_name", "first_name", "pk")


def person_for(*, pk) -> User | None:
    return people_listed().filter(pk=pk).first()


def organisations_with_people():
    """Organisations with at least one listed person: the choices of the people filters."""
    listed = User.objects.filter(
        organisation=OuterRef("pk"), is_active=True, status=User.Status.APPROVED
    )
    return Organisation.objects.filter(Exists(listed)).only("id", "name", "slug", "region")


def organisations_find(*, text="", kind="", region=""):
    queryset = Organisation.objects.all()
    for word in text.split()[:MAX_WORDS]:
        queryset = queryset.filter(name__icontains=word)
    if kind:
        queryset = queryset.filter(kind=kind)
    if region:
        queryset = queryset.filter(region=region)
    return queryset.order_by("name", "pk")


def organisation_regions() -> list[str]:
    return list(
        Organisation.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )
