"""PDF reader: pdfplumber, one pass over the pages, tables and the lines around them."""
from __future__ import annotations

import io

import pdfplumber

from .raw import Grid, Line, RawDocument


def _inside(line: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    mid_y = (line["top"] + line["bottom"]) / 2
    mid_x = (line["x0"] + line["x1"]) / 2
    return top <= mid_y <= bottom and x0 <= mid_x <= x1


def read_pdf(data: bytes) -> RawDocument:
    doc = RawDocument(kind="pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        doc.page_count = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            placed: list[tuple[float, object]] = []
            for table in tables:
                placed.append((table.bbox[1], Grid(table.extract(), page=number)))
            for line in page.extract_text_lines():
                if not any(_inside(line, t.bbox) for t in tables):
                    placed.append((line["top"], Line(line["text"], page=number)))
            placed.sort(key=lambda item: item[0])
            doc.blocks.extend(block for _, block in placed)
            page.close()  # frees the page's parsed objects: memory stays flat on long files
    return doc
