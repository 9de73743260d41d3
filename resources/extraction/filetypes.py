"""What a file really is, judged by its bytes, and a safe name to store it under.

The name a browser sends is never trusted: libmagic reads the content, zip containers are told
apart by their members (a DOCX and an XLSX are both "a zip" to libmagic on older systems), and
the extension must agree with what the content turned out to be. SVG images, scripts and
executables are refused under any name, because the hub serves files from its own origin. Text
with markup in it is a web page: kept only under a .html/.htm name (its text is worth finding),
and like every file only ever served as an attachment, never rendered.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from struct import error as struct_error

import magic

from . import encodings
from .limits import MAX_ZIP_ENTRIES


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    extensions: frozenset[str]


KINDS = {
    kind.key: kind
    for kind in [
        FileKind("pdf", "PDF", "application/pdf", frozenset({"pdf"})),
        FileKind(
            "docx",
            "Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            frozenset({"docx"}),
        ),
        FileKind(
            "xlsx",
            "Excel spreadsheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            frozenset({"xlsx"}),
        ),
        FileKind(
            "pptx",
            "PowerPoint presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            frozenset({"pptx"}),
        ),
        FileKind(
            "odt",
            "OpenDocument text",
            "application/vnd.oasis.opendocument.text",
            frozenset({"odt"}),
        ),
        FileKind(
            "ods",
            "OpenDocument spreadsheet",
            "application/vnd.oasis.opendocument.spreadsheet",
            frozenset({"ods"}),
        ),
        FileKind(
            "odp",
            "OpenDocument presentation",
            "application/vnd.oasis.opendocument.presentation",
            frozenset({"odp"}),
        ),
        FileKind("rtf", "Rich text", "application/rtf", frozenset({"rtf"})),
        # Office 97-2003: compound files told apart by the streams inside them.
        FileKind("doc", "Word 97-2003 document", "application/msword", frozenset({"doc"})),
        FileKind(
            "xls", "Excel 97-2003 spreadsheet", "application/vnd.ms-excel", frozenset({"xls"})
        ),
        FileKind(
            "ppt",
            "PowerPoint 97-2003 presentation",
            "application/vnd.ms-powerpoint",
            frozenset({"ppt"}),
        ),
        # Saved web pages: kept for their text, only ever served as an attachment.
        FileKind("html", "Web page", "text/html", frozenset({"html", "htm"})),
        # Plain text and CSV are the same bytes; either extension is fine for either.
        FileKind("txt", "Plain text", "text/plain", frozenset({"txt", "csv"})),
        FileKind("csv", "CSV", "text/csv", frozenset({"csv", "txt"})),
    ]
}

ALLOWED_EXTENSIONS = sorted({ext for kind in KINDS.values() for ext in kind.extensions})

_ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
# Markup that a browser would run if the file were ever rendered: refused inside text files too.
_MARKUP = re.compile(r"<\s*(?:html|script|svg|!doctype|\?xml|\?php|body|iframe|object)\b", re.I)
# PDF readers accept the header anywhere in the first kilobyte, so bytes before it can make one
# file both a PDF and a web page (or anything else): a PDF must begin with its header.
_PDF_HEADER = b"%PDF-"
_PDF_HEADER_WINDOW = 1024


class Rejected(ValueError):
    """The file may not be stored; the message is shown to the person who uploaded it."""


def _zip_kind(path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise Rejected(
                    f"The file holds more than {MAX_ZIP_ENTRIES:,} parts; it may be a zip bomb."
                )
            names = {info.filename for info in infos}
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(100).decode("ascii", "replace").strip()
                return _ODF.get(declared)
            if "[Content_Types].xml" in names:
                return next((k for part, k in _OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise Rejected("The file is a damaged archive and cannot be opened.") from error
    return None


_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = {
    "WordDocument": "doc",
    "Workbook": "xls",
    "Book": "xls",
    "PowerPoint Document": "ppt",
}
_LOCKED_MESSAGE = (
    "The file is password-protected. Save a copy without the password and upload that."
)


def _ole_kind(path) -> str | None:
    """Which Office 97-2003 file a compound file is, from its streams (libmagic reads only the
    first 8 KB, often too little to find them)."""
    import olefile

    try:
        with olefile.OleFileIO(path) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except (OSError, ValueError, IndexError, struct_error) as error:
        raise Rejected("The file is a damaged Office document and cannot be opened.") from error
    if "EncryptedPackage" in streams:
        # A password-protected DOCX/XLSX/PPTX is a compound file wrapping the encrypted zip.
        raise Rejected(_LOCKED_MESSAGE)
    return next((key for name, key in _OLE_STREAMS.items() if name in streams), None)


def detect(path) -> FileKind:
    """The kind of file at ``path`` judged from its content, or ``Rejected``."""
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if not head:
        raise Rejected("The file is empty.")
    mime = magic.from_buffer(head, mime=True)
    if (
        mime == "application/pdf" or _PDF_HEADER in head[:_PDF_HEADER_WINDOW]
    ) and not head.startswith(_PDF_HEADER):
        raise Rejected(
            "The file has other content before the PDF itself; a PDF must start with %PDF-. "
            "Save it again as a PDF and upload that copy."
        )
    key = None
    if head.startswith(_OLE_HEADER):
        key = _ole_kind(path)
    elif mime == "application/pdf":
        key = "pdf"
    elif mime in ("text/rtf", "application/rtf"):
        key = "rtf"
    elif mime in ("application/zip", "application/octet-stream") or mime.startswith(
        ("application/vnd.openxmlformats", "application/vnd.oasis")
    ):
        key = _zip_kind(path) if head.startswith(b"PK") else None
    if key is None:
        key = _text_kind(path, head, mime)
    if key is None:
        raise Rejected(f"Files of this type ({mime}) cannot be uploaded. {_allowed_sentence()}")
    return KINDS[key]


# Markup other than a web page (SVG, XML, PHP) is refused; every other guess of libmagic's is
# checked by decoding.
_REFUSED_MARKUP = {"image/svg+xml", "text/xml", "application/xml", "text/x-php"}
_WEB_PAGE = {"text/html", "application/xhtml+xml"}


def _text_kind(path, head, mime) -> str | None:
    """Web page, text or CSV when the bytes decode as text, whatever libmagic called them."""
    if mime in _REFUSED_MARKUP:
        return None
    text = encodings.decode(head, truncated=os.path.getsize(path) > len(head))
    if text is None:
        if mime.startswith("text/"):
            raise Rejected(
                "The file's text is in an encoding the hub cannot recognise. "
                "Save it again as UTF-8 and upload that copy."
            )
        return None
    # Markup makes it a web page, whatever its name says: it can then only be stored as one.
    if mime in _WEB_PAGE or _MARKUP.search(text):
        return "html"
    if text.startswith("#!"):
        raise Rejected("The file is a script, which is not allowed.")
    return "csv" if mime == "text/csv" else "txt"


def kind_for_name(kind: FileKind, filename: str) -> FileKind:
    """Text and CSV are the same bytes: the file's own extension picks between them."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if kind.key in ("txt", "csv") and extension in ("txt", "csv"):
        return KINDS[extension]
    return kind


def check_extension(kind: FileKind, filename: str):
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise Rejected(
            f"Files ending .{extension or '(none)'} are not allowed. {_allowed_sentence()}"
        )
    if extension not in kind.extensions:
        raise Rejected(
            f"The file is named .{extension} but its content is a {kind.label}. "
            "Rename it or upload the right file."
        )


def _allowed_sentence():
    return "Allowed: " + ", ".join(ext.upper() for ext in ALLOWED_EXTENSIONS) + "."


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)
MAX_NAME = 100


def clean_filename(name: str, *, fallback_extension: str = "") -> str:
    """A name safe to store and to offer on download.

    Drops any directory part (``../`` and ``..\\``), control and format characters (NUL, the
    right-to-left override that makes ``exe.pdf`` look like ``fdp.exe``), markup characters, and
    shortens long names while keeping the extension.
    """
    name = unicodedata.normalize("NFKC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    extension = _UNSAFE.sub("", extension).lower()[:10]
    extension = "." + extension if extension else ""
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"[_ ]{2,}", "_", stem).strip(" ._")[: MAX_NAME - len(extension)].strip(" ._")
    if not stem:
        stem = "document"
    if not extension and fallback_extension:
        extension = "." + fallback_extension
    return stem + extension
