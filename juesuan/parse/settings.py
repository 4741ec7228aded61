"""Parser settings, validated on construction (as pdfplumber validates its table settings)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseSettings:
    max_pages: int = 300  # a real report has 15–40 pages; past this we refuse before reading
    max_bytes: int = 100 * 1024 * 1024
    # Read PDF tables from their drawn lines where there are some; False reads every table
    # from its words' positions alone, as for a PDF drawn without rules (tests, checks).
    rulings: bool = True

    def __post_init__(self):
        if not isinstance(self.max_pages, int) or self.max_pages < 1:
            raise ValueError(f"max_pages must be a positive integer, got {self.max_pages!r}")
        if not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise ValueError(f"max_bytes must be a positive integer, got {self.max_bytes!r}")
