"""Who may see which returns, and the lists the pages show.

A return is seen by the evaluators (and superusers) and by the trailblazer staff of the site it
belongs to; nobody else, not the programme team. A person who may not see a return gets the
same 404 as for one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from hub.accounts import access, roles

from .models import ReturnEmail, ReturnQuestion, ReturnRevision, ReturnRound, SiteReturn


def _in_group(user, name) -> bool:
    """Whether an approved person holds a role (the viewer's cached group names)."""
    return name in access.viewer_for(user).group_names


def is_evaluator(user) -> bool:
    """Approved evaluators and superusers: they define rounds and read every return."""
    viewer = access.viewer_for(user)
    return viewer.is_superuser or _in_group(user, roles.EVALUATORS)


def site_of(user):
    """The trailblazer site whose returns this person writes, or None."""
    if not _in_group(user, roles.TRAILBLAZER_STAFF) or user.organisation_id is None:
        return None
    organisation = user.organisation
    return organisation if organisation.is_trailblazer else None


def may_use_returns(user) -> bool:
    return is_evaluator(user) or site_of(user) is not None


# --- Status ---------------------------------------------------------------------------------

NOT_STARTED, DRAFT, SUBMITTED, LATE = "not_started", "draft", "submitted", "late"
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    DRAFT: "Draft",
    SUBMITTED: "Submitted",
    LATE: "Late",
}
STATUS_TAGS = {
    NOT_STARTED: "govuk-tag--grey",
    DRAFT: "govuk-tag--yellow",
    SUBMITTED: "govuk-tag--green",
    LATE: "govuk-tag--red",
}


def status_of(round_, site_return, today=None) -> str:
    """Submitted once any revision exists; else late past the due date, draft or not started."""
    if site_return is not None and site_return.revision_count:
        return SUBMITTED
    if round_.is_past_due(today):
        return LATE
    if site_return is not None and site_return.draft_saved_at:
        return DRAFT
    return NOT_STARTED


@dataclass
class SiteRow:
    organisation: object
    site_return: SiteReturn | None
    status: str
    chased_today: bool = False

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def status_tag(self):
        return STATUS_TAGS[self.status]


# --- Rounds ---------------------------------------------------------------------------------


def rounds_for_evaluator():
    return ReturnRound.objects.annotate(
        site_count=Count("sites", distinct=True),
        submitted_count=Count("returns", filter=Q(returns__revision_count__gt=0), distinct=True),
    ).order_by("-due_on", "-pk")


def rounds_for_site(organisation):
    """Open rounds addressed to this site, each with the site's own return (or None)."""
    rounds = list(
        ReturnRound.objects.filter(status=ReturnRound.Status.OPEN, sites=organisation)
        .prefetch_related(
            Prefetch(
                "returns",
                queryset=SiteReturn.objects.filter(organisation=organisation),
                to_attr="own",
            )
        )
        .order_by("-due_on", "-pk")
    )
    for round_ in rounds:
        round_.site_return = round_.own[0] if round_.own else None
        round_.site_status = status_of(round_, round_.site_return)
        round_.site_status_label = STATUS_LABELS[round_.site_status]
        round_.site_status_tag = STATUS_TAGS[round_.site_status]
    return rounds


def round_for(user, pk) -> ReturnRound:
    """A round this person may open: any for evaluators, an open one addressed to their site."""
    if is_evaluator(user):
        found = ReturnRound.objects.filter(pk=pk).first()
    else:
        site = site_of(user)
        found = (
            ReturnRound.objects.filter(pk=pk, status=ReturnRound.Status.OPEN, sites=site).first()
            if site is not None
            else None
        )
    if found is None:
        raise Http404("No such return round.")
    return found


def questions_of(round_):
    return list(ReturnQuestion.objects.filter(round=round_).order_by("sort_order", "pk"))


def site_rows(round_, today=None):
    """One row per site the round goes to, with its return and status: three queries."""
    today = today or timezone.localdate()
    returns = {r.organisation_id: r for r in SiteReturn.objects.filter(round=round_)}
    chased = set(
        ReturnEmail.objects.filter(
            round=round_, kind=ReturnEmail.Kind.CHASE, sent_on=today
        ).values_list("organisation_id", flat=True)
    )
    return [
        SiteRow(
            organisation=site,
            site_return=returns.get(site.pk),
            status=status_of(round_, returns.get(site.pk), today),
            chased_today=site.pk in chased,
        )
        for site in round_.sites.order_by("name")
    ]


# --- One return -----------------------------------------------------------------------------


def site_for(user, round_, organisation_id):
    """The site of a return this person may open in this round, or 404.

    Evaluators open any site the round goes to; site staff only their own.
    """
    if not is_evaluator(user):
        own = site_of(user)
        if own is None or own.pk != organisation_id:
            raise Http404("No such return.")
    site = round_.sites.filter(pk=organisation_id).first()
    if site is None:
        raise Http404("No such return.")
    return site


def return_of(round_, site) -> SiteReturn | None:
    return SiteReturn.objects.filter(round=round_, organisation=site).first()


def revisions_of(site_return):
    if site_return is None:
        return []
    return list(
        ReturnRevision.objects.filter(site_return=site_return)
        .select_related("submitted_by")
        .order_by("-number")
    )


def latest_revisions(round_):
    """The latest revision of every submitted return of the round, by organisation id."""
    latest = {}
    for revision in (
        ReturnRevision.objects.filter(site_return__round=round_)
        .select_related("site_return")
        .order_by("site_return_id", "-number")
    ):
        latest.setdefault(revision.site_return.organisation_id, revision)
    return latest
