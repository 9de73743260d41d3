"""Replace Wagtail's placeholder root with the hub's home page, and make the programme team
editors and moderators: they get exactly the rights Wagtail gives its own "Moderators" group.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    if not HomePage.objects.exists():
        placeholder_type = ContentType.objects.get(app_label="wagtailcore", model="page")
        Page.objects.filter(content_type=placeholder_type, depth=2).delete()
        home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
        root = Page.objects.get(depth=1)
        home = HomePage.objects.create(
            title="Trailblazer Knowledge Hub",
            draft_title="Trailblazer Knowledge Hub",
            slug="home",
            content_type=home_type,
            path=root.path + "0001",
            depth=2,
            numchild=0,
            url_path="/home/",
            live=True,
            locale_id=root.locale_id,
        )
        root.numchild = Page.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])
        Site.objects.all().delete()
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)

    team = Group.objects.filter(name="Programme team").first()
    moderators = Group.objects.filter(name="Moderators").first()
    if team and moderators:
        team.permissions.add(*moderators.permissions.all())
        for grant in GroupPagePermission.objects.filter(group=moderators):
            GroupPagePermission.objects.get_or_create(
                group=team, page_id=grant.page_id, permission_id=grant.permission_id
            )
        for grant in GroupCollectionPermission.objects.filter(group=moderators):
            GroupCollectionPermission.objects.get_or_create(
                group=team, collection_id=grant.collection_id, permission_id=grant.permission_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
