"""PDFium's text layer and rules read as pdfplumber's: the fast path gives the same facts.

The default PDF path reads characters and drawn lines with PDFium (parse/pdfium_text.py)
and runs pdfplumber's word extraction and table finder on them; `pdf_text="pdfplumber"`
is the reference path that lets pdfplumber (pdfminer) read the page. Every corpus PDF must
come out byte for byte the same both ways, and the fast path must really have read it.
"""
from __future__ import annotations

import io
import json

import pdfplumber
import pypdfium2 as pdfium
import pytest

from juesuan.facts import report_facts
from juesuan.parse import ParseSettings, parse_report
from juesuan.parse.pdf import read_pdf, table_texts
from juesuan.parse.pdfium_text import PdfiumDocument

from .corpus import PDF_DOCUMENTS as DOCUMENTS
from .corpus import corpus_file

REFERENCE = ParseSettings(pdf_text="pdfplumber")


def _facts_json(path, settings: ParseSettings | None = None) -> str:
    report = parse_report(path, settings=settings or ParseSettings())
    return json.dumps(report_facts(report), ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_facts_are_the_same_byte_for_byte(name):
    path = corpus_file(name)
    assert _facts_json(path) == _facts_json(path, REFERENCE)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_line_and_cell_is_the_same(name):
    """Below the facts: every text line, grid cell text and cell box (to a hundredth of a
    point, as the facts give boxes) the page reader hands on."""
    data = corpus_file(name).read_bytes()
    assert _rounded(read_pdf(data).blocks) == _rounded(read_pdf(data, REFERENCE).blocks)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_corpus_page_is_read_by_pdfium(name):
    """The comparison above means something only if PDFium read the pages (a page it
    cannot read as pdfminer would goes to pdfplumber)."""
    data = corpus_file(name).read_bytes()
    fast = PdfiumDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        unread = [n for n, page in enumerate(pdf.pages, start=1) if fast.text_page(n, page.page_obj.resources) is None]
    fast.close()
    assert unread == []


@pytest.mark.parametrize("name", ["yangquan-2024.pdf", "real/chongqing-swu-2023.pdf", "real/shanghai-putuo-guihuaziyuan-2024.pdf"])
def test_characters_are_pdfminers(name):
    """Same characters with the same boxes (to a hundredth of a point) as pdfplumber gives,
    spaces aside (PDFium keeps fewer of them; they only ever split words)."""
    data = corpus_file(name).read_bytes()
    fast = PdfiumDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            ours = fast.text_page(number, page.page_obj.resources)

            def boxes(chars):
                return sorted((c["text"], round(c["top"], 2), round(c["x0"], 2), round(c["x1"], 2), round(c["bottom"], 2),
                               c["upright"]) for c in chars if not c["text"].isspace())

            expected, got = boxes(page.chars), boxes(ours.chars)
            assert len(got) == len(expected), number
            off = [(e, g) for e, g in zip(expected, got) if e[0] != g[0] or max(abs(a - b) for a, b in zip(e[1:5], g[1:5])) > 0.011]
            assert off == [], number
            edges = sorted((e["orientation"], round(e["x0"], 2), round(e["top"], 2), round(e["x1"], 2), round(e["bottom"], 2))
                           for e in ours.edges)
            assert edges == sorted((e["orientation"], round(e["x0"], 2), round(e["top"], 2), round(e["x1"], 2),
                                    round(e["bottom"], 2)) for e in page.edges), number
            ours.close()
            page.close()
    fast.close()


def test_table_texts_are_pdfplumbers_extract():
    with pdfplumber.open(corpus_file("yangquan-2024.pdf")) as pdf:
        tables = [(page, t) for page in pdf.pages for t in page.find_tables()]
        assert len(tables) >= 10
        for page, table in tables:
            assert table_texts(table.rows, page.chars) == table.extract()


def test_a_rotated_page_is_read_by_pdfplumber_and_reads_the_same():
    """PDFium gives a rotated page's text unrotated: that page goes to pdfplumber."""
    pdf = pdfium.PdfDocument(corpus_file("yangquan-2024.pdf"))
    pdf[3].set_rotation(90)
    buffer = io.BytesIO()
    pdf.save(buffer)
    data = buffer.getvalue()
    fast = PdfiumDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        assert fast.text_page(4, plumber.pages[3].page_obj.resources) is None
        assert fast.text_page(5, plumber.pages[4].page_obj.resources) is not None
    fast.close()
    assert _rounded(read_pdf(data).blocks) == _rounded(read_pdf(data, REFERENCE).blocks)


def _rounded(blocks) -> list:
    """Blocks as the facts see them: boxes to a hundredth of a point."""
    return [(b.page, b.text) if not hasattr(b, "rows") else
            (b.page, b.rows, [[c and tuple(round(v, 2) for v in c) for c in row] for row in b.boxes]) for b in blocks]


def test_progress_is_told_of_every_page():
    heard = []
    read_pdf(corpus_file("yangquan-2024.pdf").read_bytes(), progress=lambda done, total: heard.append((done, total)))
    assert heard == [(n, 22) for n in range(1, 23)]
