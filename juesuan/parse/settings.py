"""Parser settings, validated on construction (as pdfplumber validates its table settings)."""
from __future__ import annotations

from dataclasses import dataclass

RULINGS = ("all", "horizontal", "none")


@dataclass(frozen=True)
class ParseSettings:
    max_pages: int = 300  # a real report has 15–40 pages; past this we refuse before reading
    max_bytes: int = 100 * 1024 * 1024
    # Which drawn lines a PDF's tables are read by: "all" (cells from the lattice where
    # there is one), "horizontal" (rows by the horizontal rules, columns from the words, as
    # for a three-line table) or "none" (words' positions alone, as for a PDF drawn
    # without rules). The last two let tests read real PDFs as other layouts.
    rulings: str = "all"
    # Where a PDF's text layer and rules are read: "pdfium" (fast; pages it cannot read as
    # pdfplumber would go to pdfplumber) or "pdfplumber" alone (the reference path).
    pdf_text: str = "pdfium"
    # Pages with no text layer but a scanned image are read by OCR.
    ocr: bool = True

    def __post_init__(self):
        if self.rulings not in RULINGS:
            raise ValueError(f"rulings must be one of {RULINGS}, got {self.rulings!r}")
        if not isinstance(self.max_pages, int) or self.max_pages < 1:
            raise ValueError(f"max_pages must be a positive integer, got {self.max_pages!r}")
        if not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise ValueError(f"max_bytes must be a positive integer, got {self.max_bytes!r}")
        if self.pdf_text not in ("pdfium", "pdfplumber"):
            raise ValueError(f"pdf_text must be 'pdfium' or 'pdfplumber', got {self.pdf_text!r}")
