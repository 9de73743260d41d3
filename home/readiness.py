"""Rollout readiness (/readiness/): one row per council, for the programme team and the
steering group only; everyone else gets the 404 of a page that does not exist.

Every number is a count per organisation: who read what is never stored (``hub/activity.py``),
and threads are counted, never titled. A status comes from ``ReadinessRules``, which the
programme team edits, and the reason is shown beside it.
"""

import csv
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from discussions.models import Thread
from hub.accounts import access, roles
from hub.accounts.models import Organisation
from hub.models import ActivityEvent

from . import readiness_map
from .models import GuidancePage, LearningEventPage, ReadinessRules

READY, GETTING_READY, SILENT = "ready", "getting_ready", "silent"
STATUS_LABELS = {READY: "Ready", GETTING_READY: "Getting ready", SILENT: "Silent"}
ALLOWED_ROLES = (roles.PROGRAMME_TEAM, roles.STEERING_GROUP)
ALLOWED_GROUPS_KEY = "hub:readiness:groups"
# column key: heading
COLUMNS = {
    "name": "Council",
    "region": "Region",
    "status": "Status",
    "approved": "Approved members",
    "pending": "Pending members",
    "last_active": "Last active",
    "key_read": "Key guidance read",
    "downloads": "Documents downloaded",
    "asked": "Questions asked",
    "answered": "Questions answered",
    "events": "Events attended",
    "trailblazer": "Trailblazer",
    "deep_dive": "Deep dive",
}
STATUS_ORDER = {SILENT: 0, GETTING_READY: 1, READY: 2}


@dataclass
class CouncilRow:
    organisation: Organisation
    approved: int = 0
    pending: int = 0
    last_active: datetime.date | None = None
    key_read: int = 0
    downloads: int = 0
    asked: int = 0
    answered: int = 0
    events: int = 0
    status: str = SILENT
    reasons: list[str] = field(default_factory=list)

    @property
    def name(self):
        return self.organisation.name

    @property
    def region(self):
        return self.organisation.region

    @property
    def trailblazer(self):
        return self.organisation.is_trailblazer

    @property
    def deep_dive(self):
        return self.organisation.is_deep_dive

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def reason(self):
        return "; ".join(self.reasons)

    def sort_value(self, column):
        if column == "status":
            return STATUS_ORDER[self.status]
        if column == "last_active":
            return self.last_active or datetime.date.min
        value = getattr(self, column)
        return value.lower() if isinstance(value, str) else value


def _allowed_group_ids() -> frozenset[int]:
    # The role groups are made by a migration and keep their ids; an hour's copy is safe.
    ids = cache.get(ALLOWED_GROUPS_KEY)
    if ids is None:
        ids = frozenset(Group.objects.filter(name__in=ALLOWED_ROLES).values_list("id", flat=True))
        cache.set(ALLOWED_GROUPS_KEY, ids, 3600)
    return ids


def may_view(user) -> bool:
    if not user.is_authenticated or not user.is_approved:
        return False
    # The viewer's group ids are the access layer's cached copy, which the page uses anyway.
    viewer = access.viewer_for(user)
    return user.is_superuser or bool(viewer.group_ids & _allowed_group_ids())


def council_rows(*, today=None) -> tuple[list[CouncilRow], ReadinessRules, int]:
    """Every council's numbers and status, the rules used and how many pages are key."""
    today = today or timezone.localdate()
    rules = ReadinessRules.load()
    councils = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by("name")
    rows = {o.pk: CouncilRow(o) for o in councils}
    key_pages = [
        f"page:{pk}"
        for pk in GuidancePage.objects.live().filter(is_key=True).values_list("pk", flat=True)
    ]

    User = get_user_model()
    people = (
        User.objects.filter(organisation__in=rows, is_active=True)
        .values("organisation")
        .annotate(
            approved=Count("pk", filter=Q(status=User.Status.APPROVED)),
            pending=Count("pk", filter=Q(status=User.Status.PENDING)),
            last_login=Max("last_login", filter=Q(status=User.Status.APPROVED)),
        )
    )
    for entry in people:
        row = rows[entry["organisation"]]
        row.approved, row.pending = entry["approved"], entry["pending"]
        if entry["last_login"]:
            row.last_active = timezone.localdate(entry["last_login"])

    used = (
        ActivityEvent.objects.filter(organisation__in=rows)
        .values("organisation")
        .annotate(
            last_day=Max("day"),
            downloads=Sum("count", filter=Q(kind=ActivityEvent.Kind.DOCUMENT_DOWNLOADED)),
            key_read=Count(
                "object_key",
                distinct=True,
                filter=Q(kind=ActivityEvent.Kind.GUIDANCE_READ, object_key__in=key_pages),
            ),
        )
    )
    for entry in used:
        row = rows[entry["organisation"]]
        row.downloads, row.key_read = entry["downloads"] or 0, entry["key_read"]
        if row.last_active is None or entry["last_day"] > row.last_active:
            row.last_active = entry["last_day"]

    threads = (
        Thread.objects.filter(author__organisation__in=rows, is_deleted=False, is_hidden=False)
        .values("author__organisation")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(accepted_reply__isnull=False)))
    )
    for entry in threads:
        row = rows[entry["author__organisation"]]
        row.asked, row.answered = entry["asked"], entry["answered"]

    attending = LearningEventPage.sites_attending.through.objects
    for entry in (
        attending.filter(organisation__in=rows, learningeventpage__live=True)
        .values("organisation")
        .annotate(events=Count("learningeventpage", distinct=True))
    ):
        rows[entry["organisation"]].events = entry["events"]

    needed_key = min(rules.min_key_guidance, len(key_pages))
    for row in rows.values():
        judge(row, rules, needed_key=needed_key, key_total=len(key_pages), today=today)
    return list(rows.values()), rules, len(key_pages)


def judge(row, rules, *, needed_key, key_total, today) -> None:
    """Set the row's status and the reasons for it, in words."""
    idle = None if row.last_active is None else (today - row.last_active).days
    if row.approved == 0:
        row.status, row.reasons = SILENT, ["No approved members"]
        return
    if idle is None or idle > rules.silent_after_days:
        since = "never active" if idle is None else f"last active {idle} days ago"
        row.status = SILENT
        row.reasons = [f"No activity for over {rules.silent_after_days} days ({since})"]
        return
    missing = []
    if row.approved < rules.min_members:
        missing.append(f"{row.approved} of {rules.min_members} approved members needed")
    if row.key_read < needed_key:
        missing.append(f"{row.key_read} of {needed_key} key guidance pages read")
    if idle > rules.active_within_days:
        missing.append(f"last active {idle} days ago (needs {rules.active_within_days} or fewer)")
    if missing:
        row.status, row.reasons = GETTING_READY, missing
    else:
        row.status = READY
        row.reasons = [
            f"{row.approved} approved members, {row.key_read} of {key_total} key guidance "
            f"pages read, active {idle} days ago"
        ]


def _filtered(request, rows):
    regions = sorted({row.region for row in rows if row.region})
    region = request.GET.get("region", "")
    status = request.GET.get("status", "")
    region = region if region in regions else ""
    status = status if status in STATUS_LABELS else ""
    if region:
        rows = [row for row in rows if row.region == region]
    if status:
        rows = [row for row in rows if row.status == status]
    sort = request.GET.get("sort", "name")
    descending = sort.startswith("-")
    column = sort.removeprefix("-")
    if column not in COLUMNS:
        column, descending = "name", False
    rows = sorted(
        rows, key=lambda row: (row.sort_value(column), row.name.lower()), reverse=descending
    )
    return rows, {
        "regions": regions,
        "region": region,
        "status": status,
        "sort": column,
        "descending": descending,
    }


def _headings(sort, descending):
    """(heading, the sort its link asks for, aria-sort) per column."""
    headings = []
    for key, heading in COLUMNS.items():
        current = key == sort
        next_sort = key if not current or descending else f"-{key}"
        state = ("descending" if descending else "ascending") if current else "none"
        headings.append((heading, next_sort, state))
    return headings


def _allowed(request):
    if not may_view(request.user):
        raise Http404("No such page.")
    access.mark_private(request)


@never_cache
def readiness(request):
    _allowed(request)
    all_rows, rules, key_total = council_rows()
    rows, chosen = _filtered(request, all_rows)
    counts = {key: sum(1 for row in all_rows if row.status == key) for key in STATUS_LABELS}
    return render(
        request,
        "home/readiness.html",
        {
            "rows": rows,
            "total": len(all_rows),
            "rules": rules,
            "key_total": key_total,
            "headings": _headings(chosen["sort"], chosen["descending"]),
            "statuses": STATUS_LABELS,
            "status_label": STATUS_LABELS.get(chosen["status"], ""),
            "status_counts": [(key, STATUS_LABELS[key], counts[key]) for key in STATUS_LABELS],
            "hexes": readiness_map.hexes(all_rows, shown_ids={r.organisation.pk for r in rows}),
            "map_size": readiness_map.size(),
            **chosen,
        },
    )


@never_cache
def readiness_csv(request):
    _allowed(request)
    rows, _ = _filtered(request, council_rows()[0])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="readiness.csv"'
    writer = csv.writer(response)
    writer.writerow(["ONS code", *COLUMNS.values(), "Why"])
    for row in rows:
        writer.writerow(
            _cell(value)
            for value in [
                row.organisation.ons_code,
                row.name,
                row.region,
                row.status_label,
                row.approved,
                row.pending,
                row.last_active.isoformat() if row.last_active else "",
                row.key_read,
                row.downloads,
                row.asked,
                row.answered,
                row.events,
                "yes" if row.trailblazer else "no",
                "yes" if row.deep_dive else "no",
                row.reason,
            ]
        )
    return response


def _cell(value):
    # A name an editor typed that starts like a formula must stay text in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value
