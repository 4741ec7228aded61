"""Scanned pages read by OCR (parse/ocr.py) through the same page layout as a text layer.

bad/scanned.pdf is pages 4, 8 and 14 of the seed (公开01, 公开06 and the first page of
the 情况说明) scanned at 150 dpi: its facts must be the seed's facts of those pages, on
pages 1–3, and a table OCR misreads must be marked unreliable, never shown as certain. A
PDF with some pages scanned reads its text pages as before and its scans by OCR; a scan
with nothing legible on it still gets the clear message.
"""
from __future__ import annotations

import socket
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from juesuan.facts import report_facts
from juesuan.parse import parse_report
from juesuan.parse.errors import ScannedError
from juesuan.parse.ocr import _split, page_words

from .corpus import corpus_file, parsed, truth
from .scans import with_blank_scans, with_scanned_pages

SEED = "yangquan-2024.pdf"
MIN_TABLE_SHARE = 0.95  # issue 15: ≥ 95 % of the scanned pages' table facts read right
MIN_NARRATIVE_SHARE = 0.9


def _is_table(key: str) -> bool:
    return key.startswith("公开")


def _seed_facts_on(pages: dict[int, int]) -> dict[str, tuple[object, int]]:
    """The seed's truth facts on some of its pages: key → (value, the page it lands on)."""
    return {f["key"]: (f["value"], pages[f["page"]]) for f in truth(SEED)["facts"] if f.get("page") in pages}


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 0.005
    return str(a).strip() == str(b).strip()


def _read_right(report, expected: dict[str, tuple[object, int]], table: bool) -> float:
    got = {f["key"]: f for f in report_facts(report)["facts"]}
    unreliable = {t.id for t in report.unreliable_tables}
    keys = [k for k in expected if _is_table(k) == table]
    right = [k for k in keys if k in got and _same(got[k]["value"], expected[k][0]) and got[k].get("page") == expected[k][1]
             and k.split(".")[0] not in unreliable]
    return len(right) / len(keys)


def _wrong_but_certain(report, expected: dict[str, tuple[object, int]], pages: set[int]) -> list:
    """Table facts on the scanned pages that differ from the seed in a table not marked
    unreliable."""
    unreliable = {t.id for t in report.unreliable_tables}
    return [(f["key"], f["value"], expected.get(f["key"])) for f in report_facts(report)["facts"]
            if _is_table(f["key"]) and f.get("page") in pages and f["key"].split(".")[0] not in unreliable
            and (f["key"] not in expected or not _same(f["value"], expected[f["key"]][0]))]


@cache
def _scanned():
    return parse_report(corpus_file("bad/scanned.pdf"))


def test_scanned_pdf_is_read_by_ocr_with_a_note():
    report = _scanned()
    assert report.source.ocr_pages == [1, 2, 3]
    assert report.source.unread_pages == []
    assert any("OCR" in n and "核对" in n for n in report.source.notes)
    assert {"公开01", "公开06"} <= set(report.tables)


def test_scanned_pdf_facts_are_the_seeds():
    pages = {4: 1, 8: 2, 14: 3}
    expected = _seed_facts_on(pages)
    report = _scanned()
    assert _read_right(report, expected, table=True) >= MIN_TABLE_SHARE
    assert _read_right(report, expected, table=False) >= MIN_NARRATIVE_SHARE
    assert _wrong_but_certain(report, expected, set(pages.values())) == []


@cache
def _mixed():
    return parse_report(with_scanned_pages(corpus_file(SEED).read_bytes(), [4, 8]), "mixed.pdf")


def test_a_pdf_with_some_pages_scanned():
    report = _mixed()
    assert report.source.ocr_pages == [4, 8]
    scanned = {4: 4, 8: 8}
    expected = _seed_facts_on(scanned)
    assert _read_right(report, expected, table=True) >= MIN_TABLE_SHARE
    assert _wrong_but_certain(report, expected, set(scanned)) == []
    # every fact on the text pages is what the seed PDF gives
    text_facts = [f for f in report_facts(parsed(SEED))["facts"] if f.get("page") not in scanned]
    mixed = {f["key"]: f for f in report_facts(report)["facts"]}
    assert [f for f in text_facts if mixed.get(f["key"]) != f] == []


def test_a_scan_with_nothing_legible_gets_the_clear_message():
    with pytest.raises(ScannedError) as caught:
        parse_report(with_blank_scans(None, 2), "blank.pdf")
    assert caught.value.message.startswith("该PDF为扫描件/图片，没有可提取的文字层")
    assert "文字识别（OCR）也未能" in caught.value.message


def test_the_models_ship_in_the_wheel_and_load_without_network(monkeypatch):
    import rapidocr

    from juesuan.parse import ocr

    models = Path(rapidocr.__file__).parent / "models"
    assert len(list(models.glob("*.onnx"))) >= 3  # detection, direction, recognition

    def no_network(*_args, **_kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    ocr._engine.cache_clear()  # load the models afresh, with the network cut
    try:
        page = pdfium.PdfDocument(corpus_file("bad/scanned.pdf"))[0]
        texts = [w.text for w in page_words(page)]
    finally:
        ocr._engine.cache_clear()
    assert "收入支出决算总表" in texts and "272.93" in texts


def test_a_text_box_is_cut_where_its_characters_stand_apart():
    scale = 1.0

    def char(text, x0, x1):
        return (text, 0.99, [[x0, 0], [x1, 0], [x1, 12], [x0, 12]])

    # '1' and '272.93' read as one box, 30 points apart: two words; '基本 工资' spaced
    # less than a character: one word
    boxed = [char("1", 10, 16), *[char(c, 46 + 6 * i, 52 + 6 * i) for i, c in enumerate("272.93")]]
    assert [w.text for w in _split("1 272.93", boxed, 10, 82, 0, 12, scale)] == ["1", "272.93"]
    close = [char("基", 0, 12), char("本", 13, 25), char("工", 29, 41), char("资", 42, 54)]
    assert [w.text for w in _split("基本 工资", close, 0, 54, 0, 12, scale)] == ["基本工资"]
    # no character positions (or ones that do not spell the text): the whole box
    assert [(w.text, w.x0, w.x1) for w in _split("合计", [], 5, 29, 0, 12, scale)] == [("合计", 5, 29)]
