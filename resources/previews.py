"""Page images of a resource's PDF, drawn in the sandbox and kept as derived files.

They are drawn on first request rather than in the extraction task: every PDF already in the
library (imported, loaded as demo data, uploaded before previews existed) gets one without a
backfill, and the worker spends nothing on files nobody opens. The cost stays bounded: the
sandbox's preview limits apply, and the outcome (images, or the reason it failed) is stored
under the file's checksum, so each version of a file is drawn at most once. A new version has a
new checksum and so new previews.

A manifest written last is the commit point: images without a manifest are never shown, and
are removed when the manifest cannot be written.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile

from . import services
from .extraction import limits, sandbox
from .extraction.rendering import MAX_PAGES

logger = logging.getLogger(__name__)

PREFIX = "previews"


@dataclass(frozen=True)
class Page:
    number: int
    name: str  # in the document storage
    width: int
    height: int


@dataclass(frozen=True)
class Preview:
    pages: tuple[Page, ...] = ()
    page_count: int | None = None  # of the whole document
    reason: str = ""  # why there are no pages

    @property
    def ok(self):
        return bool(self.pages)

    def page(self, number) -> Page | None:
        return next((page for page in self.pages if page.number == number), None)


def previewable(resource) -> bool:
    return bool(resource.checksum) and services.file_kind(resource) == "pdf"


def preview_for(resource) -> Preview | None:
    """The resource's preview, drawn now if this version has none yet; None if not a PDF.

    The caller has already checked that the viewer may see the resource."""
    if not previewable(resource):
        return None
    storage = resource.file.storage
    return _load(storage, resource.checksum) or _draw(storage, resource)


def _folder(checksum):
    return f"{PREFIX}/{checksum}"


def _manifest(checksum):
    return f"{_folder(checksum)}/manifest.json"


def _load(storage, checksum) -> Preview | None:
    name = _manifest(checksum)
    try:
        with storage.open(name, "rb") as handle:
            data = json.loads(handle.read())
        pages = tuple(Page(**page) for page in data["pages"])
        return Preview(pages=pages, page_count=data["page_count"], reason=data["reason"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        # Cut short by a full disk, say: not a preview. Drawn again on this request.
        logger.warning("Discarding an unreadable preview manifest %s", name)
        storage.delete(name)
        return None


def _draw(storage, resource) -> Preview:
    try:
        with services.local_copy(resource) as path:
            result = sandbox.render(
                path,
                pages=MAX_PAGES,
                cpu=limits.PREVIEW_CPU_SECONDS,
                wall=limits.PREVIEW_WALL_SECONDS,
            )
    except OSError as error:
        logger.warning("Preview of resource %s: the stored file could not be opened", resource.pk)
        return Preview(reason=f"The stored file could not be opened ({error.strerror}).")
    if not result.ok:
        preview = Preview(reason=result.reason)
        # The same file would fail the same way: remember it, so it is not drawn on every
        # request. Trouble outside the file (a lost renderer) is tried again next time.
        if not result.retryable:
            try:
                return _commit(storage, resource.checksum, preview, written=[])
            except OSError as error:
                logger.error("Preview failure of resource %s not stored: %s", resource.pk, error)
        return preview
    written = []
    try:
        pages = []
        for number, image in enumerate(result.images, start=1):
            wanted = f"{_folder(resource.checksum)}/page-{number}.png"
            name = storage.save(wanted, ContentFile(image))
            written.append(name)
            width, height = _png_size(image)
            pages.append(Page(number=number, name=name, width=width, height=height))
        preview = Preview(pages=tuple(pages), page_count=result.pages)
        return _commit(storage, resource.checksum, preview, written=written)
    except OSError as error:
        _remove(storage, written)
        logger.error("Preview of resource %s not stored: %s", resource.pk, error)
        return Preview(reason="The preview could not be stored at the moment.")


def _commit(storage, checksum, preview, *, written) -> Preview:
    """Write the manifest; if another request stored one first, keep theirs and drop ours."""
    data = {
        "pages": [asdict(page) for page in preview.pages],
        "page_count": preview.page_count,
        "reason": preview.reason,
    }
    wanted = _manifest(checksum)
    try:
        name = storage.save(wanted, ContentFile(json.dumps(data).encode()))
    except OSError:
        # A part-written manifest does not parse, and is discarded when next read.
        _remove(storage, written)
        raise
    if name != wanted:
        _remove(storage, [name, *written])
        return _load(storage, checksum) or preview
    return preview


def _remove(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError as error:
            logger.error("Could not remove the preview file %s: %s", name, error)


def _png_size(image: bytes) -> tuple[int, int]:
    # The IHDR chunk comes first in every PNG: width and height, four bytes each.
    return int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
