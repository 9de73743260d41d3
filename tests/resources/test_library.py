"""The library pages and downloads, seen by every actor: nothing restricted leaks anywhere."""

import datetime
import re

import pytest
from django.urls import reverse

from hub.accounts import roles
from resources.models import Resource
from tests.factories import OrganisationFactory
from tests.factories.resources import make_resource
from tests.privacy import MEMBERS, PUBLIC, areas_seen

# Each collection's document carries a canary word in its title and in its text.
CANARIES = {
    "public": "Openquill",
    "members": "Membermoss",
    "site": "Sitefennel",
    "evaluators": "Evalthorn",
    "steering": "Quillmarsh",
}
# Each collection's audience, as the ``library`` fixture restricts it.
SEES = areas_seen(
    {
        "public": PUBLIC,
        "members": MEMBERS,
        "site": (roles.TRAILBLAZER_STAFF, roles.PROGRAMME_TEAM),
        "evaluators": (roles.EVALUATORS, roles.PROGRAMME_TEAM),
        "steering": (roles.STEERING_GROUP, roles.PROGRAMME_TEAM),
    }
)


@pytest.fixture
def documents(library):
    return {
        key: make_resource(
            collection=library[key],
            title=f"{word} report",
            text=f"The {word} findings on top-up agreements.",
            extension="pdf" if key == "public" else "docx",
        )
        for key, word in CANARIES.items()
    }


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("actor", SEES)
def test_each_actor_sees_exactly_their_documents(client, make_actor, documents, actor):
    login(client, make_actor(actor))
    listing = client.get(reverse("resources:library")).content.decode()
    for key, word in CANARIES.items():
        visible = key in SEES[actor]
        assert (word in listing) == visible, (actor, key)
        resource = documents[key]
        for url in (
            resource.get_absolute_url(),
            resource.download_url,
            reverse("resources:download_named", args=[resource.pk, resource.download_name]),
            reverse("resources:version_download", args=[resource.pk, 1]),
        ):
            response = client.get(url)
            assert response.status_code == (200 if visible else 404), (actor, key, url)
            body = b"".join(response) if hasattr(response, "streaming_content") else b""
            assert not (not visible and word.encode() in body)


def test_restricted_download_is_private_and_safe(client, make_actor, documents):
    login(client, make_actor("steering"))
    response = client.get(documents["steering"].download_url)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Quillmarsh report.docx"' in response["Content-Disposition"]
    assert response["ETag"] == f'"{documents["steering"].checksum}"'


def test_public_pdf_downloads_as_an_attachment_never_inline(client, documents):
    # A PDF rendered in the browser runs from the hub's origin; as a download it cannot.
    response = client.get(documents["public"].download_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_etag_gives_304_only_to_those_who_may_see(client, make_actor, documents):
    resource = documents["steering"]
    etag = f'"{resource.checksum}"'
    login(client, make_actor("steering"))
    assert client.get(resource.download_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    client.logout()
    login(client, make_actor("evaluator"))
    assert client.get(resource.download_url, HTTP_IF_NONE_MATCH=etag).status_code == 404


@pytest.mark.parametrize("route", ["resources:download_named", "wagtaildocs_serve"])
@pytest.mark.urls("tests.resources.urls_with_wagtaildocs")
def test_wrong_id_and_wrong_filename_are_the_same_404(client, documents, route):
    resource = documents["public"]
    name = resource.download_name if route.startswith("resources") else resource.filename
    assert client.get(reverse(route, args=[resource.pk, name]), follow=True).status_code == 200
    wrong_name = reverse(route, args=[resource.pk, "other.pdf"])
    wrong_id = reverse(route, args=[resource.pk + 999, name])
    steering = documents["steering"]
    no_access = reverse(
        route,
        args=[steering.pk, steering.download_name if route.startswith("r") else steering.filename],
    )
    answers = [client.get(url) for url in (wrong_name, wrong_id, no_access)]
    assert {a.status_code for a in answers} == {404}
    # The same page, apart from the per-request nonce and the sign-in link's "next".
    assert len({_main(a) for a in answers}) == 1
    assert "Quillmarsh" not in _main(answers[2])


def _main(response):
    """The page's main part, less the address a signed-out visitor's sign-in link returns to
    (the one thing that rightly differs between two 404s)."""
    page = re.sub(r"\?next=[^\"]*", "?next=", response.content.decode())
    return page[page.index("<main") : page.index("</main>")]


@pytest.mark.urls("tests.resources.urls_with_wagtaildocs")
def test_wagtail_serve_url_obeys_the_access_layer(client, make_actor, documents):
    """Wagtail's login restriction admits pending accounts; the hub's hook does not."""
    members = documents["members"]
    url = reverse("wagtaildocs_serve", args=[members.pk, members.filename])
    login(client, make_actor("pending"))
    assert client.get(url).status_code == 404
    client.logout()
    login(client, make_actor("council_member"))
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(members.download_url, 302)]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_wagtail_links_point_at_the_stable_download(documents):
    resource = documents["public"]
    assert resource.url == f"/resources/{resource.pk}/download/"


def test_media_documents_are_never_served_directly(client, documents):
    resource = documents["steering"]
    response = client.get("/media/" + resource.file.name)
    assert response.status_code == 404
    assert "Quillmarsh" not in _main(response)


def test_detail_shows_metadata_preview_and_versions(client, make_actor, documents):
    login(client, make_actor("steering"))
    response = client.get(documents["steering"].get_absolute_url())
    page = response.content.decode()
    assert "The Quillmarsh findings on top-up agreements." in page
    assert "Versions" in page
    assert response["Cache-Control"] == "private, no-store"


def test_extraction_reason_is_shown_to_uploader_not_to_readers(client, make_actor, library):
    uploader = make_actor("trailblazer")
    resource = make_resource(collection=library["public"], title="Broken file", user=uploader)
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=Resource.Extraction.FAILED, extraction_reason="Zebrareason"
    )
    assert "Zebrareason" not in client.get(resource.get_absolute_url()).content.decode()
    login(client, uploader)
    assert "Zebrareason" in client.get(resource.get_absolute_url()).content.decode()


def test_where_it_is_used_lists_only_pages_the_viewer_may_see(client, make_actor, documents):
    from wagtail.models import BaseViewRestriction, Page, ReferenceIndex

    from home.models import HomePage, StandardPage
    from tests.factories.pages import restrict

    resource = documents["public"]
    home = HomePage.objects.get()
    link = f'<p><a linktype="document" id="{resource.pk}">file</a></p>'
    pages = {}
    for title in ("Openpagefern", "Memberpagefern"):
        page = StandardPage(title=title, slug=title.lower(), body=[("paragraph", link)])
        home.add_child(instance=page)
        ReferenceIndex.create_or_update_for_object(page)
        pages[title] = page
    restrict(Page.objects.get(pk=pages["Memberpagefern"].pk), BaseViewRestriction.LOGIN)
    assert ReferenceIndex.get_references_to(resource).count() == 2
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "Openpagefern" in page
    assert "Memberpagefern" not in page
    login(client, make_actor("council_member"))
    assert "Memberpagefern" in client.get(resource.get_absolute_url()).content.decode()


def test_filters_and_sorting(client, library):
    council = OrganisationFactory(name="Fenbridge Council")
    make_resource(
        collection=library["public"],
        title="Alpha guidance",
        kind="guidance",
        organisation=council,
        published_on=datetime.date(2014, 6, 2),
        tags=["top-ups"],
    )
    make_resource(
        collection=library["public"],
        title="Beta slides",
        kind="slides",
        published_on=datetime.date(2015, 3, 1),
    )
    url = reverse("resources:library")

    def titles(**query):
        return [r.title for r in client.get(url, query).context["page_obj"]]

    assert titles() == ["Beta slides", "Alpha guidance"]
    assert titles(sort="title") == ["Alpha guidance", "Beta slides"]
    assert titles(kind="guidance") == ["Alpha guidance"]
    assert titles(tag="top-ups") == ["Alpha guidance"]
    assert titles(organisation=council.pk) == ["Alpha guidance"]
    assert titles(year=2015) == ["Beta slides"]
    # Nonsense filters are ignored, never a 500; the valid ones still apply.
    assert client.get(url, {"year": "x", "page": "99", "kind": "<b>"}).status_code == 200
    assert titles(year="x", organisation="999999", kind="slides") == ["Beta slides"]
    assert titles(organisation="x1", kind="slides") == ["Beta slides"]
    chosen = client.get(url, {"organisation": council.pk}).text
    assert f'<option value="{council.pk}" selected>Fenbridge Council</option>' in chosen


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow(
    client, make_actor, library, django_assert_max_num_queries, count
):
    for index in range(count):
        make_resource(
            collection=library["members"],
            title=f"Doc {index}",
            tags=["alpha", "beta"],
            organisation=OrganisationFactory(),
        )
    login(client, make_actor("council_member"))
    with django_assert_max_num_queries(15):
        response = client.get(reverse("resources:library"))
    assert len(response.context["page_obj"]) == min(count, 20)


def test_resources_is_in_the_navigation(client, db):
    page = client.get(reverse("resources:library")).content.decode()
    assert 'href="/resources/"' in page.split("<main")[0]


@pytest.mark.parametrize("count", [1, 6])
def test_detail_query_count_does_not_grow_with_versions(
    client, make_actor, library, django_assert_max_num_queries, count
):
    from resources import services
    from tests.factories.resources import write_sample

    user = make_actor("programme_team")
    resource = make_resource(collection=library["members"], user=user)
    for index in range(count - 1):
        services.resource_add_version(
            resource=resource, path=write_sample("txt", f"v{index}"), filename="v.txt", user=user
        )
    client.force_login(user)
    with django_assert_max_num_queries(20):
        response = client.get(resource.get_absolute_url())
    assert len(response.context["versions"]) == count


def test_the_filters_fold_away_until_one_is_chosen(client, library):
    make_resource(collection=library["public"], title="Alpha guidance", kind="guidance")
    url = reverse("resources:library")
    page = client.get(url).content.decode()
    folded = re.search(r"<details[^>]*hub-filters[^>]*>", page).group(0)
    assert " open" not in folded and "data-hub-filters" in folded
    assert "Filter documents</span>" in page

    page = client.get(url, {"kind": "guidance"}).content.decode()
    opened = re.search(r"<details[^>]*hub-filters[^>]*>", page).group(0)
    assert " open" in opened
    assert "Filter documents (1 chosen)" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_event_filter_offers_only_events_with_documents_the_reader_may_see(
    client, make_actor, library, signed_in
):
    from tests.factories.pages import event

    shared = event("Openday learning event")
    private = event("Hushmoor learning event")
    make_resource(collection=library["public"], title="Open slides", learning_event=shared)
    make_resource(collection=library["members"], title="Member notes", learning_event=private)
    if signed_in:
        client.force_login(make_actor("council_member"))
    response = client.get(reverse("resources:library"))
    offered = [page.title for page in response.context["form"].fields["event"].queryset]
    # A signed-out reader may see both event pages, but only one has a document for them.
    expected = ["Hushmoor learning event"] if signed_in else []
    assert offered == [*expected, "Openday learning event"]
    assert ("Hushmoor" in response.content.decode()) is signed_in
    # Asking for the hidden event's documents shows nothing, never the member's notes.
    filtered = client.get(reverse("resources:library"), {"event": private.pk}).content.decode()
    assert ("Member notes" in filtered) is signed_in
