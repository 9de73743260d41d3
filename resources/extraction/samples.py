"""Small real files of every allowed format, made on the fly from text.

Used by the demo loader (so the demo ships no binaries) and by the tests (so each format is
read from a genuine file made by the library that writes it).
"""

from __future__ import annotations

import io
import struct
import zipfile


def pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF, one page per string, in Helvetica."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, None]
    objects[2] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = []
    for text in pages:
        lines = [
            line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            for line in text.splitlines()
        ]
        body = "BT /F1 11 Tf 14 TL 56 780 Td " + " ".join(f"({line}) '" for line in lines) + " ET"
        stream = body.encode("latin-1", "replace")
        objects.append(
            f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream"
        )
        content_id = len(objects)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx(paragraphs: list[str], *, heading: str = "", title: str = "") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.core_properties.title = title
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx(slides: list[tuple[str, str]]) -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    for title, body in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


_ODF_TYPES = {
    "odt": ("text", "<office:text>{body}</office:text>"),
    "ods": (
        "spreadsheet",
        '<office:spreadsheet><table:table table:name="Sheet1">{body}</table:table>'
        "</office:spreadsheet>",
    ),
    "odp": (
        "presentation",
        '<office:presentation><draw:page draw:name="p1">{body}</draw:page></office:presentation>',
    ),
}


def odf(kind: str, paragraphs: list[str]) -> bytes:
    """An OpenDocument file (odt, ods or odp) holding the paragraphs."""
    from xml.sax.saxutils import escape

    family, wrapper = _ODF_TYPES[kind]
    if kind == "ods":
        cells = "".join(
            f"<table:table-row><table:table-cell><text:p>{escape(p)}</text:p></table:table-cell></table:table-row>"
            for p in paragraphs
        )
    else:
        cells = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
        if kind == "odp":
            cells = f"<draw:frame><draw:text-box>{cells}</draw:text-box></draw:frame>"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.2">'
        f"<office:body>{wrapper.format(body=cells)}</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest manifest:version="1.2" '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="application/vnd.oasis.opendocument.{family}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{family}"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def rtf(paragraphs: list[str]) -> bytes:
    body = "".join(
        p.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}") + "\\par\n"
        for p in paragraphs
    )
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs22 " + body + "}").encode("cp1252")


# --- Office 97-2003 (compound files) -------------------------------------------------------

_SECTOR = 512
_END, _FATSECT, _FREE, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (version 3) holding the named streams, each in regular sectors."""
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    data = []
    for name in names:
        body = streams[name]
        # Streams under 4 KB would belong in the mini stream; padding keeps one simple layout.
        data.append(body + b"\x00" * max(0, 4096 - len(body)))
    chains, sectors, next_free = [], [], 0
    for body in data:
        count = -(-len(body) // _SECTOR)
        chains.append((next_free, count))
        sectors.append(body + b"\x00" * (count * _SECTOR - len(body)))
        next_free += count
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // _SECTOR)
    dir_start = next_free
    next_free += dir_sectors
    fat_sectors = 1
    while (next_free + fat_sectors) > fat_sectors * 128:
        fat_sectors += 1
    fat_start = next_free
    fat = []
    for start, count in chains:
        fat += [start + i + 1 for i in range(count - 1)] + [_END]
    fat += [dir_start + i + 1 for i in range(dir_sectors - 1)] + [_END]
    fat += [_FATSECT] * fat_sectors
    fat += [_FREE] * (fat_sectors * 128 - len(fat))

    def entry(name, kind, start, size, child=_NOSTREAM, right=_NOSTREAM):
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, _END, 0, child=1 if names else _NOSTREAM)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NOSTREAM
        directory += entry(name, 2, chains[index][0], len(data[index]), right=right)
    directory = directory.ljust(dir_sectors * _SECTOR, b"\x00")
    difat = [fat_start + i for i in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", *difat)
    )
    return header + b"".join(sectors) + directory + struct.pack(f"<{len(fat)}I", *fat)


def _ppt_record(kind, body, instance=0, version=0):
    return struct.pack("<HHI", (instance << 4) | version, kind, len(body)) + body


def ppt(slides: list[tuple[str, str]]) -> bytes:
    """A PowerPoint 97-2003 file: each slide's title and body as text atoms."""
    atoms = b""
    for title, body in slides:
        for text, instance in ((title, 0), (body, 1)):
            atoms += _ppt_record(0x0F9F, struct.pack("<I", instance))  # TextHeaderAtom
            atoms += _ppt_record(0x0FA0, text.encode("utf-16-le"))  # TextCharsAtom
    slide_list = _ppt_record(0x0FF0, atoms, version=0xF)  # SlideListWithText
    document = _ppt_record(0x03E8, _ppt_record(0x03E9, b"\x00" * 40) + slide_list, version=0xF)
    return compound_file({"PowerPoint Document": document})


def doc(paragraphs: list[str], *, encrypted=False) -> bytes:
    """A Word 97-2003 file: one piece of 8-bit text (``encrypted`` sets only the FIB flag)."""
    text = ("\r".join(paragraphs) + "\r").encode("cp1252")
    start = 0x800
    fib = bytearray(start)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x0809, 0)
    struct.pack_into("<H", fib, 0x0A, 0x1200 | (0x0100 if encrypted else 0))  # 1Table
    struct.pack_into("<H", fib, 0x0C, 0x00BF)
    struct.pack_into("<II", fib, 0x18, start, start + len(text))
    struct.pack_into("<H", fib, 0x20, 14)
    struct.pack_into("<H", fib, 0x3E, 22)
    struct.pack_into("<I", fib, 0x40, start + len(text))  # cbMac
    struct.pack_into("<I", fib, 0x4C, len(text))  # ccpText
    struct.pack_into("<H", fib, 0x98, 93)
    pieces = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, (start * 2) | 0x40000000, 0)
    clx = b"\x02" + struct.pack("<I", len(pieces)) + pieces
    struct.pack_into("<II", fib, 0x1A2, 0, len(clx))
    word = bytes(fib) + text
    return compound_file({"WordDocument": word, "1Table": clx})


def xls(sheets: dict[str, list[list]]) -> bytes:
    import xlwt

    workbook = xlwt.Workbook()
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for row_number, row in enumerate(rows):
            for column, value in enumerate(row):
                sheet.write(row_number, column, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make(extension: str, text: str) -> bytes:
    """A file of the given format whose text contains ``text`` (one line per paragraph)."""
    lines = text.splitlines() or [text]
    if extension == "pdf":
        return pdf(["\n".join(lines)])
    if extension == "docx":
        return docx(lines)
    if extension == "pptx":
        return pptx([(lines[0], "\n".join(lines[1:]) or lines[0])])
    if extension == "xlsx":
        return xlsx({"Sheet1": [[line] for line in lines]})
    if extension in _ODF_TYPES:
        return odf(extension, lines)
    if extension == "rtf":
        return rtf(lines)
    if extension == "doc":
        return doc(lines)
    if extension == "ppt":
        return ppt([(lines[0], "\n".join(lines[1:]) or lines[0])])
    if extension == "xls":
        return xls({"Sheet1": [[line] for line in lines]})
    if extension == "csv":
        return ("heading,value\n" + "".join(f'"{line}",1\n' for line in lines)).encode()
    return text.encode()
