"""Writes about people: sign-up, approval, rejection. Each sends the email that goes with it."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from . import roles
from .models import Organisation, OrganisationDomain, User


def organisation_for_email(email: str) -> Organisation | None:
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    match = OrganisationDomain.objects.select_related("organisation").filter(domain=domain).first()
    return match.organisation if match else None


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(template, *, to, context):
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, None, to)


@transaction.atomic
def user_sign_up(
    *, name, email, password, organisation=None, requested_role=None, job_title="", reason=""
) -> User:
    first, _, last = name.strip().partition(" ")
    organisation = organisation or organisation_for_email(email)
    user = User(
        username=email.lower(),
        email=email.lower(),
        first_name=first[:150],
        last_name=last[:150],
        organisation=organisation,
        requested_role=requested_role,
        job_title=job_title,
        reason=reason,
        status=User.Status.PENDING,
    )
    user.set_password(password)
    user.full_clean(exclude=["password", "username"])
    user.save()

    approvers = User.objects.filter(
        is_active=True, groups__name=roles.PROGRAMME_TEAM, status=User.Status.APPROVED
    ).exclude(email="")
    context = {"applicant": user, "queue_url": _absolute(reverse("accounts_admin:queue"))}
    recipients = sorted({a.email for a in approvers})
    if recipients:
        transaction.on_commit(lambda: _send("signup_received", to=recipients, context=context))
    return user


@transaction.atomic
def user_approve(*, user: User, by: User, groups=None) -> User:
    groups = list(groups) if groups else ([user.requested_role] if user.requested_role else [])
    user.mark_decided(status=User.Status.APPROVED, by=by)
    user.save(update_fields=["status", "decided_at", "decided_by"])
    user.groups.add(*groups)
    if user.email:
        context = {"user": user, "login_url": _absolute(reverse("accounts:login"))}
        transaction.on_commit(lambda: _send("approved", to=[user.email], context=context))
    return user


@transaction.atomic
def user_reject(*, user: User, by: User, note: str = "") -> User:
    user.mark_decided(status=User.Status.REJECTED, by=by)
    user.save(update_fields=["status", "decided_at", "decided_by"])
    if user.email:
        context = {"user": user, "note": note}
        transaction.on_commit(lambda: _send("rejected", to=[user.email], context=context))
    return user


def requestable_roles():
    return Group.objects.filter(name__in=roles.REQUESTABLE).order_by("name")


def unfollow(*, follow) -> None:
    follow.delete()


def follow_set_email(*, follow, notify: bool) -> None:
    follow.notify = notify
    follow.save(update_fields=["notify"])
