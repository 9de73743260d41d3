"""The programme team's queue of sign-up requests, inside the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import roles, services
from .forms import ApprovalForm, RejectionForm
from .models import Organisation, User

APPROVE_PERMISSION = "accounts.approve_member"


@permission_required(APPROVE_PERMISSION, raise_exception=True)
def queue(request):
    pending = (
        User.objects.filter(status=User.Status.PENDING, is_active=True)
        .select_related("organisation", "requested_role")
        .order_by("date_joined")
    )
    rows = [
        {
            "user": user,
            "approve_form": ApprovalForm(
                initial={
                    # Only a member role is ticked for them; editing rights never are.
                    "groups": [user.requested_role]
                    if user.requested_role and user.requested_role.name in roles.MEMBER_ROLES
                    else [],
                    "organisation": user.organisation_id,
                },
                prefix=f"u{user.pk}",
            ),
            "reject_form": RejectionForm(prefix=f"u{user.pk}"),
        }
        for user in pending
    ]
    return TemplateResponse(request, "accounts/admin/queue.html", {"rows": rows})


@require_POST
@permission_required(APPROVE_PERMISSION, raise_exception=True)
def approve(request, pk):
    user = get_object_or_404(User, pk=pk, status=User.Status.PENDING)
    form = ApprovalForm(request.POST, prefix=f"u{pk}")
    if not form.is_valid():
        problems = " ".join(error for errors in form.errors.values() for error in errors)
        messages.error(request, f"{user.display_name} was not approved. {problems}")
        return redirect("accounts_admin:queue")
    data = form.cleaned_data
    with transaction.atomic():
        organisation = data["organisation"]
        if data["new_organisation"]:
            organisation = services.organisation_get_or_create(
                name=data["new_organisation"],
                kind=data["new_organisation_kind"] or Organisation.Kind.OTHER,
            )
        groups = [*data["groups"], *data["editing_groups"]]
        services.user_approve(user=user, by=request.user, groups=groups, organisation=organisation)
    messages.success(request, f"{user.display_name} is now a member and has been emailed.")
    return redirect("accounts_admin:queue")


@require_POST
@permission_required(APPROVE_PERMISSION, raise_exception=True)
def reject(request, pk):
    user = get_object_or_404(User, pk=pk, status=User.Status.PENDING)
    form = RejectionForm(request.POST, prefix=f"u{pk}")
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.user_reject(user=user, by=request.user, note=note)
    messages.success(request, f"The request from {user.display_name} was declined.")
    return redirect("accounts_admin:queue")
