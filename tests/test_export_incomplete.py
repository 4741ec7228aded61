"""A report with pages that could not be read says so on every export — the deck's cover, the
brief's header (still one A4 page), the workbook's first sheet — and on 演示模式's cover, in
the words the sidebar and the command line use."""
from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from components import state
from juesuan import ingest
from juesuan.checks import run_checks
from juesuan.describe import incomplete_note
from juesuan.export.html import build_html, find_chromium, html_to_pdf
from juesuan.export.pptx import build_pptx
from juesuan.export.xlsx import build_xlsx
from juesuan.parse import parse_report
from tests import hostile
from tests.corpus import parsed
from tests.store_support import app_library
from tests.test_export_brief import _visible
from tests.test_export_pages import HARNESS

ROOT = Path(__file__).resolve().parents[1]
NOTE = "注意：第23、24、25页未能读取，报告不完整，其中的表格和数字未显示、未审核。"


@pytest.fixture(scope="module")
def incomplete():
    """The seed PDF with three blank scans after it, parsed and checked."""
    data = hostile.incomplete_pdf()
    report = parse_report(data, "incomplete.pdf")
    assert report.source.unread_pages == [23, 24, 25]
    return data, report, run_checks(report).findings


def test_the_note_names_the_unread_pages_and_a_whole_report_has_none(incomplete):
    _, report, _ = incomplete
    assert incomplete_note(report) == NOTE
    assert incomplete_note(parsed("yangquan-2024.pdf")) == ""


def test_the_deck_cover_carries_the_note(incomplete):
    _, report, findings = incomplete
    cover = Presentation(io.BytesIO(build_pptx(report, findings))).slides[0]
    lines = cover.placeholders[1].text_frame.text.splitlines()
    assert lines[-1] == NOTE and lines[0].endswith("会议材料")
    seed = parsed("yangquan-2024.pdf")
    whole = Presentation(io.BytesIO(build_pptx(seed, run_checks(seed).findings))).slides[0]
    assert "未能读取" not in whole.placeholders[1].text_frame.text


def test_the_workbook_says_it_first(incomplete):
    _, report, findings = incomplete
    first = load_workbook(io.BytesIO(build_xlsx(report, findings))).worksheets[0]
    assert first.title == "概况" and first["A2"].value == NOTE and first["A2"].font.b


def test_the_brief_header_carries_the_note(incomplete):
    _, report, findings = incomplete
    text = _visible(build_html(report, findings)).text
    assert NOTE in text
    assert text.index(NOTE) < text.index("本年收入合计")  # in the header, above the numbers


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine")
def test_the_printed_brief_is_still_one_a4_page_with_the_note(incomplete):
    _, report, findings = incomplete
    with pdfplumber.open(io.BytesIO(html_to_pdf(build_html(report, findings)))) as doc:
        assert len(doc.pages) == 1
        text = "".join(doc.pages[0].extract_text().split())
    assert NOTE in text


def test_the_presentation_cover_carries_the_note(incomplete, tmp_path):
    data, _, _ = incomplete
    with app_library(f"sqlite:///{tmp_path / 'library.db'}"):
        entry = ingest.ingest(ingest.in_process, state.library(), data, "incomplete.pdf").entry
        at = AppTest.from_string(HARNESS.format(root=str(ROOT), page=str(ROOT / "pages" / "present.py")),
                                 default_timeout=240)
        at.session_state[state.PENDING] = entry.id
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert NOTE in "\n".join(h.proto.body for h in at.get("html"))
