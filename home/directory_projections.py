"""How people and organisations are searched: by approved members only.

It lives in ``home`` beside the people and organisation pages whose cards it mirrors: the
accounts app sits below search and never imports it. ``home.projections`` imports it, so
search's discovery of ``projections`` modules finds it.

A person's entry holds only what their card shows (``home.people.person_card``): name,
organisation, region, roles, and their job title and email address only while they choose to
show them. It exists only while they are listed (approved and active) and follows every change
of those: their choices, approval, rejection, deactivation, roles and organisation.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.urls import reverse

from hub.accounts import access, selectors
from hub.accounts.models import Organisation, User
from search import registry

MEMBERS_ONLY = access.Rule(audience=access.Audience.MEMBERS)
# Saves that change nothing an entry holds (every sign-in writes last_login).
NOT_SHOWN = frozenset({"last_login", "password", "access_version", "decided_at", "decided_by"})


def project_person(user, context):
    if not user.is_listed:
        return None
    organisation = user.organisation
    name = organisation.name if organisation else ""
    region = organisation.region if organisation else ""
    return registry.Projection(
        kind="person",
        title=user.display_name,
        url=reverse("person", args=[user.pk]),
        rule=MEMBERS_ONLY,
        summary=" · ".join(part for part in (user.shown_job_title, name, region) if part),
        body="\n".join(
            part for part in (*selectors.role_words(user), user.shown_email, name, region) if part
        ),
        organisation=name,
    )


def project_organisation(organisation, context):
    words = [organisation.get_kind_display(), organisation.region, *organisation.flags]
    return registry.Projection(
        kind="organisation",
        title=organisation.name,
        url=organisation.get_absolute_url(),
        rule=MEMBERS_ONLY,
        summary=" · ".join(part for part in words if part),
        body="\n".join(part for part in (organisation.ons_code, *words) if part),
        organisation=organisation.name,
    )


def _sync_people(user_ids):
    registry.sync_many(selectors.people_all().filter(pk__in=list(user_ids)))


def _user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and frozenset(update_fields) <= NOT_SHOWN):
        return
    _sync_people([instance.pk])


def _user_deleted(sender, instance, **kwargs):
    registry.remove(instance)


def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse and action == "pre_clear":
        # group.user_set.clear() leaves no trace of who was in it: note them first.
        instance._people_before_clear = list(instance.user_set.values_list("pk", flat=True))
    elif reverse and action == "post_clear":
        _sync_people(instance.__dict__.pop("_people_before_clear", ()))
    elif action in ("post_add", "post_remove", "post_clear"):
        _sync_people([instance.pk] if not reverse else pk_set or ())


def _group_saved(sender, instance, created=False, raw=False, **kwargs):
    # A renamed group is another role (or none): its members' role lines change.
    if not raw and not created:
        _sync_people(instance.user_set.values_list("pk", flat=True))


def _group_deleting(sender, instance, **kwargs):
    # Deleting a group removes its memberships without an m2m signal.
    instance._people_before_delete = list(instance.user_set.values_list("pk", flat=True))


def _group_deleted(sender, instance, **kwargs):
    _sync_people(instance.__dict__.pop("_people_before_delete", ()))


def _organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync_people(instance.members.values_list("pk", flat=True))


def _organisation_deleting(sender, instance, **kwargs):
    instance._members_before_delete = list(instance.members.values_list("pk", flat=True))


def _organisation_deleted(sender, instance, **kwargs):
    # Its members are left without an organisation (SET_NULL) by now.
    _sync_people(instance.__dict__.pop("_members_before_delete", ()))


registry.register("accounts.Organisation", project_organisation)
registry.register(
    "accounts.User",
    project_person,
    objects=selectors.people_all,
    signals=False,  # a sign-in saves the user too: _user_saved skips what no entry shows
)
post_save.connect(_user_saved, sender=User, dispatch_uid="search-person-saved")
post_delete.connect(_user_deleted, sender=User, dispatch_uid="search-person-deleted")
m2m_changed.connect(_roles_changed, sender=User.groups.through, dispatch_uid="search-person-roles")
post_save.connect(_group_saved, sender=Group, dispatch_uid="search-group-people-saved")
pre_delete.connect(_group_deleting, sender=Group, dispatch_uid="search-group-people-del1")
post_delete.connect(_group_deleted, sender=Group, dispatch_uid="search-group-people-del2")
post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="search-org-people")
pre_delete.connect(_organisation_deleting, sender=Organisation, dispatch_uid="search-org-del1")
post_delete.connect(_organisation_deleted, sender=Organisation, dispatch_uid="search-org-del2")
