"""Writes to the returns desk: rounds, drafts, submissions, files, chases and the summary."""

from __future__ import annotations

import hashlib
import shutil
import statistics
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from resources.extraction import filetypes

from .models import ReturnEmail, ReturnFile, ReturnRevision, ReturnRound, SiteReturn

# A figure is published only when drawn from at least this many sites' answers.
MIN_SITES = 3
SUMMARY_TYPES = ("number", "radio")


class Refused(Exception):
    """A write that may not happen; the message says why, for the person who tried."""


class AlreadySubmitted(Refused):
    pass


class TooLate(Refused):
    pass


# --- Rounds ---------------------------------------------------------------------------------


def round_save(*, form, questions, user) -> ReturnRound:
    """Save a round and its questions (a new round is created as being prepared)."""
    with transaction.atomic():
        round_ = form.save(commit=False)
        if round_.pk is None:
            round_.created_by = user
        round_.save()
        form.save_m2m()
        if questions is not None:
            _questions_save(questions, round_)
    return round_


def _questions_save(questions, round_):
    deleted = set(questions.deleted_forms)
    # Deleted first: a kept question may take the label (and so the field name) of one removed
    # in the same save.
    for form in deleted:
        if form.instance.pk:
            form.instance.delete()
    number = 0
    for form in questions.forms:
        if form in deleted:
            continue
        if form.instance.pk is None and not form.has_changed():
            continue  # a blank spare row
        question = form.save(commit=False)
        question.round = round_
        question.sort_order = number
        question.clean_name = question.get_field_clean_name()
        question.save()
        number += 1


def round_open(*, round_) -> bool:
    """Send a round to its sites. Returns False if it was already open."""
    return bool(
        ReturnRound.objects.filter(pk=round_.pk, status=ReturnRound.Status.DRAFT).update(
            status=ReturnRound.Status.OPEN, opened_at=timezone.now()
        )
    )


# --- Answers --------------------------------------------------------------------------------


def _digest(path):
    sha256 = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(chunk)
    return sha256.hexdigest()


def file_store(*, site_return, question, path, filename, user) -> ReturnFile:
    """Check and keep an uploaded file (the same content checks as documents), privately."""
    kind = filetypes.detect(path)
    name = filetypes.clean_filename(filename, fallback_extension=sorted(kind.extensions)[0])
    filetypes.check_extension(kind, name)
    kind = filetypes.kind_for_name(kind, name)
    stored = ReturnFile(
        site_return=site_return,
        question=question.clean_name,
        filename=name,
        content_type=kind.content_type,
        checksum=_digest(path),
        uploaded_by=user,
    )
    storage = stored.file.storage
    target = storage.save(stored.file.field.generate_filename(stored, name), ContentFile(b""))
    try:
        with open(path, "rb") as source, storage.open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        stored.file.name = target
        stored.file_size = storage.size(target)
        stored.save()
    except BaseException:
        storage.delete(target)
        raise
    return stored


def _plain(number: Decimal) -> str:
    """20, 2.5, never 2E+1."""
    return format(number.normalize(), "f")


def _value(question, value):
    if value is None:
        return ""
    if question.field_type == "number":
        return _plain(value) if isinstance(value, Decimal) else str(value)
    return str(value).strip() if question.field_type == "multiline" else str(value)


def base_answers(site_return) -> dict:
    """What the form starts from: the draft if there is one, else the latest submission."""
    if site_return is None:
        return {}
    if site_return.draft_saved_at:
        return dict(site_return.draft)
    latest = site_return.revisions.order_by("-number").first()
    return dict(latest.answers) if latest else {}


def kept_files(answers) -> dict:
    return {k: v["name"] for k, v in answers.items() if isinstance(v, dict) and "name" in v}


def _site_return(round_, site):
    try:
        with transaction.atomic():
            return SiteReturn.objects.get_or_create(round=round_, organisation=site)[0]
    except IntegrityError:  # made by a request running at the same moment
        return SiteReturn.objects.get(round=round_, organisation=site)


def _answers(*, form, questions, site_return, user) -> dict:
    answers = base_answers(site_return)
    for question in questions:
        name = question.clean_name
        if question.field_type == "file":
            upload = form.cleaned_data.get(name)
            if upload is not None:
                stored = file_store(
                    site_return=site_return,
                    question=question,
                    path=upload.temporary_file_path(),
                    filename=upload.name,
                    user=user,
                )
                answers[name] = {"file": stored.pk, "name": stored.filename}
        else:
            answers[name] = _value(question, form.cleaned_data.get(name))
    return {q.clean_name: answers[q.clean_name] for q in questions if q.clean_name in answers}


def _file_ids(answers) -> set[int]:
    return {v["file"] for v in answers.values() if isinstance(v, dict) and "file" in v}


def files_tidy(site_return) -> int:
    """Remove files that neither the draft nor any revision names (a draft's file replaced
    before it was submitted); a submitted file is kept for good. Returns how many went."""
    site_return.refresh_from_db(fields=["draft"])
    named = _file_ids(site_return.draft)
    for answers in site_return.revisions.values_list("answers", flat=True):
        named |= _file_ids(answers)
    unnamed = list(site_return.files.exclude(pk__in=named))
    for stored in unnamed:
        name, storage = stored.file.name, stored.file.storage
        stored.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    return len(unnamed)


def draft_save(*, round_, site, form, questions, user) -> SiteReturn:
    site_return = _site_return(round_, site)
    answers = _answers(form=form, questions=questions, site_return=site_return, user=user)
    SiteReturn.objects.filter(pk=site_return.pk).update(
        draft=answers, draft_saved_at=timezone.now(), draft_saved_by=user
    )
    files_tidy(site_return)
    site_return.refresh_from_db()
    return site_return


def may_submit(round_, today=None) -> bool:
    return round_.is_open and (round_.accepts_late or not round_.is_past_due(today))


def submit(*, round_, site, form, questions, user, based_on: int) -> ReturnRevision:
    """Submit the answers as the next revision.

    ``based_on`` is the number of revisions the person saw when they opened the form: if another
    submission came in since (a second tab, a double click) this one is refused, so one intended
    submission never makes two. A refused submission keeps its answers as the draft.
    """
    site_return = _site_return(round_, site)
    answers = _answers(form=form, questions=questions, site_return=site_return, user=user)
    now = timezone.now()
    late = round_.is_past_due(timezone.localdate(now))
    try:
        with transaction.atomic():
            locked = SiteReturn.objects.select_for_update().get(pk=site_return.pk)
            if not round_.is_open:
                raise Refused("This round is not open.")
            if late and not round_.accepts_late:
                raise TooLate(
                    f"The due date ({round_.due_on:%-d %B %Y}) has passed and the evaluators "
                    "do not accept late returns for this round. Your answers are kept as a "
                    "draft; contact the evaluators."
                )
            if locked.revision_count != based_on:
                raise AlreadySubmitted(
                    "This return was already submitted (perhaps from another tab or by a "
                    "colleague), so it was not submitted again. Check the latest revision "
                    "below; to change it, edit and submit a new revision."
                )
            revision = ReturnRevision.objects.create(
                site_return=locked,
                number=based_on + 1,
                answers=answers,
                submitted_by=user,
                submitted_at=now,
                is_late=late,
            )
            SiteReturn.objects.filter(pk=locked.pk).update(
                revision_count=based_on + 1,
                first_submitted_at=locked.first_submitted_at or now,
                last_submitted_at=now,
                draft={},
                draft_saved_at=None,
                draft_saved_by=None,
            )
    except IntegrityError as error:
        raise AlreadySubmitted(
            "This return was just submitted from somewhere else, so it was not submitted again."
        ) from error
    except Refused:
        latest = locked_latest(site_return)
        if latest is None or latest.answers != answers:
            SiteReturn.objects.filter(pk=site_return.pk).update(
                draft=answers, draft_saved_at=now, draft_saved_by=user
            )
        raise
    files_tidy(site_return)
    return revision


def locked_latest(site_return):
    return site_return.revisions.order_by("-number").first()


# --- Chasing --------------------------------------------------------------------------------


def chase(*, round_, site, by, today=None) -> int:
    """Email a site's trailblazer staff about the return now; once a day per site and round."""
    from .reminders import send_to_site

    today = today or timezone.localdate()
    if not round_.is_open:
        raise Refused("This round has not been sent to the sites yet.")
    if SiteReturn.objects.filter(round=round_, organisation=site, revision_count__gt=0).exists():
        raise Refused(f"{site.name} has already submitted its return.")
    try:
        with transaction.atomic():
            record = ReturnEmail.objects.create(
                round=round_,
                organisation=site,
                kind=ReturnEmail.Kind.CHASE,
                sent_on=today,
                sent_by=by,
            )
            record.recipients = send_to_site(round_, site, ReturnEmail.Kind.CHASE)
            record.save(update_fields=["recipients"])
    except IntegrityError as error:
        raise Refused(f"{site.name} was already chased today. Try again tomorrow.") from error
    return record.recipients


# --- The anonymised summary -----------------------------------------------------------------


def _number(text):
    try:
        return Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None


def summary_of(round_, questions, latest) -> dict:
    """Counts and medians over the latest submitted answers; nothing from fewer than three sites.

    Text and file answers are never summarised.
    """
    revisions = list(latest.values())
    result = {"enough_sites": len(revisions) >= MIN_SITES, "questions": []}
    if result["enough_sites"]:
        result["sites"] = len(revisions)
    for question in questions:
        if question.field_type not in SUMMARY_TYPES:
            continue
        given = [r.answers.get(question.clean_name) for r in revisions]
        given = [g for g in given if isinstance(g, str) and g != ""]
        entry = {"label": question.label, "type": question.field_type}
        if question.field_type == "number":
            numbers = [n for n in map(_number, given) if n is not None]
            if len(numbers) >= MIN_SITES:
                entry["count"] = len(numbers)
                entry["median"] = _plain(statistics.median(numbers))
        else:
            answered = [g for g in given if g in question.options]
            if len(answered) >= MIN_SITES:
                entry["count"] = len(answered)
                # A count of one or two would tell a site what one or two others answered:
                # shown as "fewer than three" (None), as small cells are in official figures.
                entry["options"] = [
                    [o, n if n == 0 or n >= MIN_SITES else None]
                    for o, n in ((o, answered.count(o)) for o in question.options)
                ]
        entry["enough"] = "count" in entry
        result["questions"].append(entry)
    return result


def summary_publish(*, round_, questions, latest) -> dict:
    summary = summary_of(round_, questions, latest)
    ReturnRound.objects.filter(pk=round_.pk).update(
        summary=summary, summary_published_at=timezone.now()
    )
    return summary
