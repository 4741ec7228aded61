"""Where a finding's numbers stand: narrative and performance figures found on their pages,
each finding's marks (the figure in question red, what it was compared with blue), and the
page image with those boxes drawn.

The boxes are checked as test_boxes checks the table cells: the page is cropped to the box
and the text found there must hold the figure.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from PIL import Image

from juesuan.checks import run_checks
from juesuan.pageimage import COLORS, PageUnavailable, draw_marks, render_page
from juesuan.pagemarks import COUNTERPART, SUBJECT, Mark, PageText, fact_places, finding_marks, locate, table_region
from tests.corpus import corpus_file, parsed
from tests.test_narrative import DOCUMENTS as NARRATIVE_DOCUMENTS

# the documents whose prose the narrative tests read, as PDFs (pages to find figures on)
DOCUMENTS = [name for name in NARRATIVE_DOCUMENTS if name.endswith(".pdf")]


def _amounts(text: str) -> list[Decimal]:
    return [Decimal(t) for t in re.findall(r"\d+(?:\.\d+)?", "".join(text.split()).replace(",", ""))]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_narrative_figures_are_boxed_on_their_page_around_their_number(name):
    report = parsed(name)
    path = corpus_file(name)
    places = {k: p for k, p in fact_places(report).items() if k.startswith("说明.")}
    assert places, "the corpus report states figures in its prose"
    holding = 0
    with PageText(path.read_bytes()) as text, pdfplumber.open(path) as pdf:
        for place in places.values():
            box = locate(place, text)
            if box is None:
                continue
            x0, top, x1, bottom = box
            inside = pdf.pages[place.page - 1].crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5), strict=False)
            # the box is the number itself, not a sentence around it
            if _amounts(inside.extract_text() or "") == [abs(place.amount)]:
                holding += 1
    assert holding >= 0.95 * len(places), f"{holding}/{len(places)} narrative figures boxed on their number"


def test_performance_figures_are_boxed_only_where_their_page_tells_which_number_it_is():
    report = parsed("yangquan-2024.pdf")
    path = corpus_file("yangquan-2024.pdf")
    places = {k: p for k, p in fact_places(report).items() if k.startswith("绩效.") and p.page}
    with PageText(path.read_bytes()) as text, pdfplumber.open(path) as pdf:
        boxed = {k: locate(p, text) for k, p in places.items()}
        for key, box in boxed.items():
            place = places[key]
            printed = _amounts(text._page(place.page)[0]).count(place.amount)
            if box is None:
                assert printed != 1, f"{key}: printed once on its page, yet not boxed"
                continue
            inside = pdf.pages[place.page - 1].crop(box, strict=False).extract_text() or ""
            assert _amounts(inside) == [place.amount], key  # never a box on another number
    assert any(boxed.values())
    # "收入总计272.93万元，支出总计272.93万元": the measure's words tell the two apart
    with PageText(path.read_bytes()) as text:
        income = locate(fact_places(report)["说明.收支总计.收入总计"], text)
        spending = locate(fact_places(report)["说明.收支总计.支出总计"], text)
    assert income[0] < spending[0]


def test_finding_marks_put_the_figure_in_question_first_and_the_compared_ones_after():
    report = parsed("yangquan-2024.pdf")
    path = corpus_file("yangquan-2024.pdf")
    findings = run_checks(report).findings
    places = fact_places(report)
    with PageText(path.read_bytes()) as text:
        by_rule = {f.rule: (f, finding_marks(f, places, text)) for f in findings}
    sums, marks = by_rule["表内.06"]  # 301 工资福利支出 against the sum of its items
    assert [m.key for m in marks] == [k for k in sums.facts if places[k].page]
    assert marks[0].role == SUBJECT and {m.role for m in marks[1:]} == {COUNTERPART}
    assert all(m.bbox for m in marks)
    # two statements of one figure in two sections: each boxed on its own page
    repeated, marks = by_rule["文内.前后一致"]
    assert sorted(m.page for m in marks) == sorted(repeated.pages)
    # a text finding quoting a passage: the passage is boxed where it is printed
    doubled, marks = by_rule["文字.重复词"]
    assert len(marks) == 1 and marks[0].bbox and marks[0].page in doubled.pages


def _colour_inside(image: Image.Image, box, scale: float, colour) -> bool:
    """Whether `colour` is drawn around the box (within a few points of it)."""
    x0, top, x1, bottom = box
    region = image.crop(tuple(int(v * scale) for v in (x0 - 5, top - 5, x1 + 5, bottom + 5)))
    return any(pixel[:3] == colour for pixel in region.get_flattened_data())


def test_the_page_image_boxes_the_figures_and_zooms_to_the_table():
    report = parsed("yangquan-2024.pdf")
    data = corpus_file("yangquan-2024.pdf").read_bytes()
    finding = next(f for f in run_checks(report).findings if f.rule == "表内.06")
    marks = [m for m in finding_marks(finding, fact_places(report)) if m.page == finding.pages[0]]
    page = render_page(data, finding.pages[0])
    full = Image.open(io.BytesIO(page))
    assert full.width > 1000  # legible: 2 pixels per point
    drawn = Image.open(io.BytesIO(draw_marks(page, marks)))
    assert drawn.size == full.size
    subject = next(m for m in marks if m.role == SUBJECT)
    other = next(m for m in marks if m.role == COUNTERPART)
    assert _colour_inside(drawn, subject.bbox, 2.0, COLORS[SUBJECT])
    assert _colour_inside(drawn, other.bbox, 2.0, COLORS[COUNTERPART])
    assert not _colour_inside(full, subject.bbox, 2.0, COLORS[SUBJECT])

    zoomed = Image.open(io.BytesIO(draw_marks(page, marks, zoom=table_region(report, finding.pages[0], marks))))
    assert zoomed.width == full.width and zoomed.height < full.height


def test_a_page_that_is_not_there_says_so_in_chinese():
    data = corpus_file("yangquan-2024.pdf").read_bytes()
    with pytest.raises(PageUnavailable, match="没有第99页"):
        render_page(data, 99)
    with pytest.raises(PageUnavailable, match="无法打开"):
        render_page(b"not a pdf", 1)


def test_an_oversized_page_is_drawn_small_and_its_boxes_where_they_stand():
    import pikepdf

    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(14400, 14400))  # the largest page PDF allows: 5 metres a side
    buffer = io.BytesIO()
    pdf.save(buffer)
    page = render_page(buffer.getvalue(), 1)
    full = Image.open(io.BytesIO(page))
    assert max(full.size) <= 2400
    box = (7000.0, 7000.0, 7400.0, 7400.0)
    drawn = Image.open(io.BytesIO(draw_marks(page, [Mark(1, box, SUBJECT)])))
    scale = full.width / 14400
    assert _colour_inside(drawn, box, scale, COLORS[SUBJECT])
    assert not _colour_inside(drawn, (100.0, 100.0, 500.0, 500.0), scale, COLORS[SUBJECT])
