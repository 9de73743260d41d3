"""Evaluators define rounds on the site, follow every site's status, chase, export and publish
an anonymised summary."""

import csv
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.returns import selectors, services
from hub.returns.models import ReturnEmail, ReturnFile, ReturnQuestion, ReturnRevision, ReturnRound

from .helpers import answers, make_round, make_site, make_staff

pytestmark = pytest.mark.django_db


def formset(rows, prefix="questions", initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{number}-{key}"] = value
    return data


def round_data(chosen, **overrides):
    return {
        "title": "Spring return",
        "instructions": "Figures for the spring.",
        "due_on": "2030-04-30",
        "sites": [s.pk for s in chosen],
        **overrides,
    }


def submit(client, round_, site, data, based_on=0):
    return client.post(
        reverse("returns:site_return", args=[round_.pk, site.pk]),
        {**data, "submit": "1", "based_on": based_on},
    )


def test_an_evaluator_defines_a_round_with_questions_and_sends_it(client, evaluator, sites):
    client.force_login(evaluator)
    assert client.get(reverse("returns:round_new")).status_code == 200
    rows = [
        {"label": "How many people?", "field_type": "number", "required": "on"},
        {
            "label": "Which stage?",
            "field_type": "radio",
            "choices": "Early\nLate\n",
            "required": "on",
        },
        {"label": "Anything else?", "field_type": "multiline"},
        {"label": "", "field_type": "", "required": "on"},  # a spare row, as the page sends it
    ]
    response = client.post(
        reverse("returns:round_new"), {**round_data(sites.values()), **formset(rows)}
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    round_ = ReturnRound.objects.get()
    assert round_.status == ReturnRound.Status.DRAFT
    assert [q.label for q in selectors.questions_of(round_)] == [
        "How many people?",
        "Which stage?",
        "Anything else?",
    ]
    assert ReturnQuestion.objects.get(field_type="radio").options == ["Early", "Late"]
    client.post(reverse("returns:round_open", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.is_open
    # Open rounds keep their questions: the edit form no longer offers them.
    assert (
        "can no longer change" in client.get(reverse("returns:round_edit", args=[round_.pk])).text
    )


def test_round_editor_refuses_bad_questions_with_clear_messages(client, evaluator, sites):
    client.force_login(evaluator)
    rows = [
        {"label": "Which?", "field_type": "radio", "choices": "Only one"},
        {"label": "Which", "field_type": "number"},
    ]
    response = client.post(
        reverse("returns:round_new"),
        {**round_data(sites.values(), due_on="not a date", sites=[]), **formset(rows)},
    )
    assert response.status_code == 400
    assert "Give at least two options, one a line." in response.text
    assert "Another question has the same wording." in response.text
    assert "Enter a valid date." in response.text
    assert not ReturnRound.objects.exists()
    empty = client.post(reverse("returns:round_new"), {**round_data(sites.values()), **formset([])})
    assert "Add at least one question." in empty.text


def test_only_trailblazer_sites_can_be_chosen(client, evaluator, sites):
    other = make_site("Not a trailblazer (test)")
    other.is_trailblazer = False
    other.save()
    client.force_login(evaluator)
    rows = [{"label": "How many?", "field_type": "number"}]
    response = client.post(reverse("returns:round_new"), {**round_data([other]), **formset(rows)})
    assert response.status_code == 400
    assert not ReturnRound.objects.exists()


def test_the_round_shows_each_sites_status(client, evaluator, round_, sites, staff):
    client.force_login(staff["enfield"])
    submit(client, round_, sites["enfield"], answers())
    client.force_login(evaluator)
    rows = {row.organisation.name: row.status_label for row in selectors.site_rows(round_)}
    assert rows == {"Enfield (test)": "Submitted", "Redbridge (test)": "Not started"}
    page = client.get(reverse("returns:round", args=[round_.pk])).text
    assert "Submitted" in page and "Not started" in page
    detail = client.get(reverse("returns:site_return", args=[round_.pk, sites["enfield"].pk]))
    assert "Care home contracts" in detail.text


def test_chasing_a_site_emails_its_staff_at_most_once_a_day(
    client, evaluator, round_, sites, staff
):
    client.force_login(evaluator)
    chase = reverse("returns:chase", args=[round_.pk, sites["redbridge"].pk])
    first = client.post(chase, follow=True)
    assert "Redbridge (test) was chased: an email went to 1 person." in first.text
    again = client.post(chase, follow=True)
    assert "already chased today" in again.text
    assert len(mail.outbox) == 1
    assert ReturnEmail.objects.filter(kind=ReturnEmail.Kind.CHASE).count() == 1
    # A site that has submitted is not chased.
    client.force_login(staff["enfield"])
    submit(client, round_, sites["enfield"], answers())
    client.force_login(evaluator)
    done = client.post(reverse("returns:chase", args=[round_.pk, sites["enfield"].pk]), follow=True)
    assert "already submitted" in done.text
    assert len(mail.outbox) == 1


def test_csv_has_one_row_per_site_and_the_latest_revision(client, evaluator, round_, sites, staff):
    client.force_login(staff["enfield"])
    submit(client, round_, sites["enfield"], answers(number="12"))
    submit(client, round_, sites["enfield"], answers(number="14", text="=HYPERLINK(1)"), based_on=1)
    client.force_login(evaluator)
    response = client.get(reverse("returns:export_csv", args=[round_.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Site", "Status", "Revision", "Submitted at", "Late"]
    assert rows[0][5:] == [
        "How many direct payments?",
        "How settled is the process?",
        "What got in the way?",
        "Monitoring sheet",
    ]
    by_site = {row[0]: row for row in rows[1:]}
    assert set(by_site) == {"Enfield (test)", "Redbridge (test)"}
    assert by_site["Enfield (test)"][2] == "2"
    assert by_site["Enfield (test)"][5] == "14"
    assert by_site["Enfield (test)"][7] == "'=HYPERLINK(1)"
    assert by_site["Redbridge (test)"][1] == "Not started"


def test_files_zip_has_the_latest_files_under_safe_names(client, evaluator, round_, sites, staff):
    client.force_login(staff["enfield"])
    sheet = SimpleUploadedFile("..\\..\\evil name.csv", b"a,b\n1,2\n")
    submit(client, round_, sites["enfield"], {**answers(), "monitoring_sheet": sheet})
    client.force_login(evaluator)
    response = client.get(reverse("returns:export_files", args=[round_.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert names == ["enfield-test/monitoring_sheet-evil name.csv"]
    assert archive.read(names[0]) == b"a,b\n1,2\n"
    assert all(".." not in name and not name.startswith("/") for name in names)


def test_summary_never_shows_a_figure_from_fewer_than_three_sites(client, evaluator, sites):
    third = make_site("Milton Keynes (test)")
    fourth = make_site("North Lincolnshire (test)")
    everyone = [*sites.values(), third, fourth]
    round_ = make_round(everyone, title="Summary round", optional={"radio"})
    people = {site.pk: make_staff(site) for site in everyone}
    numbers = ["10", "20", "40"]
    for site, number in zip(everyone[:3], numbers, strict=True):
        client.force_login(people[site.pk])
        # Only two sites answer the choice question.
        data = answers(number=number, choice="Settled" if site in everyone[:2] else "")
        data["what_got_in_the_way"] = f"Private words of {site.name}"
        submit(client, round_, site, data)
    client.force_login(evaluator)
    client.post(reverse("returns:summary_publish", args=[round_.pk]))
    round_.refresh_from_db()
    entries = {e["label"]: e for e in round_.summary["questions"]}
    assert entries["How many direct payments?"]["median"] == "20"
    assert entries["How many direct payments?"]["count"] == 3
    assert entries["How settled is the process?"] == {
        "label": "How settled is the process?",
        "type": "radio",
        "enough": False,
    }
    assert "What got in the way?" not in entries and "Monitoring sheet" not in entries
    client.force_login(people[fourth.pk])
    page = client.get(reverse("returns:index")).text
    assert "Median 20" in page
    assert "Fewer than three sites answered." in page
    assert "Private words" not in page
    for name in ("Enfield", "Redbridge", "Milton Keynes"):
        assert name not in page


def test_summary_from_two_sites_has_no_figures_at_all(round_, sites, staff):
    from hub.returns import forms

    questions = selectors.questions_of(round_)
    for name in ("enfield", "redbridge"):
        form = forms.answer_form_class(questions)(answers(), submitting=True)
        assert form.is_valid()
        services.submit(
            round_=round_,
            site=sites[name],
            form=form,
            questions=questions,
            user=staff[name],
            based_on=0,
        )
    summary = services.summary_of(round_, questions, selectors.latest_revisions(round_))
    assert summary["enough_sites"] is False
    assert "sites" not in summary
    assert not any(entry["enough"] for entry in summary["questions"])
    assert all(set(e) == {"label", "type", "enough"} for e in summary["questions"])


def test_evaluators_pages_list_in_a_bounded_number_of_queries(
    client, evaluator, django_assert_max_num_queries
):
    def grow(count):
        for _ in range(count):
            site = make_site(f"Site {len(sites_made)} (test)")
            sites_made.append(site)
            make_staff(site)
        round_.sites.set(sites_made)

    sites_made = []
    round_ = make_round([], title="Bounded round")
    grow(3)
    for number in range(3):
        make_round(sites_made, title=f"Other round {number}")
    client.force_login(evaluator)
    urls = [
        reverse("returns:index"),
        reverse("returns:round", args=[round_.pk]),
        reverse("returns:export_csv", args=[round_.pk]),
    ]
    for url in urls:
        client.get(url)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        counts[url] = len(few)
    grow(27)
    for number in range(27):
        make_round(sites_made, title=f"More round {number}")
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_a_question_may_take_the_label_of_one_removed_in_the_same_save(client, evaluator, sites):
    client.force_login(evaluator)
    rows = [
        {"label": "Alpha", "field_type": "number", "required": "on"},
        {"label": "Beta", "field_type": "number", "required": "on"},
    ]
    client.post(reverse("returns:round_new"), {**round_data(sites.values()), **formset(rows)})
    round_ = ReturnRound.objects.get()
    alpha, beta = selectors.questions_of(round_)
    rows = [
        {"id": alpha.pk, "label": "Beta", "field_type": "number", "required": "on"},
        {"id": beta.pk, "label": "Beta", "field_type": "number", "DELETE": "on"},
    ]
    response = client.post(
        reverse("returns:round_edit", args=[round_.pk]),
        {**round_data(sites.values()), **formset(rows, initial=2)},
    )
    assert response.status_code == 302
    assert [(q.pk, q.label) for q in selectors.questions_of(round_)] == [(alpha.pk, "Beta")]


def test_summary_never_shows_a_choice_made_by_one_or_two_sites(sites):
    everyone = [*sites.values(), make_site("Milton Keynes (test)"), make_site("Wigan (test)")]
    round_ = make_round(everyone, title="Small cells")
    questions = selectors.questions_of(round_)
    choices = ["Settled", "Settled", "Settled", "Not started"]
    latest = {}
    for site, choice in zip(everyone, choices, strict=True):
        revision = ReturnRevision(answers={"how_settled_is_the_process": choice})
        latest[site.pk] = revision
    summary = services.summary_of(round_, questions, latest)
    entry = {e["label"]: e for e in summary["questions"]}["How settled is the process?"]
    counts = dict(entry["options"])
    assert counts["Settled"] == 3
    assert counts["Not started"] is None  # one site: "fewer than three", never 1


def test_csv_keeps_negative_numbers_as_numbers(client, evaluator, round_, sites, staff):
    client.force_login(staff["enfield"])
    submit(client, round_, sites["enfield"], answers(number="-3"))
    client.force_login(evaluator)
    response = client.get(reverse("returns:export_csv", args=[round_.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][5] == "-3" or rows[2][5] == "-3"


def test_files_zip_leaves_out_a_file_missing_from_the_disk(client, evaluator, round_, sites, staff):
    client.force_login(staff["enfield"])
    sheet = SimpleUploadedFile("sheet.csv", b"a,b\n1,2\n")
    submit(client, round_, sites["enfield"], {**answers(), "monitoring_sheet": sheet})
    stored = ReturnFile.objects.get()
    stored.file.storage.delete(stored.file.name)
    client.force_login(evaluator)
    response = client.get(reverse("returns:export_files", args=[round_.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == []
