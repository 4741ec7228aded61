"""Where a finding's numbers stand on their pages: the boxes the page image and the annotated
PDF draw.

A table cell carries its box from the parser (`Cell.bbox`). A narrative figure, a
performance-table figure and a passage a finding quotes have only a page: they are found in
that page's text here, when a page is drawn, by their number (and the sentence it was read
from). A figure found nowhere, or found twice with nothing to tell which one is meant, gets
no box — never a guessed one — and the page alone is named.

Boxes are (x0, top, x1, bottom) in PDF points from the page's top-left (pdfplumber's
convention, as `Cell.bbox`).
"""
from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from . import keys
from .facts import sources, table_cells
from .model import BBox, Report, StatedFigure

# The figure a finding is about (its first fact) and what it was compared with (the others).
SUBJECT, COUNTERPART = "subject", "counterpart"

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
HINT_REACH = 16  # characters before a number searched for the words that name it
MIN_QUOTE = 4  # a quoted passage shorter than this is too common to place


@dataclass(frozen=True)
class Mark:
    page: int
    bbox: BBox | None  # None: only the page is known
    role: str  # SUBJECT or COUNTERPART
    key: str = ""  # the fact key, '' for a quoted passage


@dataclass(frozen=True)
class Place:
    """Where the report printed a fact, as the model knows it."""

    page: int | None
    bbox: BBox | None
    amount: Decimal | None  # the figure (None where it could not be read)
    hints: tuple[str, ...] = ()  # words printed just before it that name it
    quote: str = ""  # the sentence it was read from (narrative figures)


def _union(boxes: Iterable[BBox]) -> BBox | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _fold(text: str) -> str:
    """Compare text as the reader does: full-width forms folded, whitespace ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _amount(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None


class PageText:
    """The characters of a PDF's pages with their boxes, read once per page (pdfplumber) and
    searched in reading order with whitespace and full-width forms folded."""

    def __init__(self, data: bytes):
        import pdfplumber  # the parser's reader: the boxes then agree with Cell.bbox

        self._pdf = pdfplumber.open(io.BytesIO(data))
        self._pages: dict[int, tuple[str, list[BBox]]] = {}

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> PageText:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    @property
    def page_count(self) -> int:
        return len(self._pdf.pages)

    def size(self, page: int) -> tuple[float, float]:
        p = self._pdf.pages[page - 1]
        return float(p.width), float(p.height)

    def _page(self, page: int) -> tuple[str, list[BBox]]:
        """The page's folded text and, for each of its characters, the box of the printed
        character it came from."""
        if page not in self._pages:
            text, boxes = [], []
            if 1 <= page <= len(self._pdf.pages):
                lines = self._pdf.pages[page - 1].dedupe_chars().extract_text_lines(return_chars=True)
                for line in lines:
                    for ch in line["chars"]:
                        folded = _fold(ch["text"])
                        text.append(folded)
                        boxes.extend([(ch["x0"], ch["top"], ch["x1"], ch["bottom"])] * len(folded))
            self._pages[page] = ("".join(text), boxes)
        return self._pages[page]

    def passage(self, page: int, text: str) -> tuple[int, int] | None:
        """The span of `text` in the page's folded text (its first occurrence)."""
        needle = _fold(text)
        if len(needle) < MIN_QUOTE:
            return None
        start = self._page(page)[0].find(needle)
        return (start, start + len(needle)) if start >= 0 else None

    def box(self, page: int, span: tuple[int, int]) -> BBox | None:
        return _union(self._page(page)[1][span[0]:span[1]])

    def number(self, page: int, amount: Decimal, hints: Sequence[str] = (), within: tuple[int, int] | None = None,
               ) -> BBox | None:
        """The box of a number printed on a page, or within a span of it, sign aside
        ('减少264.73' states -264.73). Several candidates: the one the `hints` name just
        before it; none named, the first within a sentence, none on a page."""
        wanted = abs(amount)
        folded, boxes = self._page(page)
        start, end = within or (0, len(folded))
        found = [m for m in _NUMBER.finditer(folded, start, end) if _amount(m.group()) == wanted]
        if not found:
            return None
        named = [m for m in found if any(_fold(h) in folded[max(0, m.start() - HINT_REACH):m.start()] for h in hints if h)]
        if named:
            chosen = named[0]
        elif len(found) == 1 or within is not None:
            chosen = found[0]
        else:
            return None
        return _union(boxes[chosen.start():chosen.end()])


def fact_places(report: Report) -> dict[str, Place]:
    """Every fact key of the report → where it was printed (the first statement of a
    narrative figure, as the facts export)."""
    places: dict[str, Place] = {}
    for key, holder, page in sources(report):
        if key in places:
            continue
        if isinstance(holder, StatedFigure):
            places[key] = Place(page, None, holder.value, (holder.measure, holder.subject), holder.quote)
        else:  # a performance figure is named by its measure, the key's last part
            places[key] = Place(page, holder.bbox, holder.value, (keys.last(key),))
    return places


def locate(place: Place, text: PageText | None) -> BBox | None:
    """The box of a fact: the parser's, else its number found on its page."""
    if place.bbox is not None or text is None or place.page is None:
        return place.bbox
    span = text.passage(place.page, place.quote) if place.quote else None
    found = text.number(place.page, place.amount, place.hints, within=span) if place.amount is not None else None
    if found is None and span is not None:
        return text.box(place.page, span)  # the number is not printed as read: mark the sentence
    return found


def finding_marks(finding: Any, places: dict[str, Place], text: PageText | None = None) -> list[Mark]:
    """The marks of one finding: each fact it compares with its box (the first fact is the
    figure in question), else the passage it quotes, found on its pages."""
    marks: list[Mark] = []
    for i, key in enumerate(getattr(finding, "facts", None) or ()):
        place = places.get(key)
        if place is None or place.page is None:
            continue
        marks.append(Mark(place.page, locate(place, text), SUBJECT if i == 0 else COUNTERPART, key))
    if any(m.bbox for m in marks) or text is None:
        return marks
    pages = getattr(finding, "pages", None) or []
    # a passage may run on past the page a finding names (a form continued overleaf)
    for quoted in _quotes(finding):
        for page in dict.fromkeys([*pages, *(p + 1 for p in pages)]):
            span = text.passage(page, quoted)
            if span is not None:
                return marks + [Mark(page, text.box(page, span), SUBJECT)]
    return marks


def _quotes(finding: Any) -> list[str]:
    values = getattr(finding, "values", None) or {}
    return [v for v in values.values() if isinstance(v, str) and len(_fold(v)) >= MIN_QUOTE]


def table_region(report: Report, page: int, marks: Sequence[Mark]) -> BBox | None:
    """What to zoom to on a page: the tables printed there that hold a marked figure (all
    their cells' boxes), and the marks themselves."""
    marked = {keys.table_of(m.key) for m in marks if m.page == page and m.key}
    boxes = [m.bbox for m in marks if m.page == page and m.bbox]
    for table_id in marked - {None}:
        table = report.tables.get(table_id)
        if table is not None:
            boxes += [c.bbox for _k, c, p in table_cells(table) if p == page and c.bbox]
    return _union(boxes)
