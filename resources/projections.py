"""How documents in the library are searched: their metadata and the text inside them."""

from django.db.models.signals import m2m_changed
from wagtail.documents import get_document_model

from hub.accounts import access
from resources.models import Resource, ResourceTag
from resources.signals import resource_text_changed
from search import registry


def project_resource(resource, context):
    if access.document_awaits_review(resource):
        return None  # not searchable by anyone until the programme team approves it
    rule = access.collection_rule(resource.collection, context.viewer)
    date, precision = resource.published_on, resource.published_precision or "day"
    if date is None:
        date = resource.created_at.date() if resource.created_at else None
        precision = "day"
    organisation = resource.organisation.name if resource.organisation_id else ""
    # Whose document it is and what kind ("Slides", "Template") end the searchable text: a
    # council's name finds its documents, "slides" finds slides, whatever the file itself says.
    kind = resource.get_kind_display() if resource.kind != Resource.Kind.OTHER else ""
    body = "\n".join(part for part in (resource.extracted_text, organisation, kind) if part)
    return registry.Projection(
        kind="resource",
        title=resource.title,
        url=resource.get_absolute_url(),
        rule=rule,
        summary=resource.description,
        body=body,
        tags=list(resource.tags.all()),
        organisation=organisation,
        date=date,
        date_precision=precision,
    )


def _text_changed(sender, instance, **kwargs):
    # Extraction records the text with an update(), which sends no post_save.
    registry.sync(instance)


def _tags_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Resource):
        registry.sync(instance)


registry.register(
    get_document_model()._meta.label,
    project_resource,
    objects=lambda: Resource.objects.select_related("collection", "organisation"),
)
m2m_changed.connect(_tags_changed, sender=ResourceTag, dispatch_uid="search-resource-tags")
resource_text_changed.connect(_text_changed, sender=Resource, dispatch_uid="search-resource-text")
