"""Page images for previews: the first pages of a PDF as PNG bytes, read in the sandbox.

Runs in the forked reader under the same limits as text extraction (CPU, memory, no file
writes), so the images are made in memory and handed back to the parent, never written here.
Nothing here imports Django.
"""

import io

from .formats import ExtractionError

# Wide enough to read a page of guidance on a laptop; the height cap keeps a page that claims
# to be ten metres tall from asking for a gigapixel bitmap.
WIDTH = 1000
MAX_HEIGHT = 1600
MAX_PAGES = 3


def render_pdf(path, *, pages=MAX_PAGES, width=WIDTH, max_height=MAX_HEIGHT):
    """(list of PNG bytes for the first ``pages`` pages, the document's page count)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        raise ExtractionError(f"The PDF cannot be opened: {str(error).rstrip('.')}.") from error
    try:
        count = len(document)
        if count == 0:
            raise ExtractionError("The PDF has no pages.")
        images = []
        for index in range(min(count, pages)):
            page = document[index]
            try:
                images.append(_png(page, width=width, max_height=max_height))
            finally:
                page.close()
        return images, count
    finally:
        document.close()


def _png(page, *, width, max_height):
    page_width, page_height = page.get_size()
    if not (page_width > 0 and page_height > 0):
        raise ExtractionError("A page of the PDF has no size.")
    scale = min(width / page_width, max_height / page_height)
    bitmap = page.render(scale=scale, may_draw_forms=False)
    try:
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG")
        return out.getvalue()
    finally:
        bitmap.close()
