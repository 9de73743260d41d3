import tempfile
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from resources import services
from resources.extraction import samples
from resources.models import Resource

DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


def collection(name, *, restriction=None, groups=(), parent=None):
    """A collection under ``parent`` (default the root), optionally restricted."""
    parent = parent or Collection.get_first_root_node()
    found = parent.get_children().filter(name=name).first()
    if found is None:
        found = parent.add_child(instance=Collection(name=name))
    if restriction:
        rule = CollectionViewRestriction.objects.create(
            collection=found, restriction_type=restriction
        )
        if groups:
            rule.groups.set(Group.objects.filter(name__in=groups))
    return found


def grant(group_name, target, codenames=DOCUMENT_PERMISSIONS):
    group = Group.objects.get(name=group_name)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=codenames
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=target, permission=permission
        )


def write_sample(extension, text, directory=None):
    directory = Path(directory or tempfile.mkdtemp())
    path = directory / f"sample.{extension}"
    path.write_bytes(samples.make(extension, text))
    return path


def make_resource(
    *,
    collection,
    title="A document",
    text="Some text",
    extension="txt",
    user=None,
    extract=False,
    **fields,
):
    """A stored resource with a real file of the given format.

    Extraction is not queued. ``extract=True`` runs the real sandboxed extraction; otherwise
    the text is recorded as if extraction had read it, which keeps listing tests fast.
    """
    path = write_sample(extension, text)
    fields.setdefault("queue_extraction", False)
    resource = services.resource_create(
        path=path,
        filename=f"{title}.{extension}",
        title=title,
        collection=collection,
        user=user,
        **fields,
    )
    if extract:
        return services.extraction_run(resource.pk)
    Resource.objects.filter(pk=resource.pk).update(
        extracted_text=text, extraction_status=Resource.Extraction.DONE
    )
    resource.refresh_from_db()
    return resource
