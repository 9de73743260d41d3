"""Small real files of every allowed format, made on the fly from text.

Used by the demo loader (so the demo ships no binaries) and by the tests (so each format is
read from a genuine file made by the library that writes it).
"""

from __future__ import annotations

import io
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
    if extension == "csv":
        return ("heading,value\n" + "".join(f'"{line}",1\n' for line in lines)).encode()
    return text.encode()
