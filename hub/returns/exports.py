"""The evaluators' exports of a round: a CSV of the latest answers and a zip of the files."""

from __future__ import annotations

import csv
import logging
import tempfile
import zipfile
from decimal import Decimal, InvalidOperation

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from resources.extraction.filetypes import clean_filename

from . import selectors
from .models import ReturnFile

logger = logging.getLogger(__name__)


def _cell(value):
    # An answer that starts like a formula must stay text in a spreadsheet; a number, negative
    # or not, stays a number.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            Decimal(value)
        except InvalidOperation:
            return "'" + value
    return value


def _answer_text(value):
    if isinstance(value, dict):
        return value.get("name", "")
    return value or ""


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _stem(round_):
    return slugify(round_.title)[:60] or "return"


def csv_rows(round_):
    """Header, then one row per site the round goes to: its latest submitted answers."""
    questions = selectors.questions_of(round_)
    latest = selectors.latest_revisions(round_)
    yield ["Site", "Status", "Revision", "Submitted at", "Late", *[q.label for q in questions]]
    for row in selectors.site_rows(round_):
        revision = latest.get(row.organisation.pk)
        answers = revision.answers if revision else {}
        yield [
            row.organisation.name,
            row.status_label,
            revision.number if revision else "",
            timezone.localtime(revision.submitted_at).strftime("%Y-%m-%d %H:%M")
            if revision
            else "",
            ("yes" if revision.is_late else "no") if revision else "",
            *[_answer_text(answers.get(q.clean_name)) for q in questions],
        ]


def csv_response(round_):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_stem(round_)}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    for row in csv_rows(round_):
        writer.writerow([_cell(value) for value in row])
    return response


def zip_files(round_):
    """(name in the zip, stored file) for every file in the sites' latest revisions."""
    wanted = {}
    for organisation_id, revision in selectors.latest_revisions(round_).items():
        for question, value in revision.answers.items():
            if isinstance(value, dict) and "file" in value:
                wanted[value["file"]] = (organisation_id, question)
    files = ReturnFile.objects.filter(pk__in=wanted, site_return__round=round_).select_related(
        "site_return__organisation"
    )
    for stored in files:
        site = stored.site_return.organisation
        folder = slugify(site.name)[:60] or f"site-{site.pk}"
        question = slugify(stored.question)[:60] or "answer"
        yield f"{folder}/{question}-{clean_filename(stored.filename)}", stored


def zip_response(round_):
    """The files as one zip, written to a temporary file (never held in memory) and streamed."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        seen = set()
        for name, stored in zip_files(round_):
            while name in seen:
                name = f"{stored.pk}-{name}"
            seen.add(name)
            try:
                source = stored.file.open("rb")
            except FileNotFoundError:
                # Gone from the disk (a restore without the files): the rest still come.
                logger.warning("Return file %s is missing from storage", stored.pk)
                continue
            with source, archive.open(name, "w") as target:
                for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                    target.write(chunk)
    spool.seek(0)
    response = FileResponse(
        spool,
        as_attachment=True,
        filename=f"{_stem(round_)}-files.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
