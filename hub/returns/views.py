"""The returns desk at /returns/: evaluators' rounds and the sites' own returns.

Every view here answers ``private, no-store`` and asks ``selectors`` who may see what; a return
the person may not open is a 404, whatever part of it they asked for.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from hub.accounts import access
from hub.accounts.decorators import signed_in_and
from resources.extraction.filetypes import Rejected
from resources.forms import CappedUploadHandler
from resources.views import FILE_CSP

from . import exports, selectors, services
from .forms import QuestionFormSet, RoundForm, answer_form_class, initial_from
from .models import ReturnFile, ReturnRevision


def returns_view(view):
    """Signed in as an evaluator or a trailblazer site's staff; never cached by anyone."""

    @signed_in_and(
        selectors.may_use_returns,
        message="Returns are for the evaluators and the trailblazer sites' staff.",
    )
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access.mark_private(request)
        return view(request, *args, **kwargs)

    return wrapper


def _evaluators_only(request):
    if not selectors.is_evaluator(request.user):
        raise Http404("No such page.")


@returns_view
def index(request):
    if selectors.is_evaluator(request.user):
        rounds = list(selectors.rounds_for_evaluator())
        return TemplateResponse(request, "returns/index_evaluators.html", {"rounds": rounds})
    site = selectors.site_of(request.user)
    rounds = selectors.rounds_for_site(site)
    return TemplateResponse(request, "returns/index_site.html", {"rounds": rounds, "site": site})


# --- Rounds (evaluators) --------------------------------------------------------------------


@returns_view
def round_new(request):
    _evaluators_only(request)
    return _round_edit(request, None)


@returns_view
def round_edit(request, pk):
    _evaluators_only(request)
    return _round_edit(request, selectors.round_for(request.user, pk))


def _round_edit(request, round_):
    # Once a round is open its questions are fixed: answers already refer to them.
    editable_questions = round_ is None or not round_.is_open
    data = request.POST if request.method == "POST" else None
    form = RoundForm(data, instance=round_)
    questions = (
        QuestionFormSet(data, instance=round_, prefix="questions") if editable_questions else None
    )
    status = 200
    if data is not None:
        if form.is_valid() and (questions is None or questions.is_valid()):
            saved = services.round_save(form=form, questions=questions, user=request.user)
            messages.success(request, f"“{saved.title}” was saved.")
            return redirect("returns:round", saved.pk)
        status = 400
    context = {"form": form, "questions": questions, "round": round_}
    return TemplateResponse(request, "returns/round_form.html", context, status=status)


@require_POST
@returns_view
def round_open(request, pk):
    _evaluators_only(request)
    round_ = selectors.round_for(request.user, pk)
    if not round_.sites.exists() or not selectors.questions_of(round_):
        messages.error(request, "Choose the sites and add questions before sending the round.")
    elif services.round_open(round_=round_):
        messages.success(request, f"“{round_.title}” was sent to its sites.")
    else:
        messages.info(request, "This round was already open.")
    return redirect("returns:round", round_.pk)


@returns_view
def round_detail(request, pk):
    round_ = selectors.round_for(request.user, pk)
    if not selectors.is_evaluator(request.user):
        return redirect("returns:site_return", round_.pk, selectors.site_of(request.user).pk)
    questions = selectors.questions_of(round_)
    rows = selectors.site_rows(round_)
    preview = services.summary_of(round_, questions, selectors.latest_revisions(round_))
    context = {"round": round_, "questions": questions, "rows": rows, "preview": preview}
    return TemplateResponse(request, "returns/round_detail.html", context)


@require_POST
@returns_view
def summary_publish(request, pk):
    _evaluators_only(request)
    round_ = selectors.round_for(request.user, pk)
    services.summary_publish(
        round_=round_,
        questions=selectors.questions_of(round_),
        latest=selectors.latest_revisions(round_),
    )
    messages.success(request, "The summary was published to the sites.")
    return redirect("returns:round", round_.pk)


@require_POST
@returns_view
def chase(request, pk, site_id):
    _evaluators_only(request)
    round_ = selectors.round_for(request.user, pk)
    site = selectors.site_for(request.user, round_, site_id)
    try:
        sent = services.chase(round_=round_, site=site, by=request.user)
    except services.Refused as error:
        messages.error(request, str(error))
    else:
        people = f"{sent} {'person' if sent == 1 else 'people'}"
        messages.success(request, f"{site.name} was chased: an email went to {people}.")
    return redirect("returns:round", round_.pk)


@returns_view
def export_csv(request, pk):
    _evaluators_only(request)
    round_ = selectors.round_for(request.user, pk)
    return exports.csv_response(round_)


@returns_view
def export_files(request, pk):
    _evaluators_only(request)
    round_ = selectors.round_for(request.user, pk)
    return exports.zip_response(round_)


# --- One site's return ----------------------------------------------------------------------


def _with_capped_uploads(view):
    """The document upload's size cap, installed before CSRF checking reads the body."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers = [CappedUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return wrapper


@_with_capped_uploads
@returns_view
def site_return(request, pk, site_id):
    round_ = selectors.round_for(request.user, pk)
    site = selectors.site_for(request.user, round_, site_id)
    questions = selectors.questions_of(round_)
    site_return = selectors.return_of(round_, site)
    revisions = selectors.revisions_of(site_return)
    context = {
        "round": round_,
        "site": site,
        "questions": questions,
        "site_return": site_return,
        "revisions": revisions,
        "latest": revisions[0] if revisions else None,
        "status_label": selectors.STATUS_LABELS[selectors.status_of(round_, site_return)],
        "may_submit": services.may_submit(round_),
    }
    own = selectors.site_of(request.user)
    if own is None or own.pk != site.pk:  # an evaluator reads; only the site writes
        context["answers"] = _answer_rows(questions, context["latest"])
        return TemplateResponse(request, "returns/site_return.html", context)
    return _answer(request, context)


def _answer(request, context):
    round_, site, questions = context["round"], context["site"], context["questions"]
    site_return = context["site_return"]
    base = services.base_answers(site_return)
    kept = services.kept_files(base)
    form_class = answer_form_class(questions)
    status = 200
    if request.method == "POST":
        submitting = "submit" in request.POST
        late_refused = submitting and not services.may_submit(round_)
        # A submission the round no longer takes is kept as a draft, so nothing typed is lost.
        form = form_class(
            request.POST,
            request.FILES,
            submitting=submitting and not late_refused,
            kept_files=kept,
        )
        form.handler = request.upload_handlers[0]
        based_on = _int(request.POST.get("based_on"))
        if late_refused and form.is_valid():
            services.draft_save(
                round_=round_, site=site, form=form, questions=questions, user=request.user
            )
            messages.error(
                request,
                "The due date has passed and the evaluators do not accept late returns for "
                "this round, so it was not submitted. Your answers are kept as a draft; "
                "contact the evaluators.",
            )
            return redirect("returns:site_return", round_.pk, site.pk)
        elif form.is_valid():
            try:
                if submitting:
                    revision = services.submit(
                        round_=round_,
                        site=site,
                        form=form,
                        questions=questions,
                        user=request.user,
                        based_on=based_on,
                    )
                    messages.success(
                        request, f"Your return was submitted (revision {revision.number})."
                    )
                else:
                    services.draft_save(
                        round_=round_, site=site, form=form, questions=questions, user=request.user
                    )
                    messages.success(request, "Your draft was saved. It is not submitted yet.")
                return redirect("returns:site_return", round_.pk, site.pk)
            except services.Refused as error:
                messages.error(request, str(error))
                return redirect("returns:site_return", round_.pk, site.pk)
            except Rejected as error:
                form.add_error(None, str(error))
                status = 400
        else:
            status = 413 if form.handler.too_large else 400
    else:
        form = form_class(initial=initial_from(base, questions), kept_files=kept)
    context.update(
        form=form,
        based_on=site_return.revision_count if site_return else 0,
        kept=kept,
        answers=_answer_rows(questions, context["latest"]),
    )
    return TemplateResponse(request, "returns/site_return.html", context, status=status)


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def _answer_rows(questions, revision):
    """(question, answer) pairs of a revision, for reading."""
    if revision is None:
        return []
    return [(q, revision.answers.get(q.clean_name, "")) for q in questions]


@returns_view
def revision(request, pk, site_id, number):
    round_ = selectors.round_for(request.user, pk)
    site = selectors.site_for(request.user, round_, site_id)
    found = (
        ReturnRevision.objects.filter(
            site_return__round=round_, site_return__organisation=site, number=number
        )
        .select_related("submitted_by")
        .first()
    )
    if found is None:
        raise Http404("No such revision.")
    questions = selectors.questions_of(round_)
    context = {
        "round": round_,
        "site": site,
        "revision": found,
        "answers": _answer_rows(questions, found),
    }
    return TemplateResponse(request, "returns/revision.html", context)


@returns_view
def download(request, pk, site_id, file_id):
    round_ = selectors.round_for(request.user, pk)
    site = selectors.site_for(request.user, round_, site_id)
    stored = ReturnFile.objects.filter(
        pk=file_id, site_return__round=round_, site_return__organisation=site
    ).first()
    if stored is None:
        raise Http404("No such file.")
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(handle, content_type=stored.content_type)
    # Always a download, never shown on the hub's origin; as document downloads are.
    response["Content-Disposition"] = content_disposition_header(True, stored.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    return response
