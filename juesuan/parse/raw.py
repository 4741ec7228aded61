"""The reader-neutral view of a document: its lines of text and its grids, in reading order.

Every reader (PDF, text, Word, Excel) produces a RawDocument; everything after that
(finding tables, the narrative, the 绩效自评表) reads only this, so the same logic
serves every input kind.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import BBox

# told (pages read, pages in all) as a reader goes: a scanned page takes seconds to read
Progress = Callable[[int, int], None]


@dataclass
class Line:
    """A line of running text (outside any grid)."""

    text: str
    page: int | None = None


@dataclass
class Grid:
    """A table as drawn: rows of cell texts ('' for an empty cell, None for a cell
    covered by a merged neighbour, as pdfplumber gives them), and where the source has
    positions (PDF), each cell's box on the page."""

    rows: list[list[str | None]]
    page: int | None = None
    boxes: list[list[BBox | None]] | None = None

    def box(self, r: int, c: int) -> BBox | None:
        if self.boxes is None or r >= len(self.boxes) or c >= len(self.boxes[r]):
            return None
        return self.boxes[r][c]


Block = Line | Grid


@dataclass
class RawDocument:
    blocks: list[Block] = field(default_factory=list)
    kind: str = ""  # pdf / txt / docx / xlsx
    page_count: int | None = None
    notes: list[str] = field(default_factory=list)  # reader notes shown to the user
    unread_pages: list[int] = field(default_factory=list)  # pages skipped: damaged, image only, garbled
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text OCR read (a scan)

    def lines(self) -> list[Line]:
        return [b for b in self.blocks if isinstance(b, Line)]

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    def text(self) -> str:
        return "\n".join(b.text for b in self.lines())
