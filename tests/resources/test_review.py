"""Uploads for everyone wait for the programme team; until approved nobody else sees them."""

import io
import uuid
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Collection

from hub.accounts import roles
from hub.accounts.models import Organisation
from resources import selectors, services
from resources.models import Resource
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.factories.resources import make_resource

UPLOAD = reverse("resources:upload")
QUEUE = reverse("resources:review_queue")
CANARY = "Marrowfinch"


def upload(client, collection, **extra):
    data = {
        "file": SimpleUploadedFile("plan.txt", f"The {CANARY} plan for top-ups.".encode()),
        "title": f"{CANARY} top-up plan",
        "kind": "template",
        "collection": collection.pk,
        "token": str(uuid.uuid4()),
        **extra,
    }
    return client.post(UPLOAD, data)


def decide(client, resource, decision, reason=""):
    return client.post(
        reverse("resources:review_decide", args=[resource.pk]),
        {"decision": decision, "reason": reason},
    )


@pytest.fixture(autouse=True)
def _search_as_a_live_site_does(settings):
    # Facet counts come from the entry snapshot, as on a live site (see tests/search/conftest).
    settings.SEARCH_SNAPSHOT_IN_TRANSACTIONS = True


@pytest.fixture
def officer(db):
    enfield = OrganisationFactory(name="London Borough of Enfield")
    return UserFactory(organisation=enfield, roles=[roles.TRAILBLAZER_STAFF])


@pytest.fixture
def editor(db):
    return UserFactory(email="editor@scie.example", roles=[roles.PROGRAMME_TEAM])


@pytest.fixture
def pending(library, officer, django_capture_on_commit_callbacks):
    """A document the officer uploaded to the public library, text read, waiting for review."""
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource(
            collection=library["public"],
            title=f"{CANARY} top-up plan",
            text=f"The {CANARY} plan for top-ups.",
            user=officer,
            tags=["marrowfinch-tag"],
            review_status=Resource.Review.PENDING,
        )
    services.resource_text_changed.send(sender=Resource, instance=resource)
    return resource


# --- Provenance ----------------------------------------------------------------------------


def test_member_is_offered_only_their_organisation_and_no_guidance_label(client, officer, library):
    client.force_login(officer)
    form = client.get(UPLOAD).context["form"]
    assert list(form.fields["organisation"].queryset) == [officer.organisation]
    kinds = {value for value, _ in form.fields["kind"].choices}
    assert "guidance" not in kinds
    assert "template" in kinds


def test_programme_team_may_credit_anyone_and_label_guidance(client, editor, officer, library):
    department = OrganisationFactory(
        name="Department of Health", kind=Organisation.Kind.PROGRAMME_BODY
    )
    client.force_login(editor)
    form = client.get(UPLOAD).context["form"]
    assert department in form.fields["organisation"].queryset
    assert officer.organisation in form.fields["organisation"].queryset
    assert "guidance" in {value for value, _ in form.fields["kind"].choices}
    response = upload(client, library["public"], kind="guidance", organisation=department.pk)
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert (resource.kind, resource.organisation) == ("guidance", department)
    assert resource.review_status == Resource.Review.APPROVED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "guidance", "Only the programme team can label a document as guidance."),
        ("organisation", "department", "You can only credit your own organisation."),
        ("organisation", "other_council", "You can only credit your own organisation."),
    ],
)
def test_forged_provenance_is_refused_with_a_clear_error(
    client, officer, library, field, value, message
):
    others = {
        "department": OrganisationFactory(
            name="Department of Health", kind=Organisation.Kind.PROGRAMME_BODY
        ),
        "other_council": OrganisationFactory(name="North Lincolnshire Council"),
    }
    client.force_login(officer)
    forged = others[value].pk if value in others else value
    response = upload(client, library["public"], **{field: forged})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_another_sites_area_is_neither_offered_nor_accepted(client, officer, library):
    own = library["site"].add_child(instance=Collection(name="London Borough of Enfield"))
    other = library["site"].add_child(instance=Collection(name="Milton Keynes Council"))
    OrganisationFactory(name="Milton Keynes Council")
    client.force_login(officer)
    offered = set(client.get(UPLOAD).context["form"].fields["collection"].queryset)
    assert own in offered
    assert other not in offered
    response = upload(client, other, organisation=officer.organisation.pk)
    assert response.status_code == 403
    assert (
        "You can upload to your own site's area" in response.context["form"].errors["collection"][0]
    )
    assert not Resource.objects.exists()
    assert upload(client, own).status_code == 302


def test_programme_team_may_file_in_any_sites_area(client, editor, library):
    area = library["site"].add_child(instance=Collection(name="Milton Keynes Council"))
    OrganisationFactory(name="Milton Keynes Council")
    client.force_login(editor)
    assert area in client.get(UPLOAD).context["form"].fields["collection"].queryset


def test_collection_choices_say_who_will_see_the_document(client, officer, library):
    client.force_login(officer)
    page = client.get(UPLOAD).content.decode()
    assert "Openshelf – everyone, after a check by the programme team" in page
    assert "Memberstack – approved members" in page
    assert "Sitebarrow – named groups only" in page


# --- Evaluators and the steering group upload into their own areas -------------------------


@pytest.mark.parametrize(
    ("actor", "own", "not_offered"),
    [
        ("evaluator", "evaluators", ["public", "members", "site", "steering"]),
        ("steering", "steering", ["public", "members", "site", "evaluators"]),
    ],
)
def test_evaluators_and_steering_group_upload_into_their_own_area(
    client, make_actor, library, actor, own, not_offered
):
    client.force_login(make_actor(actor))
    offered = set(client.get(UPLOAD).context["form"].fields["collection"].queryset)
    assert offered == {library[own]}
    assert upload(client, library[not_offered[0]]).status_code == 403
    assert upload(client, library[own]).status_code == 302
    resource = Resource.objects.get()
    assert resource.collection == library[own]
    # A private area is not the public library: nothing to wait for.
    assert resource.review_status == Resource.Review.APPROVED


# --- Which uploads wait ----------------------------------------------------------------------


def test_an_upload_for_everyone_waits_and_the_uploader_sees_that(client, officer, library):
    client.force_login(officer)
    response = upload(client, library["public"], organisation=officer.organisation.pk)
    resource = Resource.objects.get()
    assert resource.review_status == Resource.Review.PENDING
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "will check it before everyone can see it" in text
    assert "Waiting for review" in text
    assert page["Cache-Control"] == "private, no-store"
    download = client.get(resource.download_url)
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    account = client.get(reverse("account:home")).content.decode()
    assert f"{CANARY} top-up plan" in account
    assert "Waiting for review" in account


def test_the_programme_team_is_emailed_that_an_upload_waits(
    client, officer, editor, library, smtp_inbox, django_capture_on_commit_callbacks
):
    UserFactory(email="left@scie.example", roles=[roles.PROGRAMME_TEAM], is_active=False)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, library["public"])
        upload(client, library["members"], title="For members")
    assert [m["X-RcptTo"] for m in smtp_inbox] == [editor.email]
    body = smtp_inbox[0].get_payload()
    assert "/resources/review/" in body
    assert Resource.objects.get(review_status="pending").get_absolute_url() in body


def test_uploads_to_restricted_collections_and_by_the_team_do_not_wait(
    client, officer, editor, library
):
    client.force_login(officer)
    upload(client, library["members"], title="For members")
    client.force_login(editor)
    upload(client, library["public"], title="From the team")
    assert set(Resource.objects.values_list("title", "review_status")) == {
        ("For members", "approved"),
        ("From the team", "approved"),
    }


def test_existing_and_imported_documents_are_approved(library, tmp_path):
    (tmp_path / "Fees guide.txt").write_text("Fees for care homes.")
    call_command("import_resources", str(tmp_path), stdout=io.StringIO())
    assert make_resource(collection=library["public"]).review_status == "approved"
    assert set(Resource.objects.values_list("review_status", flat=True)) == {"approved"}


def test_a_new_version_of_a_public_upload_is_checked_again(client, officer, editor, pending):
    client.force_login(editor)
    decide(client, pending, "approve")
    pending.refresh_from_db()
    assert pending.is_approved
    client.force_login(officer)
    response = client.post(
        reverse("resources:add_version", args=[pending.pk]),
        {"file": SimpleUploadedFile("plan.txt", b"Entirely different words.")},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.review_status == Resource.Review.PENDING
    assert pending.reviewed_by is None


# --- Privacy: a waiting upload shows nowhere -------------------------------------------------


def _outsiders(make_actor, officer):
    colleague = UserFactory(organisation=officer.organisation, roles=[roles.TRAILBLAZER_STAFF])
    return [None, make_actor("council_member"), make_actor("trailblazer"), colleague]


CHANNELS = [
    ("detail", lambda r: reverse("resources:detail", args=[r.pk])),
    ("download", lambda r: r.download_url),
    ("version", lambda r: reverse("resources:version_download", args=[r.pk, 1])),
    ("preview", lambda r: reverse("resources:preview", args=[r.pk])),
    ("wagtail", lambda r: f"/documents/{r.pk}/{r.file.name.rsplit('/', 1)[-1]}"),
    ("api detail", lambda r: f"/api/v2/documents/{r.pk}/"),
]


@pytest.mark.parametrize("channel", [name for name, _ in CHANNELS])
def test_a_waiting_upload_is_a_404_to_everyone_else(client, make_actor, officer, pending, channel):
    url = dict(CHANNELS)[channel](pending)
    for outsider in _outsiders(make_actor, officer):
        client.logout()
        if outsider is not None:
            client.force_login(outsider)
        assert client.get(url).status_code == 404, (channel, outsider)


def test_a_waiting_upload_is_in_no_listing_search_or_feed(
    client, make_actor, officer, pending, library
):
    make_resource(collection=library["public"], title="Approved top-ups guide", text="top-ups")
    urls = [
        reverse("resources:library"),
        reverse("resources:library") + "?organisation=" + str(officer.organisation.pk),
        f"/search/?q={CANARY}",
        "/search/?q=top-ups",
        f"/api/search/?q={CANARY}",
        "/api/search/?q=top-ups",
        f"/search/suggest/?q={CANARY[:5]}",
        "/api/v2/documents/",
        f"/api/v2/documents/?search={CANARY}",
        "/tags/marrowfinch-tag/",
        "/sitemap.xml",
        "/feeds/news/",
        "/",
    ]
    for outsider in _outsiders(make_actor, officer):
        client.logout()
        if outsider is not None:
            client.force_login(outsider)
        for url in urls:
            # The query itself is echoed back; the document's title and address never are.
            content = client.get(url).content.decode()
            assert f"{CANARY} top-up plan" not in content, (url, outsider)
            assert f"/resources/{pending.pk}/" not in content, (url, outsider)
            assert "marrowfinch-tag" not in content.replace("/tags/marrowfinch-tag/", "")
        facets = client.get("/api/search/?q=top-ups").json()
        assert facets["total"] == 1
        assert [f["count"] for f in facets["facets"]["kind"]] == [1]
    assert selectors.latest_resources(user=None, limit=10)[0].title == "Approved top-ups guide"


def test_a_waiting_upload_stays_out_of_the_archive(pending, tmp_path, settings):
    target = tmp_path / "pack"
    call_command("export_archive", str(target), stdout=io.StringIO())
    for path in Path(target).rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path


# --- The programme team's queue --------------------------------------------------------------


@pytest.mark.parametrize("actor", ["trailblazer", "council_member", "evaluator"])
def test_only_the_programme_team_reviews(client, make_actor, pending, actor):
    client.force_login(make_actor(actor))
    assert client.get(QUEUE).status_code == 403
    assert decide(client, pending, "approve").status_code == 403
    pending.refresh_from_db()
    assert pending.review_status == Resource.Review.PENDING


def test_anonymous_is_asked_to_sign_in_for_the_queue(client, pending):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_queue_lists_waiting_uploads_in_bounded_queries(
    client, editor, library, officer, django_assert_max_num_queries
):
    for number in range(8):
        make_resource(
            collection=library["public"],
            title=f"Waiting {number}",
            user=officer,
            review_status=Resource.Review.PENDING,
        )
    make_resource(collection=library["public"], title="Already approved")
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    text = response.content.decode()
    assert "8 documents waiting" in text
    assert "Waiting 7" in text
    assert "Already approved" not in text


def test_approval_publishes_everywhere_and_emails_the_uploader(
    client, editor, officer, pending, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    detail = client.get(reverse("resources:detail", args=[pending.pk])).content.decode()
    assert "Check this document" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, pending, "approve")
        again = decide(client, pending, "approve")
    assert response.status_code == 302
    assert again.status_code == 302
    pending.refresh_from_db()
    assert (pending.review_status, pending.reviewed_by) == ("approved", editor)
    assert len(smtp_inbox) == 1
    assert smtp_inbox[0]["X-RcptTo"] == officer.email
    assert "is now in the library" in str(make_header(decode_header(smtp_inbox[0]["Subject"])))
    client.logout()
    assert client.get(reverse("resources:detail", args=[pending.pk])).status_code == 200
    assert client.get(f"/api/search/?q={CANARY}").json()["total"] == 1


def test_turning_down_needs_a_reason_which_the_uploader_is_sent(
    client, editor, officer, pending, smtp_inbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    refused = decide(client, pending, "reject")
    assert refused.status_code == 400
    assert "Say why the document is not being added." in refused.content.decode()
    assert decide(client, pending, "").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, pending, "reject", reason="It names a resident. Please remove the name.")
    pending.refresh_from_db()
    assert pending.review_status == Resource.Review.REJECTED
    assert len(smtp_inbox) == 1
    assert "It names a resident" in smtp_inbox[0].get_payload()
    client.logout()
    assert client.get(reverse("resources:detail", args=[pending.pk])).status_code == 404
    assert client.get(f"/api/search/?q={CANARY}").json()["total"] == 0
    client.force_login(officer)
    page = client.get(reverse("resources:detail", args=[pending.pk])).content.decode()
    assert "Not accepted" in page
    assert "It names a resident" in page


def test_the_team_sees_waiting_uploads_in_the_library(client, editor, pending):
    client.force_login(editor)
    page = client.get(reverse("resources:library")).content.decode()
    assert f"{CANARY} top-up plan" in page
    assert "Waiting for review" in page
    assert reverse("resources:review_queue") in page
