"""Create the hub's role groups. The programme team get Wagtail admin access and approve members;
page and collection permissions for editing are granted in home's migration, once the tree exists.
"""

from django.db import migrations

ROLES = [
    "Programme team",
    "Trailblazer staff",
    "Local authority members",
    "Providers",
    "Evaluators",
    "Steering group",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    for name in ROLES:
        Group.objects.get_or_create(name=name)

    team = Group.objects.get(name="Programme team")
    wagtailadmin, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    admin_access, _ = Permission.objects.get_or_create(
        content_type=wagtailadmin, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    user_ct, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    approve, _ = Permission.objects.get_or_create(
        content_type=user_ct,
        codename="approve_member",
        defaults={"name": "Can approve or reject sign-up requests"},
    )
    team.permissions.add(admin_access, approve)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
