"""Text out of each allowed format. Runs only inside the sandboxed child process.

Choices, for speed and safety:

* PDF: pypdfium2 (Google's PDFium, the parser Chrome ships and fuzzes continuously) is many
  times faster than pure-Python parsers and reports the page count for free; its native code
  runs under the child's CPU and memory limits, so a looping or decompression-bomb PDF ends
  the child, not the worker.
* DOCX, PPTX, XLSX, ODT/ODS/ODP: the parts are read straight out of the zip with defusedxml's
  iterparse (no DTDs, so no external entities and no entity expansion). That is faster than
  python-docx/python-pptx/openpyxl, which build whole object trees with lxml, and it lets every
  member be read through one byte budget: the zip's declared sizes are checked before parsing
  and the real bytes are counted while reading, so a lying header cannot get past.
* HTML: trafilatura's main-text extraction (``_html``): it scores best of the maintained
  extractors in published comparisons, keeps tables, reads the page's charset itself, and falls
  back to justext internally; justext alone classifies paragraphs but reads no metadata, and
  selectolax is a fast parser with no notion of "main text". It never fetches anything.
* Office 97-2003: .xls through xlrd (the reference reader for the binary format, pure
  Python); .doc through Debian's antiword, falling back to catdoc; .ppt through catdoc's
  catppt. They are small, long-lived C readers with no macros or network, and run as children
  of this process under its limits. LibreOffice headless would read more of each format but
  is a 300 MB install and seconds of start-up per file.
* RTF: striprtf (pure Python, no external references). TXT/CSV: the standard library, the
  encoding judged by decoding (``encodings``: byte-order mark, UTF-8, charset-normalizer).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from . import limits


class ExtractionError(Exception):
    def __init__(self, reason, *, limit=False):
        super().__init__(reason)
        self.reason = reason
        self.limit = limit


class _TextBuffer:
    def __init__(self):
        self.parts, self.size = [], 0

    def add(self, text):
        if text and self.size < limits.MAX_TEXT_CHARS:
            self.parts.append(text)
            self.size += len(text)

    def value(self):
        return "".join(self.parts)[: limits.MAX_TEXT_CHARS]


# --- Zip containers ------------------------------------------------------------------------


class _Budget:
    def __init__(self):
        self.remaining = limits.MAX_UNPACKED_BYTES

    def spend(self, count):
        self.remaining -= count
        if self.remaining < 0:
            raise ExtractionError(
                f"The file unpacks to more than {limits.MAX_UNPACKED_BYTES // 2**20} MB.",
                limit=True,
            )


class _CountingReader(io.RawIOBase):
    """A zip member read through the shared byte budget (headers can lie about sizes)."""

    def __init__(self, member, budget):
        self.member, self.budget = member, budget

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.member.read(len(buffer))
        self.budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)


class Package:
    def __init__(self, path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise ExtractionError("The file is damaged: it is not a readable archive.") from error
        infos = self.zip.infolist()
        if len(infos) > limits.MAX_ZIP_ENTRIES:
            raise ExtractionError(
                f"The file holds more than {limits.MAX_ZIP_ENTRIES:,} parts.", limit=True
            )
        if sum(info.file_size for info in infos) > limits.MAX_UNPACKED_BYTES:
            raise ExtractionError(
                f"The file unpacks to more than {limits.MAX_UNPACKED_BYTES // 2**20} MB.",
                limit=True,
            )
        self.names = [info.filename for info in infos]
        self.budget = _Budget()

    def elements(self, name, events=("end",)):
        """Parse one XML member, yielding (event, element); DTDs are refused outright."""
        try:
            member = self.zip.open(name)
        except KeyError as error:
            raise ExtractionError(f"The file is damaged: {name} is missing.") from error
        stream = io.BufferedReader(_CountingReader(member, self.budget))
        try:
            yield from iterparse(stream, events=events, forbid_dtd=True)
        except DefusedXmlException as error:
            raise ExtractionError(
                "The file contains XML entity or DTD declarations, which are refused.", limit=True
            ) from error
        except (SyntaxError, zipfile.BadZipFile, EOFError, ValueError) as error:
            raise ExtractionError(f"The file is damaged: {name} cannot be read.") from error
        finally:
            member.close()

    def numbered(self, pattern):
        regex = re.compile(pattern)
        found = [(int(m.group(1)), n) for n in self.names if (m := regex.fullmatch(n))]
        return [name for _, name in sorted(found)]


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _docx(path):
    package = Package(path)
    out = _TextBuffer()
    for _, element in package.elements("word/document.xml"):
        tag = _local(element.tag)
        if tag == "t":
            out.add(element.text or "")
        elif tag == "tab":
            out.add("\t")
        elif tag in ("p", "br"):
            out.add("\n")
        if tag == "p":
            element.clear()
    pages = None
    if "docProps/app.xml" in package.names:
        for _, element in package.elements("docProps/app.xml"):
            if _local(element.tag) == "Pages" and (element.text or "").strip().isdigit():
                pages = int(element.text)
    return out.value(), pages


def _pptx(path):
    package = Package(path)
    slides = package.numbered(r"ppt/slides/slide(\d+)\.xml")
    out = _TextBuffer()
    for name in slides:
        for _, element in package.elements(name):
            tag = _local(element.tag)
            if tag == "t":
                out.add(element.text or "")
            elif tag == "p":
                out.add("\n")
        out.add("\n")
    return out.value(), len(slides)


def _xlsx(path):
    package = Package(path)
    shared = []
    if "xl/sharedStrings.xml" in package.names:
        parts = []
        for _, element in package.elements("xl/sharedStrings.xml"):
            tag = _local(element.tag)
            if tag == "t":
                parts.append(element.text or "")
            elif tag == "si":
                shared.append("".join(parts))
                parts = []
                element.clear()
    sheets = package.numbered(r"xl/worksheets/sheet(\d+)\.xml")
    out = _TextBuffer()
    for name in sheets:
        for _, element in package.elements(name):
            tag = _local(element.tag)
            if tag == "c":
                kind = element.get("t")
                value = next((c.text for c in element if _local(c.tag) == "v"), None)
                if kind == "s" and value is not None and value.isdigit():
                    index = int(value)
                    value = shared[index] if index < len(shared) else ""
                elif kind == "inlineStr":
                    value = "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t")
                if value:
                    out.add(value + "\t")
                element.clear()
            elif tag == "row":
                out.add("\n")
                element.clear()
    return out.value(), len(sheets)


_ODF_BLOCKS = {"p", "h"}


def _odf(path):
    package = Package(path)
    out = _TextBuffer()
    pages = 0
    for event, element in package.elements("content.xml", events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag in ("page", "table"):
                pages += 1
            continue
        if tag in _ODF_BLOCKS:
            out.add("".join(element.itertext()) + "\n")
            element.clear()
    if "meta.xml" in package.names:
        for _, element in package.elements("meta.xml"):
            count = element.get("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}page-count")
            if count and count.isdigit():
                pages = int(count)
    return out.value(), pages or None


# --- Other formats -------------------------------------------------------------------------


def _pdf(path):
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(f"The PDF cannot be opened: {error}.") from error
    try:
        pages = len(document)
        out = _TextBuffer()
        for index in range(min(pages, limits.MAX_PDF_PAGES)):
            page = document[index]
            textpage = page.get_textpage()
            out.add(textpage.get_text_bounded() + "\n")
            textpage.close()
            page.close()
            if out.size >= limits.MAX_TEXT_CHARS:
                break
        return out.value(), pages
    finally:
        document.close()


def _read_text(path):
    from .encodings import decode

    with open(path, "rb") as handle:
        data = handle.read(limits.MAX_TEXT_CHARS * 4)
        truncated = bool(handle.read(1))
    text = decode(data, truncated=truncated)
    if text is None:
        raise ExtractionError("The file's text is in an encoding that could not be recognised.")
    return text


def _txt(path):
    return _read_text(path)[: limits.MAX_TEXT_CHARS], None


def _csv(path):
    text = _read_text(path)
    csv.field_size_limit(limits.MAX_TEXT_CHARS)
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        return "\n".join("\t".join(row) for row in rows)[: limits.MAX_TEXT_CHARS], None
    except csv.Error:
        return text[: limits.MAX_TEXT_CHARS], None


def _rtf(path):
    from striprtf.striprtf import rtf_to_text

    raw = _read_text(path)
    if not raw.lstrip().startswith("{\\rtf") or not raw.rstrip().endswith("}"):
        raise ExtractionError("The file is damaged: it is not complete RTF.")
    return rtf_to_text(raw, errors="ignore")[: limits.MAX_TEXT_CHARS], None


def _html(path):
    import trafilatura

    with open(path, "rb") as handle:
        data = handle.read(limits.MAX_UNPACKED_BYTES)
    # The main text only: menus, cookie banners and footers would make every saved page of
    # one site match the same words. A page with no clear main part falls back to all its text.
    text = trafilatura.extract(data, include_comments=False, include_tables=True)
    if not text:
        text = trafilatura.html2txt(data)
    return (text or "")[: limits.MAX_TEXT_CHARS], None


def _html_title(path):
    import trafilatura

    with open(path, "rb") as handle:
        metadata = trafilatura.extract_metadata(handle.read(limits.MAX_UNPACKED_BYTES))
    return metadata.title if metadata is not None else None


# --- Office 97-2003 ----------------------------------------------------------------------

_LOCKED_MESSAGE = "The file is password-protected, so its text cannot be read."
# Debian's antiword and catdoc read the binary Word and PowerPoint formats; they run as
# children of this sandboxed process, so its CPU, memory and no-file-writes limits bind them.
_TOOL_PATH = "/usr/bin:/bin"


def _run_tool(command):
    import shutil
    import subprocess

    if shutil.which(command[0], path=_TOOL_PATH) is None:
        raise ExtractionError(
            f"Reading this format needs {command[0]}, which is not installed on the server "
            "(Debian package antiword or catdoc)."
        )
    done = subprocess.run(  # noqa: S603 - a fixed program, the path as one argument, no shell
        command,
        capture_output=True,
        timeout=limits.WALL_SECONDS,
        env={"PATH": _TOOL_PATH, "LANG": "C.UTF-8"},
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr


def _doc(path):
    import olefile

    try:
        with olefile.OleFileIO(path) as ole:
            fib = ole.openstream("WordDocument").read(12)
    except (OSError, ValueError, IndexError) as error:
        raise ExtractionError("The file is damaged: it is not a readable Word document.") from error
    if len(fib) < 12:
        raise ExtractionError("The file is damaged: it is not a readable Word document.")
    if int.from_bytes(fib[10:12], "little") & 0x0100:  # FIB fEncrypted
        raise ExtractionError(_LOCKED_MESSAGE)
    code, text, _ = _run_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)])
    if code != 0:
        # antiword refuses Word 6/95 and some odd files that catdoc still reads.
        code, text, _ = _run_tool(["catdoc", "-d", "utf-8", "-w", str(path)])
    if code != 0:
        raise ExtractionError("The file is damaged: its Word text cannot be read.")
    return text[: limits.MAX_TEXT_CHARS], None


def _ppt(path):
    code, text, _ = _run_tool(["catppt", "-d", "utf-8", str(path)])
    if code != 0:
        raise ExtractionError("The file is damaged: its PowerPoint text cannot be read.")
    return text[: limits.MAX_TEXT_CHARS], None


def _xls(path):
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise ExtractionError(_LOCKED_MESSAGE) from error
        raise ExtractionError("The file is damaged: it is not a readable Excel file.") from error
    except (OSError, ValueError, IndexError, AssertionError) as error:
        raise ExtractionError("The file is damaged: it is not a readable Excel file.") from error
    out = _TextBuffer()
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            for row in range(sheet.nrows):
                values = [_xls_cell(value) for value in sheet.row_values(row)]
                out.add("\t".join(v for v in values if v) + "\n")
                if out.size >= limits.MAX_TEXT_CHARS:
                    return out.value(), book.nsheets
            book.unload_sheet(index)
        return out.value(), book.nsheets
    finally:
        book.release_resources()


def _xls_cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ole_title(path):
    import olefile

    with olefile.OleFileIO(path) as ole:
        title = ole.get_metadata().title
    if isinstance(title, bytes):
        title = title.decode("cp1252", "replace")
    return title


EXTRACTORS = {
    "pdf": _pdf,
    "docx": _docx,
    "pptx": _pptx,
    "xlsx": _xlsx,
    "odt": _odf,
    "ods": _odf,
    "odp": _odf,
    "rtf": _rtf,
    "txt": _txt,
    "csv": _csv,
    "html": _html,
    "doc": _doc,
    "xls": _xls,
    "ppt": _ppt,
}


def extract(path, kind):
    """(text, page count) for a file already identified as ``kind``."""
    try:
        extractor = EXTRACTORS[kind]
    except KeyError as error:
        raise ExtractionError(f"No text reader for {kind} files.") from error
    return extractor(path)


def _package_title(path, member):
    package = Package(path)
    if member not in package.names:
        return None
    for _, element in package.elements(member):
        if _local(element.tag) == "title" and (element.text or "").strip():
            return element.text
    return None


def document_title(path, kind) -> str | None:
    """The title the author gave the document in its properties, if any."""
    if kind in ("docx", "pptx", "xlsx"):
        title = _package_title(path, "docProps/core.xml")
    elif kind in ("odt", "ods", "odp"):
        title = _package_title(path, "meta.xml")
    elif kind == "pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(path)
        try:
            title = document.get_metadata_dict().get("Title")
        finally:
            document.close()
    elif kind == "html":
        title = _html_title(path)
    elif kind in ("doc", "xls", "ppt"):
        title = _ole_title(path)
    else:
        title = None
    title = " ".join((title or "").split())[:255]
    return title or None
