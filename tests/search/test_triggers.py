"""Entries follow their sources: publish, unpublish, move, delete, privacy, saves, app hooks."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from home.models import HomePage
from hub.accounts import roles
from hub.accounts.access import Audience
from resources.models import Resource
from search import registry
from search.models import SearchEntry
from tests.factories.pages import restrict
from tests.factories.search import publish_page

pytestmark = pytest.mark.django_db


def entry_for(title):
    return SearchEntry.objects.filter(title=title).first()


def make_resource(title, *, collection=None, text="", **fields):
    resource = Resource(
        title=title,
        file=ContentFile(b"x", name=f"{title.lower()}.txt"),
        collection=collection or Collection.get_first_root_node(),
        extracted_text=text,
        **fields,
    )
    resource.save()
    return resource


def test_publishing_a_page_creates_its_entry_with_body_text_and_summary():
    publish_page("Paying providers", summary="Who pays whom", body_text="Invoices <b>monthly</b>")
    entry = entry_for("Paying providers")
    assert entry.kind == "page"
    assert entry.summary == "Who pays whom"
    assert "Invoices monthly" in entry.body
    assert "<b>" not in entry.body
    assert entry.audience == Audience.PUBLIC
    assert entry.url == "/paying-providers/"


def test_a_draft_page_has_no_entry():
    home = HomePage.objects.get()
    from home.models import StandardPage

    home.add_child(instance=StandardPage(title="Draftonly", slug="draftonly", live=False))
    assert entry_for("Draftonly") is None


def test_unpublishing_removes_the_entry():
    page = publish_page("Going away")
    page.unpublish()
    assert entry_for("Going away") is None


def test_republishing_updates_the_entry():
    page = publish_page("Old name")
    page.title = "New name"
    page.save_revision().publish()
    assert entry_for("Old name") is None
    assert entry_for("New name") is not None


def test_deleting_a_page_removes_it_and_its_children():
    parent = publish_page("Parent section")
    publish_page("Child page", parent=parent)
    parent.delete()
    assert not SearchEntry.objects.filter(title__in=["Parent section", "Child page"]).exists()


def test_moving_a_page_updates_its_url_and_its_privacy():
    private = publish_page("Members area")
    restrict(private, BaseViewRestriction.LOGIN)
    page = publish_page("Wanderer")
    page.move(private, pos="last-child")
    entry = entry_for("Wanderer")
    assert entry.url == "/members-area/wanderer/"
    assert entry.audience == Audience.MEMBERS


def test_a_restriction_on_a_parent_hides_the_whole_subtree_at_once():
    parent = publish_page("Steering papers")
    child = publish_page("Minutes", parent=parent)
    publish_page("Deep minutes", parent=child)
    restriction = restrict(parent, BaseViewRestriction.GROUPS, groups=[roles.STEERING_GROUP])
    steering = Group.objects.get(name=roles.STEERING_GROUP)
    for title in ["Steering papers", "Minutes", "Deep minutes"]:
        entry = entry_for(title)
        assert entry.audience == Audience.GROUPS
        assert list(entry.groups.all()) == [steering]
    restriction.delete()
    assert {entry_for(t).audience for t in ["Minutes", "Deep minutes"]} == {Audience.PUBLIC}


def test_a_password_on_a_parent_removes_the_subtree():
    parent = publish_page("Locked room")
    publish_page("Locked shelf", parent=parent)
    restrict(parent, BaseViewRestriction.PASSWORD, password="secret-secret")
    assert entry_for("Locked room") is None
    assert entry_for("Locked shelf") is None


def test_changing_a_restrictions_groups_reprojects():
    page = publish_page("Evaluation drafts")
    restriction = restrict(page, BaseViewRestriction.GROUPS, groups=[roles.EVALUATORS])
    restriction.groups.set(Group.objects.filter(name=roles.STEERING_GROUP))
    assert list(entry_for("Evaluation drafts").groups.values_list("name", flat=True)) == [
        roles.STEERING_GROUP
    ]


def test_resource_saved_and_deleted():
    resource = make_resource("Costing model", text="spreadsheet of weekly fees")
    entry = entry_for("Costing model")
    assert entry.kind == "resource"
    assert "weekly fees" in entry.body
    assert entry.url == f"/resources/{resource.pk}/"
    resource.delete()
    assert entry_for("Costing model") is None


def test_extraction_finishing_updates_the_body():
    resource = make_resource("Slides from March")
    resource.extracted_text = "quarterly learning event notes"
    resource.extraction_status = Resource.Extraction.DONE
    resource.save()
    assert "quarterly learning event" in entry_for("Slides from March").body


def test_resource_tags_reach_the_entry():
    resource = make_resource("Tagged template")
    resource.tags.add("contracts")
    entry = entry_for("Tagged template")
    assert list(entry.tags.values_list("name", flat=True)) == ["contracts"]
    assert "contracts" in entry.tags_text


def test_collection_privacy_reprojects_documents_in_its_subtree():
    root = Collection.get_first_root_node()
    private = root.add_child(name="Steering")
    inner = private.add_child(name="Steering inner")
    make_resource("Inner paper", collection=inner)
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name=roles.STEERING_GROUP))
    entry = entry_for("Inner paper")
    assert entry.audience == Audience.GROUPS
    assert list(entry.groups.values_list("name", flat=True)) == [roles.STEERING_GROUP]
    restriction.delete()
    assert entry_for("Inner paper").audience == Audience.PUBLIC


@pytest.fixture
def group_projector(monkeypatch):
    """A registered projector for a model search knows nothing about (standing in for threads),
    registered for this test only."""
    monkeypatch.setattr(registry, "_registry", dict(registry._registry))

    def project(group, context):
        if group.name.startswith("hidden"):
            return None
        return registry.Projection(
            kind="thread",
            title=group.name,
            url=f"/groups/{group.pk}/",
            rule=registry.access.Rule(audience=Audience.MEMBERS),
        )

    registry.register("auth.Group", project, signals=False)


def test_sync_projects_any_registered_model(group_projector):
    group = Group.objects.create(name="Question about fees")
    assert entry_for("Question about fees") is None  # signals=False: only the app's sync writes
    registry.sync(group)
    assert entry_for("Question about fees").audience == Audience.MEMBERS
    group.name = "hidden now"
    registry.sync(group)
    assert not SearchEntry.objects.filter(kind="thread").exists()


def test_rebuild_recreates_everything_and_drops_orphans():
    publish_page("Kept page")
    make_resource("Kept file")
    SearchEntry.objects.all().delete()
    SearchEntry.objects.create(
        source_type_id=1, source_id=999_999, kind="page", title="Orphan", url="/x/"
    )
    removed = registry.rebuild()
    assert removed == 1
    titles = set(SearchEntry.objects.values_list("title", flat=True))
    assert {"Kept page", "Kept file"} <= titles
    assert "Orphan" not in titles
