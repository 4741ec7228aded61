"""Hostile report files, built here: bounded cost, errors that stay errors, and report text that
stays inert everywhere it goes — the model, the library (PostgreSQL too), every download and
every chart."""
from __future__ import annotations

import csv
import io
import json
import re
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from components import figures, page_data, rawtable
from juesuan import compare, ingest
from juesuan.export.xlsx import build_xlsx
from juesuan.parse import parse_report
from juesuan.parse.reader import read_document
from juesuan.serialize import report_to_dict
from juesuan.store import Library
from juesuan.worker import Limits, Worker

from . import hostile
from .corpus import corpus_file

INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def test_word_span_bomb_is_read_in_bounded_time_and_memory():
    data = hostile.span_bomb_docx()
    assert len(data) < 60_000
    worker = Worker(Limits(timeout=60, memory_mb=300))
    started = time.monotonic()
    try:
        report = worker.run(ingest.parse_file, data, "bomb.docx")
    finally:
        worker.kill()
    assert time.monotonic() - started < 30
    assert worker.peak_mb < 300 + 300  # the cap, plus the loaded program
    grid = report.tables["公开01"] if report.tables else None
    assert grid is None or all(len(r.cells) < 100 for r in grid.rows)


def test_out_of_memory_on_a_pdf_page_is_not_a_damaged_page(monkeypatch):
    from juesuan.parse import pdf as pdf_module

    original = pdf_module._page_blocks

    def failing_on_page_2(failure):
        def blocks(page, number, *rest):
            if number == 2:
                raise failure()
            return original(page, number, *rest)
        return blocks

    data = corpus_file("yangquan-2024.pdf").read_bytes()
    monkeypatch.setattr(pdf_module, "_page_blocks", failing_on_page_2(MemoryError))
    with pytest.raises(MemoryError):
        read_document(data, "a.pdf")
    monkeypatch.setattr(pdf_module, "_page_blocks", failing_on_page_2(ValueError))
    report = parse_report(data, "a.pdf")  # a damaged page is skipped, and the report says so
    assert report.source.unread_pages == [2] and report.incomplete


def test_pages_that_cannot_be_read_make_the_report_incomplete():
    report = parse_report(hostile.incomplete_pdf(), "incomplete.pdf")
    assert report.source.unread_pages == [23, 24, 25] and report.incomplete
    assert "公开01" in report.tables  # what could be read is there


def test_control_characters_never_enter_the_model_or_the_library(library_url):
    """NUL and a bidi override in the unit name, a table label and the prose: stripped where
    text enters the model, so PostgreSQL (which refuses NUL) stores the upload."""
    data = hostile.invisible_report()
    lib = Library(library_url)
    entry = ingest.ingest(ingest.in_process, lib, data, "报告\x00\u202e.txt").entry
    assert entry.unit == "阳泉市国库集中支付中心" and entry.filename == "报告.txt"
    stored = json.dumps(report_to_dict(lib.load(entry.id)), ensure_ascii=False)
    assert not INVISIBLE.search(stored)
    assert "一般公共服务支出" in stored
    assert not any(INVISIBLE.search(json.dumps(f, ensure_ascii=False)) for f in lib.findings(entry.id))


def _workbook_cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _csv_cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]


def test_formula_text_stays_text_in_every_download():
    report = parse_report(hostile.formula_report(), "formula.txt")
    findings = ingest.restored_result(ingest.check_report(report)).findings
    workbooks = {"原始表格 Excel": rawtable.excel_bytes(report), "会议导出 workbook": build_xlsx(report, findings)}
    for name, data in workbooks.items():
        cells = _workbook_cells(data)
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert any(t.startswith("=HYPERLINK") for t in texts) or name == "原始表格 Excel"
        assert any(t.startswith("=cmd|") for t in texts), name
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        assert all(c.quotePrefix for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "@")))
    frames = {t.id: rawtable.csv_bytes(t) for t in report.tables.values()}
    frames["对比分析"] = compare.csv_bytes(pd.DataFrame({"单位": [report.header.unit, "@SUM(1+1)", "-2+3"],
                                                        "金额": [1.5, -2.25, 3.0]}))
    seen = set()
    for name, data in frames.items():
        for cell in _csv_cells(data):
            assert not cell.lstrip().startswith(("=", "+", "@")) or re.fullmatch(r"[+-]?[\d.,]+%?", cell), (name, cell)
            seen.add(cell)
    assert {"'=cmd|'/Ccalc'!A0", "'=HYPERLINK(\"http://example.invalid\",\"点击\")", "'@SUM(1+1)", "'-2+3", "-2.25"} <= seen


def test_report_text_is_inert_in_every_chart():
    report = parse_report(hostile.markup_report(), "markup.txt")
    names = page_data.expenditure_by_class(report)
    assert any(hostile.MARKUP in n for n in names["名称"])
    marked = {names["名称"].iloc[0]: "#d00"}
    execution = page_data.budget_execution(report)
    steps = pd.DataFrame({"名称": names["名称"], "增减": [1.0] * len(names)})
    tree = page_data.expenditure_tree(report)
    built = [
        figures.ranked_bars(names, "t", marks=marked),
        figures.hierarchy(tree, "t"),
        figures.stacked_parts(page_data.basic_project_by_class(report), ["基本支出", "项目支出"], "t"),
        figures.donut(list(names["名称"]), list(names["金额"]), "t", marks=marked),
        figures.budget_vs_actual(execution, "t", marks=marked),
        figures.completion(execution, "t"),
        figures.waterfall("上年", 1.0, steps, "本年", "t"),
        figures.this_vs_last(names.assign(上年=1.0, 本年=2.0), "t"),
        figures.score_gauge(90.0, "<b>优</b>"),
        figures.findings_overview(pd.DataFrame({"类别": ["<b>x</b>"], "严重程度": ["错误"], "数量": [1]}), "t"),
    ]
    for fig in built:
        text = fig.to_json()
        assert "<b>" not in text and "<i>" not in text, text[:200]
    assert "&lt;b&gt;" in built[0].to_json()  # shown as the characters it is
