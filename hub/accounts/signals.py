"""Keep each user's ``access_version`` in step with their groups (see ``access._groups``).

The version goes up after the change, never before: a request that read the new version
must find the new memberships in the database.
"""

from django.contrib.auth.models import Group
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from .models import User


def bump_access_version(user_ids):
    User.objects.filter(pk__in=list(user_ids)).update(access_version=F("access_version") + 1)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="accounts_groups_changed")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # user.groups.add/remove/set/clear
        if action in ("post_add", "post_remove", "post_clear"):
            bump_access_version([instance.pk])
    elif action == "pre_clear":  # group.user_set.clear(): the members are unknown afterwards
        instance._members_before_clear = list(instance.user_set.values_list("pk", flat=True))
    elif action == "post_clear":
        bump_access_version(instance.__dict__.pop("_members_before_clear", ()))
    elif action in ("post_add", "post_remove"):
        bump_access_version(pk_set or ())


@receiver(pre_delete, sender=Group, dispatch_uid="accounts_group_deleting")
def group_deleting(sender, instance, **kwargs):
    # Deleting a group removes its memberships without an m2m signal.
    instance._members_before_delete = list(instance.user_set.values_list("pk", flat=True))


@receiver(post_delete, sender=Group, dispatch_uid="accounts_group_deleted")
def group_deleted(sender, instance, **kwargs):
    bump_access_version(instance.__dict__.pop("_members_before_delete", ()))


@receiver(post_save, sender=Group, dispatch_uid="accounts_group_saved")
def group_saved(sender, instance, created, **kwargs):
    # The viewer keeps its group names too (what a role may do): a renamed group changes them.
    if not created:
        bump_access_version(instance.user_set.values_list("pk", flat=True))
