"""A site's staff open their return, save a draft, submit once, and change it as a revision."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.returns.models import ReturnFile, ReturnRevision, SiteReturn

from .helpers import answers, make_round

pytestmark = pytest.mark.django_db


def url(round_, site):
    return reverse("returns:site_return", args=[round_.pk, site.pk])


def post(client, round_, site, data, *, action="submit", based_on=0, follow=True):
    return client.post(
        url(round_, site), {**data, action: "1", "based_on": based_on}, follow=follow
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_site_sees_its_rounds_with_their_status(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    response = client.get(reverse("returns:index"))
    assert response.status_code == 200
    assert round_.title in response.text
    assert "Not started" in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_a_round_being_prepared_is_not_shown_to_sites(client, sites, staff):
    hidden = make_round(list(sites.values()), opened=False, title="Unsent round")
    client.force_login(staff["enfield"])
    assert "Unsent round" not in client.get(reverse("returns:index")).text
    assert client.get(url(hidden, sites["enfield"])).status_code == 404


def test_a_draft_is_saved_without_the_required_answers(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    response = post(
        client, round_, sites["enfield"], {"what_got_in_the_way": "Half"}, action="draft"
    )
    assert "Your draft was saved. It is not submitted yet." in messages_of(response)
    site_return = SiteReturn.objects.get(round=round_, organisation=sites["enfield"])
    assert site_return.draft["what_got_in_the_way"] == "Half"
    assert site_return.revision_count == 0
    assert "Half" in client.get(url(round_, sites["enfield"])).text
    index = client.get(reverse("returns:index")).text
    assert "Draft" in index


def test_submitting_needs_the_required_answers(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    response = post(client, round_, sites["enfield"], {"what_got_in_the_way": "x"}, follow=False)
    assert response.status_code == 400
    assert "Answer “How many direct payments?”" in response.text
    assert not ReturnRevision.objects.exists()


def test_submit_then_change_makes_revisions_and_keeps_history(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    first = post(client, round_, sites["enfield"], answers())
    assert "Your return was submitted (revision 1)." in messages_of(first)
    second = post(client, round_, sites["enfield"], answers(number="15"), based_on=1)
    assert "Your return was submitted (revision 2)." in messages_of(second)
    revisions = ReturnRevision.objects.order_by("number")
    assert [r.answers["how_many_direct_payments"] for r in revisions] == ["12", "15"]
    page = client.get(url(round_, sites["enfield"])).text
    assert "Revision 1" in page and "Revision 2" in page
    old = client.get(reverse("returns:revision", args=[round_.pk, sites["enfield"].pk, 1]))
    assert old.status_code == 200 and "12" in old.text


def test_a_double_submit_makes_one_submission_and_says_so(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    post(client, round_, sites["enfield"], answers())
    # The second tab (or click) still says it saw no submission.
    again = post(client, round_, sites["enfield"], answers())
    assert any("already submitted" in m for m in messages_of(again))
    assert ReturnRevision.objects.count() == 1
    # Nothing was lost, and the identical answers did not become a stray draft.
    assert SiteReturn.objects.get().draft_saved_at is None


def test_a_second_tab_with_other_answers_keeps_them_as_a_draft(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    post(client, round_, sites["enfield"], answers())
    post(client, round_, sites["enfield"], answers(text="From the other tab"))
    assert ReturnRevision.objects.count() == 1
    assert SiteReturn.objects.get().draft["what_got_in_the_way"] == "From the other tab"


def test_a_late_submission_is_refused_unless_the_round_accepts_them(client, sites, staff):
    strict = make_round([sites["enfield"]], due_in=-1, title="Strict round")
    client.force_login(staff["enfield"])
    response = post(client, strict, sites["enfield"], answers())
    assert any("do not accept late returns" in m for m in messages_of(response))
    assert not ReturnRevision.objects.exists()
    # Nothing typed is lost: the answers wait as a draft.
    assert SiteReturn.objects.get(round=strict).draft["how_many_direct_payments"] == "12"
    assert "Submit the return" not in response.text

    relaxed = make_round([sites["enfield"]], due_in=-1, accepts_late=True, title="Relaxed")
    response = post(client, relaxed, sites["enfield"], answers())
    assert "Your return was submitted (revision 1)." in messages_of(response)
    assert ReturnRevision.objects.get().is_late


def test_a_late_refusal_in_the_service_keeps_the_answers_as_a_draft(round_, sites, staff):
    from hub.returns import forms, selectors, services

    round_.due_on = round_.due_on - datetime.timedelta(days=30)
    round_.save()
    questions = selectors.questions_of(round_)
    form = forms.answer_form_class(questions)(answers(), submitting=True)
    assert form.is_valid(), form.errors
    with pytest.raises(services.TooLate):
        services.submit(
            round_=round_,
            site=sites["enfield"],
            form=form,
            questions=questions,
            user=staff["enfield"],
            based_on=0,
        )
    assert SiteReturn.objects.get().draft["how_many_direct_payments"] == "12"
    assert not ReturnRevision.objects.exists()


def test_a_file_answer_is_checked_like_a_document_upload(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    script = SimpleUploadedFile("sheet.txt", b"#!/bin/sh\nrm -rf /\n")
    response = post(
        client, round_, sites["enfield"], {**answers(), "monitoring_sheet": script}, follow=False
    )
    assert response.status_code == 400
    assert "script" in response.text
    assert not ReturnFile.objects.exists()
    assert not ReturnRevision.objects.exists()


def test_a_file_is_stored_privately_and_served_as_a_sandboxed_attachment(
    client, round_, sites, staff, settings, tmp_path
):
    client.force_login(staff["enfield"])
    sheet = SimpleUploadedFile("../../sheet.csv", b"site,count\nEnfield,12\n")
    post(client, round_, sites["enfield"], {**answers(), "monitoring_sheet": sheet})
    stored = ReturnFile.objects.get()
    assert stored.filename == "sheet.csv"
    path = tmp_path / "returns" / stored.file.name
    assert path.is_file()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("sheet*"))
    response = client.get(
        reverse("returns:download", args=[round_.pk, sites["enfield"].pk, stored.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"site,count\nEnfield,12\n"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    # A new revision without a new file keeps the file it had.
    post(client, round_, sites["enfield"], answers(number="13"), based_on=1)
    latest = ReturnRevision.objects.get(number=2)
    assert latest.answers["monitoring_sheet"]["file"] == stored.pk


def test_a_file_over_the_size_cap_is_refused_with_a_clear_message(
    client, round_, sites, staff, settings
):
    settings.RESOURCES_MAX_UPLOAD_BYTES = 1024
    client.force_login(staff["enfield"])
    big = SimpleUploadedFile("big.txt", b"word " * 4000)
    response = post(
        client, round_, sites["enfield"], {**answers(), "monitoring_sheet": big}, follow=False
    )
    assert response.status_code == 413
    assert "larger than" in response.text
    assert not ReturnRevision.objects.exists()


def test_bad_numbers_and_unknown_choices_get_a_message_not_a_500(client, round_, sites, staff):
    client.force_login(staff["enfield"])
    response = post(
        client,
        round_,
        sites["enfield"],
        answers(number="lots", choice="Something else"),
        follow=False,
    )
    assert response.status_code == 400
    assert "Enter a number." in response.text
    assert "Select a valid choice." in response.text
    nonsense = client.post(url(round_, sites["enfield"]), {"submit": "1", "based_on": "x\x00"})
    assert nonsense.status_code in (302, 400)
    assert not ReturnRevision.objects.exists()


def test_the_form_lists_in_a_bounded_number_of_queries(
    client, sites, staff, django_assert_max_num_queries
):
    for number in range(3):
        make_round(list(sites.values()), title=f"Round {number}")
    client.force_login(staff["enfield"])
    client.get(reverse("returns:index"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("returns:index"))
    counted = len(few)
    for number in range(27):
        make_round(list(sites.values()), title=f"More {number}")
    with django_assert_max_num_queries(counted):
        response = client.get(reverse("returns:index"))
    assert "More 26" in response.text


def test_a_submission_racing_another_is_refused_by_the_database(round_, sites, staff):
    """Two requests that both read "no submission yet": the second to write finds revision 1
    taken (the unique revision number) and is refused, never stored twice."""
    from hub.returns import forms, selectors, services

    questions = selectors.questions_of(round_)
    form = forms.answer_form_class(questions)(answers(), submitting=True)
    assert form.is_valid()
    services.submit(
        round_=round_,
        site=sites["enfield"],
        form=form,
        questions=questions,
        user=staff["enfield"],
        based_on=0,
    )
    # The racing request read the row before the first one updated it.
    SiteReturn.objects.update(revision_count=0)
    with pytest.raises(services.AlreadySubmitted):
        services.submit(
            round_=round_,
            site=sites["enfield"],
            form=form,
            questions=questions,
            user=staff["enfield"],
            based_on=0,
        )
    assert ReturnRevision.objects.count() == 1


def test_a_return_with_many_revisions_costs_the_same_queries(
    client, round_, sites, staff, django_assert_max_num_queries
):
    client.force_login(staff["enfield"])
    for number in range(3):
        post(client, round_, sites["enfield"], answers(number=str(number)), based_on=number)
    page = url(round_, sites["enfield"])
    client.get(page)
    with django_assert_max_num_queries(15) as few:
        client.get(page)
    # Counted now: the connection's query log is a bounded deque the next writes rotate.
    counted = len(few)
    for number in range(3, 30):
        post(client, round_, sites["enfield"], answers(number=str(number)), based_on=number)
    with django_assert_max_num_queries(counted):
        response = client.get(page)
    assert "Revision 30" in response.text


def test_a_draft_file_replaced_before_submitting_is_not_kept(
    client, round_, sites, staff, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(staff["enfield"])
    first = SimpleUploadedFile("first.txt", b"first draft\n")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, round_, sites["enfield"], {"monitoring_sheet": first}, action="draft")
    old = ReturnFile.objects.get()
    old_path = tmp_path / "returns" / old.file.name
    assert old_path.is_file()
    second = SimpleUploadedFile("second.txt", b"second draft\n")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, round_, sites["enfield"], {**answers(), "monitoring_sheet": second})
    assert list(ReturnFile.objects.values_list("filename", flat=True)) == ["second.txt"]
    assert not old_path.exists()
    # A submitted file stays when a later revision replaces it: history keeps it.
    third = SimpleUploadedFile("third.txt", b"third\n")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, round_, sites["enfield"], {**answers(), "monitoring_sheet": third}, based_on=1)
    assert sorted(ReturnFile.objects.values_list("filename", flat=True)) == [
        "second.txt",
        "third.txt",
    ]
