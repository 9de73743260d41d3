import errno
import logging
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from hub import activity
from hub.accounts import access
from hub.accounts.decorators import signed_in_and

from . import previews, selectors, services
from .extraction.filetypes import Rejected
from .forms import (
    CappedUploadHandler,
    LibraryFilterForm,
    ResourceUploadForm,
    ReviewForm,
    VersionUploadForm,
)
from .models import Resource

Review = Resource.Review

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
PREVIEW_CHARS = 1500
# Served files may never run script or load anything, even if a browser renders them.
FILE_CSP = "default-src 'none'; sandbox"


def _refusal_status(form, handler):
    """Why a form was sent back, as a status clients and monitoring can tell apart."""
    if handler.too_large:
        return 413
    if form.has_error("collection", "invalid_choice"):
        return 403
    return 400


def _restricted(request, resource) -> bool:
    """Whether the answer is for some people only: never kept by a shared cache."""
    if access.document_awaits_review(resource):
        return True
    rule = access.collection_rule(resource.collection, access.viewer_for(request.user))
    return rule.is_restricted


def library(request):
    events = selectors.library_events(user=request.user)
    form = LibraryFilterForm(request.GET or None, events=events)
    # A nonsense value drops that one filter (cleaned_data keeps the valid ones), never a 500.
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    chosen = {k: v for k, v in filters.items() if v not in (None, "")}
    resources = selectors.library_list(user=request.user, **chosen)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "resources/library/list.html",
        {
            "form": form,
            "filters_chosen": len(chosen),
            "page_obj": page,
            "can_upload": selectors.can_upload(request.user),
            "is_reviewer": selectors.is_programme_team(request.user),
        },
    )


def _detail_context(request, resource, *, review_form=None):
    user = request.user
    may_manage = user.is_authenticated and (
        resource.uploaded_by_user_id == user.pk or selectors.can_restore(user)
    )
    reviewer = resource.review_status == Review.PENDING and selectors.is_programme_team(user)
    return {
        "resource": resource,
        "preview": resource.extracted_text[:PREVIEW_CHARS],
        "preview_truncated": len(resource.extracted_text) > PREVIEW_CHARS,
        "can_preview": previews.previewable(resource),
        "versions": selectors.resource_versions(resource),
        "used_on": selectors.pages_using(user=user, resource=resource),
        "show_reason": may_manage,
        "can_add_version": selectors.can_add_version(user, resource),
        "can_restore": selectors.can_restore(user),
        "review_form": (review_form or ReviewForm()) if reviewer else None,
        # The programme team can share a restricted document's text (never its file).
        "promote_url": reverse("promote", args=["document", resource.pk])
        if selectors.is_programme_team(user) and _restricted(request, resource)
        else "",
    }


def detail(request, pk):
    resource = selectors.resource_for(user=request.user, pk=pk)
    if _restricted(request, resource):
        access.mark_private(request)
    return TemplateResponse(
        request, "resources/library/detail.html", _detail_context(request, resource)
    )


def serve_file(request, resource, *, file, filename, content_type, checksum):
    """Answer with the file after the caller checked access; nothing here is shared-cacheable."""
    restricted = _restricted(request, resource)
    if restricted:
        access.mark_private(request)
    etag = f'"{checksum}"' if checksum else None
    if etag and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The file is missing.") from error
        response = FileResponse(handle, content_type=content_type)
        # Always a download: a PDF shown inline runs its scripts and forms on the hub's origin.
        response["Content-Disposition"] = content_disposition_header(True, filename)
    if etag:
        response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store" if restricted else "no-cache"
    return response


def serve_resource(request, resource):
    return serve_file(
        request,
        resource,
        file=resource.file,
        filename=resource.download_name,
        content_type=resource.serve_content_type,
        checksum=resource.checksum or resource.file_hash,
    )


def download(request, pk, filename=None):
    # Access is checked before anything else, so a conditional request from someone who may
    # not see the file gets the same 404 as a wrong id, never a 304.
    resource = selectors.resource_for(user=request.user, pk=pk)
    if filename is not None and filename != resource.download_name:
        raise Http404("No such document.")
    response = serve_resource(request, resource)
    _count_download(request, resource, response)
    return response


def _count_download(request, resource, response):
    if response.status_code == 200:  # a 304 is a copy the reader already has
        activity.record(
            user=request.user,
            kind=activity.Kind.DOCUMENT_DOWNLOADED,
            object_key=f"resource:{resource.pk}",
        )


def version_download(request, pk, number):
    resource = selectors.resource_for(user=request.user, pk=pk)
    version = get_object_or_404(resource.versions, number=number)
    response = serve_file(
        request,
        resource,
        file=version.file,
        filename=version.filename,
        content_type=version.content_type,
        checksum=version.checksum,
    )
    _count_download(request, resource, response)
    return response


def preview(request, pk):
    """The first pages of a PDF as images: access checked as for the download it stands for."""
    resource = selectors.resource_for(user=request.user, pk=pk)
    if _restricted(request, resource):
        access.mark_private(request)
    found = previews.preview_for(resource)
    if found is None:
        raise Http404("This document has no page preview.")
    return TemplateResponse(
        request, "resources/library/preview.html", {"resource": resource, "preview": found}
    )


def preview_image(request, pk, number):
    # Access first, as for downloads: someone who may not see the file gets a 404, never a 304.
    resource = selectors.resource_for(user=request.user, pk=pk)
    found = previews.preview_for(resource)
    page = found.page(number) if found is not None else None
    if page is None:
        raise Http404("No such page image.")
    etag = f'"{resource.checksum}-{number}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            with resource.file.storage.open(page.name, "rb") as handle:
                response = HttpResponse(handle.read(), content_type="image/png")
        except FileNotFoundError as error:
            raise Http404("The page image is missing.") from error
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    restricted = _restricted(request, resource)
    response["Cache-Control"] = "private, no-store" if restricted else "no-cache"
    return response


# Storage that cannot take a file: (status, what the uploader is told).
STORAGE_FAULTS = {
    errno.ENOSPC: (507, "The document library is full"),
    errno.EDQUOT: (507, "The document library is full"),
    errno.EROFS: (503, "The document library cannot store files at the moment"),
    errno.EACCES: (503, "The document library cannot store files at the moment"),
    errno.EPERM: (503, "The document library cannot store files at the moment"),
}


def _storage_fault(request, error):
    status, problem = STORAGE_FAULTS[error.errno]
    logger.error("Upload not stored: %s", error)
    return TemplateResponse(
        request, "resources/library/storage_fault.html", {"problem": problem}, status=status
    )


def _with_capped_uploads(view):
    """Install the size-capped upload handler before CSRF checking reads the body, and answer
    a storage that cannot take the file (full, read-only) with a clear page, not a 500.

    The services have already removed any partly written file and rolled back the rows."""
    protected = csrf_protect(view)

    @csrf_exempt
    @signed_in_and(selectors.can_upload)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers = [CappedUploadHandler(request)]
        try:
            return protected(request, *args, **kwargs)
        except OSError as error:
            if error.errno not in STORAGE_FAULTS:
                raise
            return _storage_fault(request, error)

    return wrapper


@_with_capped_uploads
def upload(request):
    choices = selectors.upload_choices(request.user)
    handler = request.upload_handlers[0]
    status = 200
    if request.method == "POST":
        form = ResourceUploadForm(request.POST, request.FILES, choices=choices, handler=handler)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                resource = services.resource_create(
                    path=upload.temporary_file_path(),
                    filename=upload.name,
                    title=data["title"],
                    description=data["description"],
                    kind=data["kind"],
                    collection=data["collection"],
                    organisation=data["organisation"],
                    published_on=data["published_on"],
                    tags=data["tags"],
                    note=data["note"],
                    user=request.user,
                    upload_token=data["token"],
                    review_status=Review.PENDING
                    if selectors.needs_review(user=request.user, collection=data["collection"])
                    else Review.APPROVED,
                )
            except Rejected as error:
                form.add_error("file", str(error))
            else:
                if resource.is_approved:
                    messages.success(request, f"“{resource.title}” was uploaded.")
                else:
                    messages.success(
                        request,
                        f"“{resource.title}” was uploaded. The programme team will check it "
                        "before everyone can see it.",
                    )
                return redirect(resource)
        status = _refusal_status(form, handler)
    else:
        form = ResourceUploadForm(
            choices=choices,
            initial={"token": uuid.uuid4(), "organisation": request.user.organisation_id},
        )
    return TemplateResponse(request, "resources/library/upload.html", {"form": form}, status=status)


@_with_capped_uploads
def add_version(request, pk):
    resource = selectors.resource_for(user=request.user, pk=pk)
    if not selectors.can_add_version(request.user, resource):
        raise PermissionDenied
    handler = request.upload_handlers[0]
    form = VersionUploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None, handler=handler
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.resource_add_version(
                resource=resource,
                path=upload.temporary_file_path(),
                filename=upload.name,
                user=request.user,
                note=form.cleaned_data["note"],
                review=selectors.needs_review(user=request.user, collection=resource.collection),
            )
        except Rejected as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"Version {version.number} is now the current file.")
            return redirect(resource)
    return TemplateResponse(
        request,
        "resources/library/version_form.html",
        {"form": form, "resource": resource},
        status=_refusal_status(form, handler) if request.method == "POST" else 200,
    )


@require_POST
def restore_version(request, pk, number):
    resource = selectors.resource_for(user=request.user, pk=pk)
    if not selectors.can_restore(request.user):
        raise PermissionDenied
    version = get_object_or_404(resource.versions, number=number)
    restored = services.resource_restore_version(
        resource=resource, version=version, user=request.user
    )
    messages.success(
        request, f"Version {version.number} was restored as version {restored.number}."
    )
    return redirect(resource)


# --- Review of uploads for everyone ---------------------------------------------------------


def _reviewer(user) -> bool:
    return selectors.is_programme_team(user)


@signed_in_and(_reviewer)
def review_queue(request):
    """The programme team's list of uploads waiting to be checked before everyone sees them."""
    access.mark_private(request)
    page = Paginator(selectors.review_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "resources/library/review_queue.html", {"page_obj": page})


@require_POST
@signed_in_and(_reviewer)
def review_decide(request, pk):
    resource = selectors.resource_for(user=request.user, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        access.mark_private(request)
        context = _detail_context(request, resource, review_form=form)
        if context["review_form"] is not None:
            return TemplateResponse(request, "resources/library/detail.html", context, status=400)
        form = None  # already decided: say so below
    decided = form is not None and services.resource_review(
        resource=resource,
        by=request.user,
        approve=form.cleaned_data["decision"] == ReviewForm.APPROVE,
        reason=form.cleaned_data["reason"],
    )
    if not decided:
        messages.info(request, f"“{resource.title}” had already been checked.")
    elif form.cleaned_data["decision"] == ReviewForm.APPROVE:
        messages.success(
            request, f"“{resource.title}” is now in the library. The uploader has been emailed."
        )
    else:
        messages.success(
            request, f"“{resource.title}” was not added. The uploader has been emailed why."
        )
    return redirect("resources:review_queue")
