"""The programme team moderates: it may see and resolve reports in the Wagtail admin."""

from django.db import migrations

PERMISSIONS = [("view_flag", "Can view report"), ("change_flag", "Can change report")]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    team = Group.objects.filter(name="Programme team").first()
    if team is None:
        return
    # Permissions are normally made after migrating; make them now so they can be granted.
    flag_type, _ = ContentType.objects.get_or_create(app_label="discussions", model="flag")
    for codename, name in PERMISSIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=flag_type, codename=codename, defaults={"name": name}
        )
        team.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for team in Group.objects.filter(name="Programme team"):
        team.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="discussions",
                codename__in=["view_flag", "change_flag"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
