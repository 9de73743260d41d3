"""Writes about people: sign-up, approval, rejection. Each sends the email that goes with it."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

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


def organisation_get_or_create(*, name: str, kind=Organisation.Kind.OTHER) -> Organisation:
    """The organisation of that name (whatever its case), or a new one with a free slug."""
    found = Organisation.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    base = slugify(name)[:190] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return Organisation.objects.create(name=name, slug=slug, kind=kind)


@transaction.atomic
def user_approve(*, user: User, by: User, groups=None, organisation=None) -> User:
    if not groups:
        # The role asked for, when it is one a member may hold (never an editing group).
        asked = user.requested_role
        groups = [asked] if asked and asked.name in roles.MEMBER_ROLES else []
    groups = list(groups)
    user.mark_decided(status=User.Status.APPROVED, by=by)
    fields = ["status", "decided_at", "decided_by"]
    if organisation is not None:
        user.organisation = organisation
        fields.append("organisation")
    user.save(update_fields=fields)
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
