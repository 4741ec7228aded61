"""PDFs with scanned pages, made from the corpus in the tests: a page's text layer replaced
by a picture of it (rendered with PDFium, as a scanner would give it), or a blank scan."""
from __future__ import annotations

import io

import pypdfium2 as pdfium

SCAN_DPI = 150  # as bad/scanned.pdf was made


def _image_page(pdf: pdfium.PdfDocument, index: int, bitmap: pdfium.PdfBitmap, width: float, height: float) -> None:
    page = pdf.new_page(width, height, index=index)
    image = pdfium.PdfImage.new(pdf)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()


def with_scanned_pages(data: bytes, pages: list[int]) -> bytes:
    """The PDF with the given pages (1-based) replaced by grey pictures of themselves."""
    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    out.import_pages(source)
    for number in pages:
        width, height = source[number - 1].get_size()
        bitmap = source[number - 1].render(scale=SCAN_DPI / 72, grayscale=True)
        out.del_page(number - 1)
        _image_page(out, number - 1, bitmap, width, height)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def with_blank_scans(data: bytes | None, count: int) -> bytes:
    """The PDF (or none) followed by `count` scans of a blank A4 sheet: images with no
    legible text."""
    out = pdfium.PdfDocument(data) if data else pdfium.PdfDocument.new()
    width, height = 595.0, 842.0
    for _ in range(count):
        bitmap = pdfium.PdfBitmap.new_native(int(width * SCAN_DPI / 72), int(height * SCAN_DPI / 72), pdfium.raw.FPDFBitmap_BGR)
        bitmap.fill_rect((250, 250, 248, 255), 0, 0, bitmap.width, bitmap.height)
        _image_page(out, len(out), bitmap, width, height)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
