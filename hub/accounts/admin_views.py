"""The programme team's queue of sign-up requests, inside the Wagtail admin."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from . import services
from .forms import ApprovalForm, RejectionForm
from .models import User

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
                initial={"groups": [user.requested_role] if user.requested_role else []},
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
    if form.is_valid():
        services.user_approve(user=user, by=request.user, groups=form.cleaned_data["groups"])
        messages.success(request, f"{user.display_name} is now a member and has been emailed.")
    else:
        messages.error(request, "Choose valid groups for this member.")
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
