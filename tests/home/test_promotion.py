"""The programme team makes a public copy of a restricted page, document or solved thread,
leaving passages out; the original is untouched, the left-out words are never public, and the
record of what was left out is the programme team's alone."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import BaseViewRestriction, PageViewRestriction, Revision

from discussions import services as discussions
from home.models import PromotedIndexPage, PromotedPage, Promotion, StandardPage
from hub.accounts import roles
from tests.factories import UserFactory
from tests.factories import pages as make
from tests.factories.discussions import make_reply, make_thread
from tests.factories.pages import restrict
from tests.factories.resources import collection, make_resource
from tests.home.promotion_helpers import CANARY, KEPT, STEERING, steering_paper
from tests.privacy import ACTOR_ROLES


@pytest.fixture
def paper(db):
    return steering_paper()


@pytest.fixture
def editor(db):
    return UserFactory(roles=[roles.PROGRAMME_TEAM])


def screen_url(kind, pk):
    return reverse("promote", args=[kind, pk])


def open_screen(client, kind, pk):
    """GET the screen; return the response and the form data it offers."""
    response = client.get(screen_url(kind, pk))
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() for name in ("title", "summary", "token", "fingerprint")}
    return response, {k: v or "" for k, v in data.items()}


def canary_key(response):
    return next(p.key for p in response.context["passages"] if CANARY in p.text)


def promote_paper(client, paper, **changes):
    response, data = open_screen(client, "page", paper.pk)
    data.update(remove=[canary_key(response)], **changes)
    return client.post(screen_url("page", paper.pk), data)


# --- The screen -----------------------------------------------------------------------------


def test_the_screen_shows_each_passage_with_a_labelled_checkbox(client, editor, paper):
    client.force_login(editor)
    response, data = open_screen(client, "page", paper.pk)
    html = response.text
    passages = response.context["passages"]
    # The heading, the kept paragraph, the canary paragraph, the links paragraph, the quote.
    assert [p.label.split(" (")[0] for p in passages] == [
        "Heading",
        "Paragraph",
        "Paragraph",
        "Paragraph",
        "Quote",
    ]
    for passage in passages:
        assert (
            f'<label class="govuk-label govuk-checkboxes__label" for="remove-{passage.key}">'
            in html
        )
        assert f'id="remove-{passage.key}" aria-describedby="passage-{passage.key}"' in html
    assert data["title"] == paper.title
    assert data["summary"] == paper.summary
    assert response["Cache-Control"].startswith("private")


def test_the_screen_stays_within_its_query_budget(
    client, editor, paper, django_assert_max_num_queries
):
    client.force_login(editor)
    client.get(screen_url("page", paper.pk))  # the session and the cached groups, once
    with django_assert_max_num_queries(12):
        assert client.get(screen_url("page", paper.pk)).status_code == 200


def test_the_button_shows_for_the_programme_team_on_restricted_items_only(client, editor, paper):
    public = make.standard("About the programme")
    client.force_login(editor)
    assert "Make a public copy" in client.get(paper.url).text
    assert "Make a public copy" not in client.get(public.url).text
    client.force_login(UserFactory(roles=[roles.STEERING_GROUP]))
    assert "Make a public copy" not in client.get(paper.url).text


# --- Making the copy ------------------------------------------------------------------------


def test_the_copy_is_public_holds_only_kept_passages_and_links_to_nothing_private(
    client, editor, paper
):
    revisions = Revision.objects.for_instance(paper).count()
    body = list(paper.body.raw_data)
    client.force_login(editor)
    response = promote_paper(client, paper, title="The rollout timetable")
    promotion = Promotion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("promotion", args=[promotion.pk])

    copy = promotion.copy
    assert copy.live and copy.title == "The rollout timetable"
    assert isinstance(copy.get_parent().specific, PromotedIndexPage)
    client.logout()
    html = client.get(copy.url).text
    assert KEPT in html and "It can work." in html
    assert CANARY not in html
    # The passage with the links was removed with the canary; check the link rules directly.
    assert "Rollout timetable" in html

    # The original: the same body, no new revision, still restricted.
    paper.refresh_from_db()
    assert list(paper.body.raw_data) == body
    assert Revision.objects.for_instance(paper).count() == revisions
    assert PageViewRestriction.objects.filter(page=paper.get_parent()).exists()
    assert client.get(paper.url).status_code in (302, 403, 404)

    assert promotion.promoted_by == editor
    assert promotion.source_type == ContentType.objects.get_for_model(StandardPage)
    assert promotion.source_id == paper.pk
    assert promotion.kept_count == 4
    assert [CANARY in r["text"] for r in promotion.removed] == [True]


def test_links_to_private_pages_become_plain_words_and_public_links_stay(client, editor, paper):
    client.force_login(editor)
    response, data = open_screen(client, "page", paper.pk)
    # Remove the canary passage only: the links passage is the next one, kept.
    data["remove"] = [canary_key(response)]
    client.post(screen_url("page", paper.pk), data)
    copy = Promotion.objects.get().copy
    client.logout()
    html = client.get(copy.url).text
    minutes = StandardPage.objects.get(title="Minutes of the last meeting")
    guide = StandardPage.objects.get(title="A public guide to direct payments")
    assert "the minutes" in html
    assert f'href="{minutes.url}"' not in html
    assert f'<a href="{guide.url}">the public guide</a>' in html
    assert '<a href="https://www.gov.uk/care-act">the Act</a>' in html
    assert f'id="{minutes.pk}"' not in json.dumps(list(copy.body.raw_data))


def search_hits(client, words):
    return [hit["url"] for hit in client.get("/api/search/", {"q": words}).json()["hits"]]


def test_removed_words_are_never_found_and_kept_ones_are(client, editor, paper):
    client.force_login(editor)
    promote_paper(client, paper)
    copy = Promotion.objects.get().copy
    client.logout()
    # Searched in lower case: the page echoes the query, the stored text is capitalised.
    html = client.get("/search/", {"q": CANARY.lower()}).text
    assert CANARY not in html and copy.url not in html
    assert search_hits(client, CANARY.lower()) == []
    suggestions = client.get("/search/suggest/", {"q": CANARY[:5].lower()}).json()
    assert CANARY.lower() not in json.dumps(suggestions["suggestions"]).lower()

    assert search_hits(client, "residents choose their own home") == [copy.url]
    html = client.get("/search/", {"q": "residents choose their own home"}).text
    assert copy.url in html and CANARY not in html


def test_removed_words_are_absent_from_feeds_sitemap_and_pages_api(client, editor, paper):
    client.force_login(editor)
    promote_paper(client, paper)
    copy = Promotion.objects.get().copy
    client.logout()
    sitemap = client.get("/sitemap.xml").text
    assert copy.full_url in sitemap
    for url in (
        "/sitemap.xml",
        "/feeds/news/",
        "/feeds/guidance/",
        "/feeds/events/",
        f"/api/v2/pages/{copy.pk}/",
        "/api/v2/pages/?limit=50",
        f"/api/v2/pages/?search={CANARY}",
        "/api/v2/pages/?type=home.PromotedPage&fields=*",
        copy.get_parent().url,
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        assert CANARY not in response.text, url
    found = json.loads(client.get(f"/api/v2/pages/?search={CANARY}").text)
    assert found["meta"]["total_count"] == 0


def test_the_original_is_still_found_by_its_own_group(client, editor, paper):
    client.force_login(editor)
    promote_paper(client, paper)
    client.force_login(UserFactory(roles=[roles.STEERING_GROUP]))
    hits = client.get(f"/api/search/?q={CANARY}").json()["hits"]
    assert [hit["url"] for hit in hits] == [paper.url]


# --- Bad input ------------------------------------------------------------------------------


def test_removing_every_passage_is_refused_and_stores_nothing(client, editor, paper):
    client.force_login(editor)
    response, data = open_screen(client, "page", paper.pk)
    # Every passage but the heading: a copy of a heading alone is empty too.
    data["remove"] = [p.key for p in response.context["passages"] if not p.is_heading]
    response = client.post(screen_url("page", paper.pk), data)
    assert response.status_code == 400
    assert "You have removed every passage" in response.text
    assert "checked" in response.text  # the choices made are kept
    assert not Promotion.objects.exists()
    assert not PromotedPage.objects.exists()


def test_a_double_submit_makes_one_copy(client, editor, paper):
    client.force_login(editor)
    response, data = open_screen(client, "page", paper.pk)
    data["remove"] = [canary_key(response)]
    first = client.post(screen_url("page", paper.pk), data)
    second = client.post(screen_url("page", paper.pk), data, follow=True)
    assert first.status_code == 302
    assert PromotedPage.objects.count() == 1 and Promotion.objects.count() == 1
    assert "already sent" in second.text
    assert second.redirect_chain[-1][0] == first["Location"]


def test_text_changed_since_the_screen_opened_is_refused(client, editor, paper):
    client.force_login(editor)
    response, data = open_screen(client, "page", paper.pk)
    data["remove"] = [canary_key(response)]
    data["fingerprint"] = "0" * 32
    response = client.post(screen_url("page", paper.pk), data)
    assert response.status_code == 400
    assert "The text changed while you were choosing" in response.text
    assert not Promotion.objects.exists()


def test_an_unknown_passage_or_a_missing_title_is_a_clear_error(client, editor, paper):
    client.force_login(editor)
    response, data = open_screen(client, "page", paper.pk)
    data.update(remove=["999"], title="")
    response = client.post(screen_url("page", paper.pk), data)
    assert response.status_code == 400
    assert "Enter title of the public copy." in response.text
    assert not Promotion.objects.exists()


def test_an_item_already_public_gets_a_clear_message(client, editor):
    public = make.standard("About the programme")
    client.force_login(editor)
    response = client.get(screen_url("page", public.pk))
    assert response.status_code == 200
    assert "This is public already" in response.text
    response = client.post(screen_url("page", public.pk), {"title": "x", "token": "x"})
    assert response.status_code == 400
    assert not Promotion.objects.exists()


def test_an_unknown_kind_or_item_is_not_found(client, editor, paper):
    client.force_login(editor)
    assert client.get(reverse("promote", args=["snippet", paper.pk])).status_code == 404
    assert client.get(screen_url("page", 999999)).status_code == 404


OUTSIDERS = [name for name in ACTOR_ROLES if name not in ("programme_team", "superuser")]


@pytest.mark.parametrize("actor_name", OUTSIDERS)
def test_nobody_else_can_open_or_send_the_screen(client, make_actor, paper, actor_name, settings):
    actor = make_actor(actor_name)
    if actor:
        client.force_login(actor)
    signed_in = actor is not None and actor.is_active
    for response in (
        client.get(screen_url("page", paper.pk)),
        client.post(screen_url("page", paper.pk), {"title": "Copy", "remove": []}),
    ):
        if not signed_in:  # an inactive account's session does not count
            assert response.status_code == 302
            assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        else:
            assert response.status_code == 404
    assert not PromotedPage.objects.exists()


def test_the_team_cannot_promote_what_it_cannot_see(client, editor):
    evaluation = make.standard("Evaluators' working papers")
    restrict(evaluation, BaseViewRestriction.GROUPS, groups=[roles.EVALUATORS])
    client.force_login(editor)
    assert client.get(screen_url("page", evaluation.pk)).status_code == 404


# --- Documents and threads ------------------------------------------------------------------


def test_a_document_copy_is_its_kept_text_never_its_file(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    shelf = collection("Steering papers", restriction="groups", groups=STEERING)
    resource = make_resource(
        collection=shelf,
        title="Funding options paper",
        description="Options for funding the rollout.",
        text=f"Option one is a grant.\n\nOption two uses the {CANARY} reserve.\n\nWe chose one.",
    )
    client.force_login(editor)
    assert "Make a public copy" in client.get(reverse("resources:detail", args=[resource.pk])).text
    response, data = open_screen(client, "document", resource.pk)
    assert "its file is not made public" in response.text
    assert [p.text for p in response.context["passages"]][0] == "Options for funding the rollout."
    data["remove"] = [canary_key(response)]
    assert client.post(screen_url("document", resource.pk), data).status_code == 302
    copy = Promotion.objects.get().copy
    client.logout()
    html = client.get(copy.url).text
    assert "Option one is a grant." in html and "We chose one." in html
    assert CANARY not in html
    assert "The document itself is not published" in html
    assert reverse("resources:download", args=[resource.pk]) not in html
    assert client.get(reverse("resources:detail", args=[resource.pk])).status_code == 404


def test_a_solved_thread_copy_holds_the_question_and_kept_replies(client, editor):
    asker = UserFactory(roles=[roles.STEERING_GROUP])
    thread = make_thread(
        area="steering",
        author=asker,
        title="Can the reserve fund top-ups?",
        body="We wondered whether the reserve can fund top-ups.",
    )
    answer = make_reply(thread=thread, body="Yes, with the section 75 agreement.")
    make_reply(thread=thread, body=f"Ask the {CANARY} panel first.")
    client.force_login(editor)
    response = client.get(screen_url("thread", thread.pk))
    assert "Only a solved discussion" in response.text
    discussions.answer_accept(user=asker, thread=thread, reply=answer)
    assert "Make a public copy" in client.get(thread.get_absolute_url()).text
    response, data = open_screen(client, "thread", thread.pk)
    assert [p.label.split(" (")[0] for p in response.context["passages"]] == [
        "The question",
        "Accepted answer",
        "Reply",
    ]
    data["remove"] = [canary_key(response)]
    client.post(screen_url("thread", thread.pk), data)
    copy = Promotion.objects.get().copy
    client.logout()
    html = client.get(copy.url).text
    assert "the reserve can fund top-ups" in html and "section 75 agreement" in html
    assert CANARY not in html
    assert asker.display_name not in html


def test_a_public_thread_is_already_public(client, editor):
    thread = make_thread(area="public")
    discussions.answer_accept(user=thread.author, thread=thread, reply=make_reply(thread=thread))
    client.force_login(editor)
    assert "This is public already" in client.get(screen_url("thread", thread.pk)).text
    assert "Make a public copy" not in client.get(thread.get_absolute_url()).text


# --- The record -----------------------------------------------------------------------------


def test_the_record_shows_the_team_what_was_removed(client, editor, paper):
    client.force_login(editor)
    promote_paper(client, paper)
    promotion = Promotion.objects.get()
    listing = client.get(reverse("promotions")).text
    assert paper.title in listing and promotion.copy.url in listing
    detail = client.get(reverse("promotion", args=[promotion.pk])).text
    assert f"The {CANARY} budget line is not agreed yet." in detail
    assert editor.display_name in detail


@pytest.mark.parametrize("actor_name", OUTSIDERS)
def test_nobody_else_reads_the_record_through_any_channel(client, make_actor, paper, actor_name):
    editor = UserFactory(roles=[roles.PROGRAMME_TEAM])
    client.force_login(editor)
    promote_paper(client, paper)
    promotion = Promotion.objects.get()
    client.logout()
    actor = make_actor(actor_name)
    if actor:
        client.force_login(actor)
    for url in (reverse("promotions"), reverse("promotion", args=[promotion.pk])):
        response = client.get(url)
        assert response.status_code == (404 if actor and actor.is_active else 302)
        assert CANARY not in response.text
    # Search finds the word only where the original is the actor's to see.
    steering = actor_name == "steering"
    assert search_hits(client, CANARY.lower()) == ([paper.url] if steering else [])
    assert (CANARY in client.get("/search/", {"q": CANARY.lower()}).text) == steering
    assert CANARY not in client.get(promotion.copy.url).text


def test_the_record_outlives_its_source(client, editor, paper):
    client.force_login(editor)
    promote_paper(client, paper)
    paper.delete()
    promotion = Promotion.objects.get()
    assert promotion.source_title == "Direct payments rollout paper"
    assert "Direct payments rollout paper" in client.get(reverse("promotions")).text


def test_the_record_list_costs_the_same_however_long(
    client, editor, paper, django_assert_max_num_queries
):
    client.force_login(editor)
    for _ in range(3):
        promote_paper(client, paper)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("promotions"))
    assert response.text.count('<tr class="govuk-table__row">') == 1 + 3


def test_a_restricted_index_stops_promotion(client, editor, paper):
    client.force_login(editor)
    promote_paper(client, paper)
    index = PromotedIndexPage.objects.get()
    restrict(index, BaseViewRestriction.LOGIN)
    response = promote_paper(client, paper)
    assert response.status_code == 400
    assert "is not public" in response.text
    assert Promotion.objects.count() == 1
    assert Group.objects.filter(name=roles.PROGRAMME_TEAM).exists()


def test_the_admin_offers_the_copy_on_a_restricted_page_and_lists_the_record(client, editor, paper):
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[paper.pk])).text
    assert screen_url("page", paper.pk) in edit
    public = make.standard("About the programme")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[public.pk])).text
    assert screen_url("page", public.pk) not in edit
    assert reverse("promotions") in client.get(reverse("wagtailadmin_home")).text


def test_the_demo_steering_paper_is_shared_without_its_private_paragraph(client, db, settings):
    from django.core.management import call_command

    from home.demo_content import STEERING_CANARY
    from hub.accounts.models import User

    settings.HUB_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=io.StringIO())
    paper = StandardPage.objects.get(slug="rollout-paper")
    client.force_login(User.objects.get(username="editor"))
    response, data = open_screen(client, "page", paper.pk)
    data["remove"] = [p.key for p in response.context["passages"] if STEERING_CANARY in p.text]
    assert len(data["remove"]) == 1
    assert client.post(screen_url("page", paper.pk), data).status_code == 302
    copy = Promotion.objects.get().copy
    client.logout()
    html = client.get(copy.url).text
    assert "A short written agreement between the council" in html
    assert STEERING_CANARY not in html
    assert search_hits(client, STEERING_CANARY.lower()) == []


def test_a_screen_without_its_token_is_out_of_date(client, editor, paper):
    client.force_login(editor)
    response = client.post(screen_url("page", paper.pk), {"title": "A copy", "remove": []})
    assert response.status_code == 400
    assert "This screen is out of date" in response.text
    assert not Promotion.objects.exists()


def test_the_open_archive_holds_the_copy_and_never_the_removed_words(
    client, editor, paper, settings, tmp_path
):
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp_path / "media")
    client.force_login(editor)
    promote_paper(client, paper, title="How the rollout will run")
    pack = tmp_path / "pack"
    call_command("export_archive", str(pack), stdout=io.StringIO(), stderr=io.StringIO())
    texts = [p.read_bytes().decode("utf-8", "replace") for p in pack.rglob("*") if p.is_file()]
    assert any("How the rollout will run" in text and KEPT in text for text in texts)
    assert not any(CANARY.lower() in text.lower() for text in texts)


def test_a_very_long_document_says_only_its_first_passages_can_be_shared(
    client, editor, settings, tmp_path
):
    from home.promotion.passages import MAX_PASSAGES

    settings.MEDIA_ROOT = str(tmp_path)
    shelf = collection("Steering papers", restriction="groups", groups=STEERING)
    text = "\n\n".join(f"Paragraph {n} of the long report." for n in range(MAX_PASSAGES + 50))
    resource = make_resource(collection=shelf, title="Long report", description="", text=text)
    client.force_login(editor)
    response = client.get(screen_url("document", resource.pk))
    assert len(response.context["passages"]) == MAX_PASSAGES
    assert f"The text has {MAX_PASSAGES + 50} passages: only the first {MAX_PASSAGES}" in (
        response.text
    )


def test_an_empty_post_is_sent_back_with_its_reasons(client, editor, paper):
    client.force_login(editor)
    response = client.post(screen_url("page", paper.pk), {})
    assert response.status_code == 400
    assert "Enter title of the public copy." in response.text
    assert "This screen is out of date" in response.text
    assert not Promotion.objects.exists()


def test_a_wildcard_host_setting_still_keeps_links_to_the_hub_out_of_the_copy(db, settings):
    from home.promotion.passages import public_links_only

    settings.ALLOWED_HOSTS = ["*"]
    settings.WAGTAILADMIN_BASE_URL = "https://hub.example"
    html = (
        '<p><a href="https://hub.example/evaluation/interview-notes/">the notes</a> and '
        '<a href="https://www.gov.uk/care-act">the Act</a> &amp; more</p>'
    )
    kept = public_links_only(html)
    assert "interview-notes" not in kept and "the notes" in kept
    assert '<a href="https://www.gov.uk/care-act">the Act</a>' in kept


def test_the_record_keeps_a_removed_passages_words_as_written():
    from home.promotion.passages import plain

    assert plain("<p>Fees &amp; top-ups</p>") == "Fees & top-ups"
