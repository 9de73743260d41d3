"""Writes to the document library: storing files and versions, and reading their text."""

from __future__ import annotations

import hashlib
import logging
import shutil
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .extraction import filetypes, sandbox
from .models import Resource, ResourceVersion
from .signals import resource_text_changed

logger = logging.getLogger(__name__)

Extraction = Resource.Extraction
MAX_ATTEMPTS = 3
# A "running" extraction older than this was interrupted (its worker died); it is queued again.
STALE_AFTER = timedelta(minutes=10)


def _digests(path):
    sha256, sha1 = hashlib.sha256(), hashlib.sha1()  # noqa: S324 - Wagtail's own file_hash
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(chunk)
            sha1.update(chunk)
    return sha256.hexdigest(), sha1.hexdigest()


class _Stored:
    """A checked file saved to storage, removed again if the database write fails."""

    def __init__(self, path, filename):
        self.kind = filetypes.detect(path)
        self.filename = filetypes.clean_filename(
            filename, fallback_extension=sorted(self.kind.extensions)[0]
        )
        filetypes.check_extension(self.kind, self.filename)
        self.kind = filetypes.kind_for_name(self.kind, self.filename)
        self.path = path
        self.checksum, self.sha1 = _digests(path)
        self.size = _size(path)
        self.version = None
        self.name = None
        self.storage = None

    def store_file(self, field):
        """Copy the file into storage once (`_write`: a free name, a partial file removed)."""
        if self.name is None:
            self.name = _write(field, self.path, self.filename)
            self.storage = field.storage
        return self.name

    def save_version(self, resource, *, user, note):
        number = (
            resource.versions.order_by("-number").values_list("number", flat=True).first()
        ) or 0
        version = ResourceVersion(
            resource=resource,
            number=number + 1,
            filename=self.filename,
            file_size=self.size,
            content_type=self.kind.content_type,
            checksum=self.checksum,
            uploaded_by=user,
            note=note,
        )
        version.file.name = self.store_file(version.file)
        self.version = version
        try:
            version.save()
        except BaseException:
            version.file.delete(save=False)
            raise
        return version

    def apply_to(self, resource):
        resource.file.name = self.name
        resource.original_filename = self.filename
        resource.file_size = self.size
        resource.file_hash = self.sha1
        resource.checksum = self.checksum
        resource.content_type = self.kind.content_type


def _write(field_file, path, filename) -> str:
    """Copy the file at ``path`` into storage under a free name; return that name.

    The name is claimed first with an empty file (the storage picks a free one, so an upload
    never overwrites another file), then the bytes are written to it. If writing fails half-way,
    on a full disk say, the part written is certainly ours and is removed.
    """
    storage = field_file.storage
    name = storage.save(
        field_file.field.generate_filename(field_file.instance, filename), ContentFile(b"")
    )
    try:
        with open(path, "rb") as source, storage.open(name, "wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
    except BaseException:
        storage.delete(name)
        raise
    return name


def _size(path):
    with open(path, "rb") as handle:
        return handle.seek(0, 2)


def check_file(path, filename):
    """Raise ``filetypes.Rejected`` with a reason if this file may not be stored."""
    _Stored(path, filename)


def resource_create(
    *,
    path,
    filename,
    title,
    collection,
    user=None,
    description="",
    kind=Resource.Kind.OTHER,
    organisation=None,
    learning_event=None,
    published_on=None,
    published_precision=Resource.DatePrecision.DAY,
    tags=(),
    upload_token=None,
    note="",
    queue_extraction=True,
    retitle=False,
    review_status=Resource.Review.APPROVED,
) -> Resource:
    """Store a new resource from the file at ``path`` (already on local disk) as version 1.

    With an ``upload_token`` a second submit of the same form returns the first resource.
    ``review_status`` pending keeps it from everyone but its uploader and the programme team
    until ``resource_review`` approves it.
    """
    if upload_token:
        existing = Resource.objects.filter(upload_token=upload_token).first()
        if existing is not None:
            return existing
    stored = _Stored(path, filename)
    try:
        with transaction.atomic():
            resource = Resource(
                title=title,
                collection=collection,
                uploaded_by_user=user,
                description=description,
                kind=kind,
                organisation=organisation,
                learning_event=learning_event,
                published_on=published_on,
                published_precision=published_precision,
                upload_token=upload_token,
                extraction_status=Extraction.PENDING,
                review_status=review_status,
            )
            # The file goes to storage first, so the row is saved (and indexed) once; its
            # version row follows, so the admin-upload hook has nothing to record.
            stored.store_file(ResourceVersion(resource=resource).file)
            stored.apply_to(resource)
            resource.version_follows = True
            resource.save()
            stored.save_version(resource, user=user, note=note or "First version")
            if tags:
                resource.tags.set(list(tags))
    except IntegrityError:
        _discard(stored)
        existing = (
            Resource.objects.filter(upload_token=upload_token).first() if upload_token else None
        )
        if existing is None:
            raise
        return existing
    except BaseException:
        _discard(stored)
        raise
    if review_status == Resource.Review.PENDING:
        transaction.on_commit(lambda: _tell_reviewers(resource))
    # A new row is already pending and its search entry written on save: only queueing is left.
    if queue_extraction:
        transaction.on_commit(lambda: extraction_queue(resource.pk, retitle=retitle))
    return resource


def _discard(stored):
    if stored.name:
        stored.storage.delete(stored.name)


def resource_add_version(
    *, resource, path, filename, user, note="", review=False
) -> ResourceVersion:
    """Upload a new file for a resource: same id, same address, the old file kept in history.

    With ``review`` the document goes back to the programme team's queue: a new file is new
    content, whatever the old one said.
    """
    stored = _Stored(path, filename)
    try:
        with transaction.atomic():
            resource = Resource.objects.select_for_update().get(pk=resource.pk)
            version = stored.save_version(resource, user=user, note=note)
            stored.apply_to(resource)
            if review:
                resource.review_status = Resource.Review.PENDING
                resource.reviewed_by, resource.reviewed_at, resource.review_reason = None, None, ""
            resource.save()
    except BaseException:
        _discard(stored)
        raise
    _after_file_change(resource)
    return version


def resource_restore_version(*, resource, version, user) -> ResourceVersion:
    """Make an old version current again, recorded as a new version pointing at its file."""
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        number = resource.versions.order_by("-number").values_list("number", flat=True).first()
        restored = ResourceVersion.objects.create(
            resource=resource,
            number=number + 1,
            file=version.file.name,
            filename=version.filename,
            file_size=version.file_size,
            content_type=version.content_type,
            checksum=version.checksum,
            uploaded_by=user,
            note=f"Restored version {version.number}",
        )
        resource.file.name = version.file.name
        resource.original_filename = version.filename
        resource.file_size = version.file_size
        resource.checksum = version.checksum
        resource.content_type = version.content_type
        resource.file_hash = ""
        resource.save()
    _after_file_change(resource)
    return restored


def resource_sync_admin_file(resource):
    """Record a file that arrived through the Wagtail admin (not through these services).

    Editors are trusted, so the file is kept even if its type is unusual; it still gets a
    version row, a checksum and a content type from its bytes, and its text is queued.
    """
    if not resource.file.name or resource.versions.filter(file=resource.file.name).exists():
        return
    with local_copy(resource) as path:
        checksum, sha1 = _digests(path)
        try:
            content_type = filetypes.detect(path).content_type
        except filetypes.Rejected:
            content_type = ""
        size = _size(path)
    with transaction.atomic():
        number = resource.versions.order_by("-number").values_list("number", flat=True).first()
        ResourceVersion.objects.create(
            resource=resource,
            number=(number or 0) + 1,
            file=resource.file.name,
            filename=resource.filename,
            file_size=size,
            content_type=content_type or "application/octet-stream",
            checksum=checksum,
            uploaded_by=resource.uploaded_by_user,
            note="Uploaded in the admin",
        )
        Resource.objects.filter(pk=resource.pk).update(
            checksum=checksum,
            file_hash=sha1,
            file_size=size,
            content_type=content_type,
            original_filename=resource.filename,
        )
    _after_file_change(resource)


def _after_file_change(resource, *, queue_extraction=True, retitle=False):
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=Extraction.PENDING, extraction_attempts=0, extraction_reason=""
    )
    resource_text_changed.send(sender=Resource, instance=resource)
    if queue_extraction:
        transaction.on_commit(lambda: extraction_queue(resource.pk, retitle=retitle))


# --- Review ------------------------------------------------------------------------------


def resource_review(*, resource, by, approve: bool, reason="") -> bool:
    """Approve or turn down an upload waiting for review, and email its uploader the outcome.

    Returns False if it was no longer waiting (decided by someone else, or a second submit of
    the same form): nothing changes and nobody is emailed twice.
    """
    with transaction.atomic():
        current = Resource.objects.select_for_update().filter(pk=resource.pk).first()
        if current is None or current.review_status != Resource.Review.PENDING:
            return False
        current.review_status = Resource.Review.APPROVED if approve else Resource.Review.REJECTED
        current.reviewed_by = by
        current.reviewed_at = timezone.now()
        current.review_reason = "" if approve else reason
        # A full save: the search entry, page cache and listings follow the post_save signal.
        current.save()
        uploader = current.uploaded_by_user
        if uploader is not None and uploader.email:
            context = {
                "resource": current,
                "uploader": uploader,
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + current.get_absolute_url(),
            }
            template = "approved" if approve else "rejected"
            transaction.on_commit(lambda: _send_review_email(template, uploader.email, context))
    return True


def _tell_reviewers(resource):
    """Email the programme team that an upload is waiting (as sign-ups do)."""
    from hub.accounts import roles
    from hub.accounts.models import User

    reviewers = sorted(
        set(
            User.objects.filter(
                is_active=True, groups__name=roles.PROGRAMME_TEAM, status=User.Status.APPROVED
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not reviewers:
        return
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "resource": resource,
        "url": base + resource.get_absolute_url(),
        "queue_url": base + reverse("resources:review_queue"),
    }
    subject = render_to_string("resources/email/review_waiting_subject.txt", context)
    body = render_to_string("resources/email/review_waiting.txt", context)
    send_mail(subject.strip(), body, None, reviewers)


def _send_review_email(template, to, context):
    subject = render_to_string(f"resources/email/review_{template}_subject.txt", context)
    body = render_to_string(f"resources/email/review_{template}.txt", context)
    send_mail(subject.strip(), body, None, [to])


# --- Extraction ----------------------------------------------------------------------------


def extraction_queue(resource_id, *, delay=None, retitle=False):
    from .tasks import extract_resource_text

    task = extract_resource_text
    if delay is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(resource_id, retitle=retitle)


def extraction_run(resource_id, *, retitle=False) -> Resource | None:
    """Read a resource's text in the sandbox and record the outcome; retry crashes with backoff.

    With ``retitle`` the title the author set in the document's properties, if any, replaces
    the one guessed from the file name (bulk imports without a manifest).
    """
    claimed = (
        Resource.objects.filter(pk=resource_id)
        .exclude(extraction_status=Extraction.RUNNING)
        .update(extraction_status=Extraction.RUNNING, extraction_started_at=timezone.now())
    )
    if not claimed:
        return None  # gone, or another worker is reading it right now
    resource = Resource.objects.get(pk=resource_id)
    kind = file_kind(resource)
    if kind is None:
        result = sandbox.Result(False, reason="The file's type has no text reader.")
    else:
        try:
            with local_copy(resource) as path:
                result = sandbox.run(path, kind)
        except OSError as error:
            # Storage trouble is outside the file: worth another try, then a recorded failure.
            result = sandbox.Result(
                False, reason=f"The stored file could not be opened ({error}).", retryable=True
            )
    attempts = resource.extraction_attempts + 1
    if result.ok:
        fields = {
            "extracted_text": result.text.replace("\x00", ""),
            "page_count": result.pages,
            "extraction_status": Extraction.DONE if result.text.strip() else Extraction.SKIPPED,
            "extraction_reason": "" if result.text.strip() else "The file contains no text.",
        }
        if retitle and result.title:
            fields["title"] = result.title
    elif result.retryable and attempts < MAX_ATTEMPTS:
        fields = {"extraction_status": Extraction.PENDING, "extraction_reason": result.reason}
    else:
        fields = {"extraction_status": Extraction.FAILED, "extraction_reason": result.reason[:500]}
    Resource.objects.filter(pk=resource_id).update(extraction_attempts=attempts, **fields)
    resource.refresh_from_db()
    if fields["extraction_status"] == Extraction.PENDING:
        logger.warning("Extraction of resource %s failed, retrying: %s", resource_id, result.reason)
        extraction_queue(resource_id, delay=timedelta(seconds=30 * 4**attempts), retitle=retitle)
    else:
        resource_text_changed.send(sender=Resource, instance=resource)
    return resource


def extraction_requeue_stale(*, now=None, resource_ids=()) -> int:
    """Queue again every extraction left "running" by a worker that died mid-way: those in
    ``resource_ids`` (their task is known to have ended without an outcome) and any running for
    longer than STALE_AFTER. Each rescue counts as an attempt: after MAX_ATTEMPTS the
    extraction is recorded as failed instead, so a file that kills its worker is not read for
    ever. Returns how many were rescued."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = list(
        Resource.objects.filter(extraction_status=Extraction.RUNNING)
        .filter(Q(extraction_started_at__lt=cutoff) | Q(pk__in=list(resource_ids)))
        .values_list("pk", "extraction_attempts")
    )
    rescued = 0
    for pk, attempts in stale:
        attempts += 1
        last = attempts >= MAX_ATTEMPTS
        fields = {
            "extraction_status": Extraction.FAILED if last else Extraction.PENDING,
            "extraction_attempts": attempts,
        }
        if last:
            fields["extraction_reason"] = f"Reading it was interrupted {attempts} times."
        # Only if still running: a sweep elsewhere may have rescued it meanwhile.
        if not Resource.objects.filter(pk=pk, extraction_status=Extraction.RUNNING).update(
            **fields
        ):
            continue
        rescued += 1
        if last:
            resource_text_changed.send(sender=Resource, instance=Resource.objects.get(pk=pk))
        else:
            extraction_queue(pk)
    return rescued


_KINDS_BY_TYPE = {kind.content_type: key for key, kind in filetypes.KINDS.items()}


def file_kind(resource):
    if resource.content_type in _KINDS_BY_TYPE:
        return _KINDS_BY_TYPE[resource.content_type]
    extension = resource.file_extension.lower()
    return extension if extension in filetypes.KINDS else None


class local_copy:  # noqa: N801 - used as a context manager
    """A filesystem path for the file, copying it out of remote storage when needed."""

    def __init__(self, resource):
        self.resource = resource
        self.temp = None

    def __enter__(self):
        try:
            return self.resource.file.path
        except NotImplementedError:
            import tempfile

            self.temp = tempfile.NamedTemporaryFile(suffix="." + self.resource.file_extension)  # noqa: SIM115
            with self.resource.file.open("rb") as source:
                for chunk in source.chunks():
                    self.temp.write(chunk)
            self.temp.flush()
            return self.temp.name

    def __exit__(self, *exc):
        if self.temp is not None:
            self.temp.close()
