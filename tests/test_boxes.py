"""Where each number stands: every table fact read from a PDF has the box it was printed in.

The box is checked the way a reviewer would use it: the page is cropped to it and the text
found there must be the printed number.
"""
from __future__ import annotations

import pdfplumber
import pytest

from juesuan.facts import table_cells
from tests.corpus import PDF_DOCUMENTS, corpus_file, parsed


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace(",", "")


@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_every_table_number_has_a_box_holding_it(name):
    report = parsed(name)
    printed = [(key, cell, page) for table in report.tables.values() for key, cell, page in table_cells(table)
               if cell.value is not None]
    boxed = 0
    with pdfplumber.open(corpus_file(name)) as pdf:
        for _key, cell, page in printed:
            if cell.bbox is None or page is None:
                continue
            x0, top, x1, bottom = cell.bbox
            region = pdf.pages[page - 1].crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5), strict=False)
            if _squeeze(cell.text) in _squeeze(region.extract_text() or ""):
                boxed += 1
    assert boxed >= 0.99 * len(printed), f"{boxed}/{len(printed)} table numbers found in their boxes"
