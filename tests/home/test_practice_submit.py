"""Trailblazer staff send in a practice example: a draft in review, seen by nobody else."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from home.models import PracticeExampleIndexPage, PracticeExamplePage
from hub.accounts import roles
from search import registry
from tests.factories import OrganisationFactory, UserFactory
from tests.factories import pages as make

CANARY = "Zephyrwick top-up ledger"


@pytest.fixture
def index(db):
    council = OrganisationFactory(name="Lindenmoor Council", is_trailblazer=True)
    return make.practice("Agreeing top-ups with families", organisation=council).get_parent()


@pytest.fixture
def staff(db):
    return UserFactory(
        roles=[roles.TRAILBLAZER_STAFF],
        organisation=OrganisationFactory(name="Brackenford Council", is_trailblazer=True),
    )


def submit_url(index):
    return index.url + index.reverse_subpage("practice_submit")


def answer(**changes):
    data = {
        "title": CANARY,
        "theme": "top_ups",
        "summary": "How we kept a record of every top-up.",
        "challenge": "Families paid <b>top-ups</b> we could not see.",
        "what_they_did": "We kept one ledger.",
        "outcome": "Fewer disputes.",
        "lessons": "Start early.",
        "contact": "Direct payments lead",
        "organisation": "999",  # not a field: a submitter cannot choose whom to credit
    }
    data.update(changes)
    return data


def test_signed_out_visitors_are_asked_to_sign_in(client, index):
    response = client.get(submit_url(index))
    assert response.status_code == 302
    assert "next=" in response["Location"]


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: UserFactory(roles=[roles.LOCAL_AUTHORITY_MEMBERS]),
        lambda: UserFactory(
            status="pending",
            roles=[roles.TRAILBLAZER_STAFF],
            organisation=OrganisationFactory(is_trailblazer=True),
        ),
        lambda: UserFactory(roles=[roles.TRAILBLAZER_STAFF], organisation=None),
    ],
    ids=["not-staff", "pending", "no-council"],
)
def test_others_are_refused(client, index, make_user):
    client.force_login(make_user())
    assert client.get(submit_url(index)).status_code == 403
    assert client.post(submit_url(index), answer()).status_code == 403
    assert not PracticeExamplePage.objects.filter(title=CANARY).exists()


def test_staff_see_the_form(client, index, staff):
    client.force_login(staff)
    response = client.get(submit_url(index))
    assert response.status_code == 200
    assert "Brackenford Council" in response.text
    assert "Top-ups and third-party payments" in response.text


def test_an_empty_form_names_each_field_and_saves_nothing(client, index, staff):
    client.force_login(staff)
    response = client.post(submit_url(index), {})
    assert response.status_code == 200
    for message in ("Enter title.", "Select theme.", "Enter the challenge.", "Enter outcome."):
        assert message in response.text
    assert "This field is required." not in response.text
    assert PracticeExamplePage.objects.count() == 1


def test_a_submission_is_a_draft_in_review_credited_to_the_own_council(client, index, staff):
    client.force_login(staff)
    response = client.post(submit_url(index), answer(), follow=True)
    assert response.status_code == 200
    assert "Practice example sent" in response.text
    page = PracticeExamplePage.objects.get(title=CANARY)
    assert not page.live
    assert page.get_parent().specific == index
    assert page.owner == staff
    assert page.organisation == staff.organisation
    assert "&lt;b&gt;top-ups&lt;/b&gt;" in page.challenge  # their text, not their markup
    assert page.latest_revision is not None
    workflow = page.get_workflow()
    assert workflow is not None
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == staff


def test_a_double_submit_makes_one_page(client, index, staff):
    client.force_login(staff)
    client.post(submit_url(index), answer())
    client.post(submit_url(index), answer())
    assert PracticeExamplePage.objects.filter(title=CANARY).count() == 1


def test_the_account_page_lists_each_example_with_its_state(client, index, staff):
    client.force_login(staff)
    client.post(submit_url(index), answer())
    client.post(submit_url(index), answer(title="Paying homes on time"))
    published = PracticeExamplePage.objects.get(title="Paying homes on time")
    published.save_revision(user=staff).publish()
    response = client.get(reverse("account:home"))
    assert "My practice examples" in response.text
    assert f'{CANARY} <strong class="govuk-tag govuk-tag--yellow">Waiting for review' in (
        response.text
    )
    assert "Published</strong>" in response.text
    assert published.url in response.text


def test_nobody_else_sees_the_draft_anywhere(client, index, staff):
    client.force_login(staff)
    client.post(submit_url(index), answer())
    page = PracticeExamplePage.objects.get(title=CANARY)
    registry.rebuild()
    client.logout()
    other = UserFactory(roles=[roles.TRAILBLAZER_STAFF])
    for who in (None, other):
        if who is not None:
            client.force_login(who)
        assert client.get(index.url + page.slug + "/").status_code == 404
        for url in (
            index.url,
            reverse("search") + "?q=Zephyrwick",
            reverse("sitemap"),
            "/api/v2/pages/?type=home.PracticeExamplePage&fields=summary",
            f"/api/v2/pages/{page.pk}/",
            "/feeds/tags/top-ups/",
        ):
            response = client.get(url)
            assert CANARY not in response.content.decode(), url
            assert "Zephyrwick" not in response.content.decode() or url.startswith("/search"), url


def test_routing_still_serves_the_index_and_its_examples(client, index):
    assert client.get(index.url).status_code == 200
    child = PracticeExamplePage.objects.get()
    assert client.get(child.url).status_code == 200
    assert isinstance(index, PracticeExampleIndexPage)


def test_the_practice_index_links_to_the_form_for_members_only(client, index, staff):
    link = "Send in a practice example"
    assert link not in client.get(index.url).content.decode()
    client.force_login(staff)
    page = client.get(index.url).content.decode()
    assert link in page and f'href="{index.url}submit/"' in page
