"""A report page as an image with a finding's figures boxed: PDF bytes in, PNG bytes out.

    png = render_page(pdf_bytes, 5)                        # the page, once (cache this)
    shown = draw_marks(png, marks, zoom=region)            # boxes drawn, cropped to the table

Rendering (pypdfium2) is the slow step and depends only on the file and the page, so a
caller caches `render_page` on the file's sha256 and the page; drawing is cheap and done
per finding. PDFium is not thread-safe: every call into it here holds one lock.
"""
from __future__ import annotations

import io
import threading
from collections.abc import Sequence

from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from .model import BBox
from .pagemarks import COUNTERPART, SUBJECT, Mark

SCALE = 2.0  # pixels per PDF point (144 dpi): numbers stay legible when zoomed to a table
MAX_SIDE = 2400  # pixels: an oversized page is drawn smaller, never as a huge image
SCALE_KEY = "juesuan-scale"  # PNG text chunk: the pixels per point a page was rendered at
COLORS = {SUBJECT: (220, 38, 38), COUNTERPART: (37, 99, 235)}  # red: the figure in question; blue: compared with
LINE = 3  # box outline, pixels
PAD = 3.0  # points between a number and its box
ZOOM_ABOVE, ZOOM_BELOW = 96.0, 24.0  # points kept above (the table's header) and below the zoomed region

_pdfium_lock = threading.Lock()


class PageUnavailable(ValueError):
    """The page cannot be drawn; `message` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def render_page(data: bytes, page: int, scale: float = SCALE) -> bytes:
    """Page `page` (1-based) of a PDF as PNG bytes, `scale` pixels per point (less for a page
    whose longer side would pass MAX_SIDE pixels; the PNG records the scale it used)."""
    import pypdfium2 as pdfium

    with _pdfium_lock:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as err:
            raise PageUnavailable("原文件无法打开，不能显示原页。") from err
        try:
            if not 1 <= page <= len(pdf):
                raise PageUnavailable(f"原文件没有第{page}页。")
            shown = pdf[page - 1]
            scale = min(scale, MAX_SIDE / max(shown.get_width(), shown.get_height(), 1.0))
            image = shown.render(scale=scale).to_pil()
        finally:
            pdf.close()
    info = PngInfo()
    info.add_text(SCALE_KEY, repr(scale))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True, pnginfo=info)
    return out.getvalue()


def draw_marks(png: bytes, marks: Sequence[Mark], zoom: BBox | None = None) -> bytes:
    """A page rendered by `render_page` with each mark's box drawn in its role's colour (the
    figure in question on top); cropped to `zoom` (points, with a margin, full page width so
    the row labels stay in view) when given."""
    image = Image.open(io.BytesIO(png))
    scale = float(image.info.get(SCALE_KEY, SCALE))
    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    for mark in sorted((m for m in marks if m.bbox), key=lambda m: m.role == SUBJECT):
        x0, top, x1, bottom = mark.bbox
        draw.rectangle([(x0 - PAD) * scale, (top - PAD) * scale, (x1 + PAD) * scale, (bottom + PAD) * scale],
                       outline=COLORS.get(mark.role, COLORS[SUBJECT]), width=LINE)
    if zoom is not None:
        upper = max(0, int((zoom[1] - ZOOM_ABOVE) * scale))
        lower = min(image.height, int((zoom[3] + ZOOM_BELOW) * scale))
        if lower > upper:
            image = image.crop((0, upper, image.width, lower))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
