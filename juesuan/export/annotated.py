"""The original PDF with the review on it, for sending back to the unit.

One annotation per finding that names a page: a red box (Square) on the figure in question
— or on the passage a text finding quotes — whose note (its Popup) carries the message;
a finding whose figure has no box on its page gets a note icon (Text) in the page's left
margin instead. Each annotation carries its own appearance stream, so every reader draws it
the same way, and its finding's id as its name (/NM), so the findings can be found again.
The original's pages and content are kept as they are.
"""
from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..model import BBox, Report
from ..pagemarks import SUBJECT, Mark, PageText, fact_places, finding_marks

AUTHOR = "决算看板审核"
RED = [0.86, 0.15, 0.15]
NOTE_FILL = [1.0, 0.93, 0.55]
BORDER_WIDTH = 1.5
PAD = 2.0  # points between the figure and its box
NOTE_SIZE = 18.0  # the margin note icon, points
NOTE_GAP = 6.0
POPUP_SIZE = (220.0, 120.0)
PRINT_FLAG = 4  # /F: print the annotation with the page


class AnnotationUnavailable(ValueError):
    """The original cannot carry annotations; `message` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def note_text(finding: Any) -> str:
    """The note of a finding: severity, message, and the pages it involves."""
    pages = getattr(finding, "pages", None) or []
    where = f"\n涉及：第{'、'.join(map(str, pages))}页" if len(pages) > 1 else ""
    return f"【{finding.severity}】{finding.message}{where}\n（审核规则 {finding.rule}）"


def _anchor(finding: Any, marks: Sequence[Mark]) -> tuple[int, BBox | None]:
    """The page and box the annotation goes on: the figure in question where it has a box,
    else any compared figure's box, else the finding's first page without a box."""
    boxed = [m for m in marks if m.bbox]
    chosen = next((m for m in boxed if m.role == SUBJECT), boxed[0] if boxed else None)
    return (chosen.page, chosen.bbox) if chosen else (finding.pages[0], None)


def _to_pdf(box: BBox, width: float, height: float, rotation: int) -> list[float]:
    """A box in the shown page's top-left points (pdfplumber) → a PDF rectangle in the page's
    own space (origin bottom-left, before its /Rotate turns it for display). `width` and
    `height` are the unrotated page's."""
    x0, top, x1, bottom = box

    def point(x: float, t: float) -> tuple[float, float]:
        u, v = {0: (x, t), 90: (t, height - x), 180: (width - x, height - t), 270: (width - t, x)}[rotation]
        return u, height - v

    (ax, ay), (bx, by) = point(x0, top), point(x1, bottom)
    return [min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)]


def _appearance(pdf: pikepdf.Pdf, rect: list[float], content: bytes) -> pikepdf.Stream:
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    return pdf.make_stream(content, Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, w, h])


def _box_stream(rect: list[float]) -> bytes:
    w, h, half = rect[2] - rect[0], rect[3] - rect[1], BORDER_WIDTH / 2
    r, g, b = RED
    return f"q {r} {g} {b} RG {BORDER_WIDTH} w {half} {half} {w - BORDER_WIDTH:.2f} {h - BORDER_WIDTH:.2f} re S Q".encode()


def _icon_stream(rect: list[float]) -> bytes:
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    r, g, b = RED
    f1, f2, f3 = NOTE_FILL
    # a filled note with a red rim and an exclamation bar
    return (f"q {f1} {f2} {f3} rg {r} {g} {b} RG 1 w 0.5 0.5 {w - 1} {h - 1} re B "
            f"{r} {g} {b} rg {w / 2 - 1:.2f} {h * 0.4:.2f} 2 {h * 0.45:.2f} re f "
            f"{w / 2 - 1:.2f} {h * 0.18:.2f} 2 2 re f Q").encode()


def _annotation(pdf: pikepdf.Pdf, page: pikepdf.Page, rect: list[float], finding: Any, boxed: bool,
                moment: str) -> None:
    annot = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Square if boxed else Name.Text, Rect=rect, C=RED, F=PRINT_FLAG,
        Contents=String(note_text(finding)), T=String(AUTHOR), Subj=String(f"{finding.severity} {finding.rule}"),
        NM=String(finding.id or finding.rule), M=String(moment), CreationDate=String(moment),
        AP=Dictionary(N=_appearance(pdf, rect, _box_stream(rect) if boxed else _icon_stream(rect))),
    ))
    if boxed:
        annot.BS = Dictionary(W=BORDER_WIDTH, S=Name.S)
    else:
        annot.Name = Name.Comment
    media = [float(v) for v in page.mediabox]
    left = min(rect[2] + NOTE_GAP, media[2] - POPUP_SIZE[0])
    top = min(rect[3], media[3])
    popup = pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.Popup, Parent=annot, Open=False,
        Rect=[left, max(media[1], top - POPUP_SIZE[1]), left + POPUP_SIZE[0], top],
    ))
    annot.Popup = popup
    if Name.Annots not in page.obj:
        page.obj.Annots = Array()
    page.obj.Annots.extend([annot, popup])


def annotated_pdf(data: bytes, report: Report, findings: Sequence[Any]) -> bytes:
    """The original PDF bytes with one annotation per finding that names one of its pages
    (pass the findings to send: a dismissed finding is left out by the caller)."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except (pikepdf.PdfError, pikepdf.PasswordError) as err:
        raise AnnotationUnavailable("原文件不是可读的PDF，无法生成批注版。") from err
    places = fact_places(report)
    moment = datetime.now(UTC).strftime("D:%Y%m%d%H%M%SZ")
    margin_notes: Counter[int] = Counter()
    with pdf, PageText(data) as text:
        for finding in findings:
            pages = [p for p in (getattr(finding, "pages", None) or []) if 1 <= p <= len(pdf.pages)]
            if not pages:
                continue
            page_no, box = _anchor(finding, finding_marks(finding, places, text))
            page = pdf.pages[page_no - 1]
            rotation = int(page.rotation) % 360
            media = [float(v) for v in page.mediabox]
            width, height = media[2] - media[0], media[3] - media[1]
            if box is not None:
                x0, top, x1, bottom = box
                shown = (x0 - PAD, top - PAD, x1 + PAD, bottom + PAD)
            else:  # a note icon down the left margin, one under the other
                step = NOTE_SIZE + NOTE_GAP
                rows = max(1, int(((width if rotation in (90, 270) else height) - NOTE_GAP) // step))
                top = NOTE_GAP + step * (margin_notes[page_no] % rows)
                margin_notes[page_no] += 1
                shown = (NOTE_GAP, top, NOTE_GAP + NOTE_SIZE, top + NOTE_SIZE)
            _annotation(pdf, page, _to_pdf(shown, width, height, rotation), finding, box is not None, moment)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()
