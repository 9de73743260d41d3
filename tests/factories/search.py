import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from home.models import HomePage, StandardPage
from hub.accounts.access import Audience
from search.models import SearchEntry


class SearchEntryFactory(factory.django.DjangoModelFactory):
    """An entry written directly, standing in for objects whose app is not on this branch."""

    class Meta:
        model = SearchEntry
        skip_postgeneration_save = True

    source_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Group))
    source_id = factory.Sequence(lambda n: 100_000 + n)
    kind = "thread"
    title = factory.Sequence(lambda n: f"Entry {n}")
    url = factory.Sequence(lambda n: f"/discussions/{n}/")
    audience = Audience.PUBLIC
    date = None
    year = factory.LazyAttribute(lambda entry: entry.date.year if entry.date else None)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            from taggit.models import Tag

            tags = [
                Tag.objects.get_or_create(name=n, defaults={"slug": n.lower()})[0]
                for n in extracted
            ]
            self.tags.set(tags)
            self.tags_text = " ".join(extracted)
            self.save(update_fields=["tags_text"])


def publish_page(title, *, parent=None, summary="", body_text="", **fields):
    """A StandardPage published through a revision, as an editor would."""
    parent = parent or HomePage.objects.get()
    body = [("paragraph", f"<p>{body_text}</p>")] if body_text else []
    page = StandardPage(
        title=title,
        slug=title.lower().replace(" ", "-")[:50],
        summary=summary,
        body=body,
        live=False,
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page
