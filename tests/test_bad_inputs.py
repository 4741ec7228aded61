"""Each file in corpus/bad/ gets its typed error and the Chinese message its README gives,
quickly and without a traceback; renamed-docx.pdf is read as the Word document it is."""
from __future__ import annotations

import time

import pytest

from juesuan.parse import ParseSettings, parse_report
from juesuan.parse.errors import (
    BudgetNotFinalError,
    CorruptFileError,
    EmptyFileError,
    EncryptedError,
    NotAReportError,
    TooManyPagesError,
)
from juesuan.parse.reader import read_document

from .corpus import corpus_file, parsed

FAST_SECONDS = 10  # the README asks for "well under 15 s"

CASES = [
    ("empty.pdf", EmptyFileError, "文件为空（0字节），请重新选择文件。"),
    ("encrypted.pdf", EncryptedError,
     "该PDF文件已加密（需要打开密码），无法读取。请提供未加密的文件，或先用密码打开后另存为不加密的PDF再上传。"),
    ("truncated.pdf", CorruptFileError, "文件不完整或已损坏（可能下载/上传中断），无法打开。请重新下载或导出后再上传。"),
    ("not-a-report.pdf", NotAReportError,
     "未识别到决算公开报表内容（未找到“收入支出决算总表/公开01表”等表格）。请确认上传的是单位/部门决算公开文件。"),
    ("huge-page-count.pdf", TooManyPagesError,
     "文件页数过多（396页），超出单份决算公开文件的合理范围（一般不超过100页），已停止解析。请确认文件内容或拆分后上传。"),
    ("budget-not-final.pdf", BudgetNotFinalError,
     "该文件是部门预算公开文件（封面为“2023年度部门预算”），不是决算公开文件，无法按决算进行审核。"
     "请上传部门决算公开文件（含“收入支出决算总表”等决算表）。"),
]


@pytest.mark.parametrize("name, error, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_its_message(name, error, message):
    path = corpus_file(f"bad/{name}")
    start = time.perf_counter()
    with pytest.raises(error) as caught:
        parse_report(path)
    assert caught.value.message == message
    assert time.perf_counter() - start < FAST_SECONDS


def test_page_limit_is_a_setting_and_names_the_actual_count():
    data = corpus_file("yangquan-2024.pdf").read_bytes()
    with pytest.raises(TooManyPagesError) as caught:
        read_document(data, "yangquan-2024.pdf", ParseSettings(max_pages=10))
    assert "（22页）" in caught.value.message
    assert read_document(data, "yangquan-2024.pdf", ParseSettings(max_pages=22)).page_count == 22


def test_renamed_docx_is_read_as_word_with_a_note():
    doc = read_document(corpus_file("bad/renamed-docx.pdf").read_bytes(), "renamed-docx.pdf")
    seed = read_document(corpus_file("yangquan-2024.docx").read_bytes(), "yangquan-2024.docx")
    assert doc.kind == "docx"
    assert doc.notes == ["文件扩展名为.pdf，但内容是Word文档（.docx），已按Word文档读取。"]
    assert doc.blocks == seed.blocks


def test_renamed_docx_parses_to_the_seed_tables():
    report = parse_report(corpus_file("bad/renamed-docx.pdf"))
    assert report.source.kind == "docx"
    assert "文件扩展名为.pdf，但内容是Word文档（.docx），已按Word文档读取。" in report.source.notes
    assert "公开01" in report.tables


REPORTS = ["yangquan-2024.pdf", "yangquan-2024.docx", "yangquan-2024.txt", "shifan-datacenter-2023.pdf",
           "shifan-datacenter-2024.pdf", "shifan-transport-2024.pdf", "shifan-transport-2024.xlsx",
           "real/shanghai-putuo-guihuaziyuan-2024.pdf", "real/shanghai-putuo-shehuigongzuobu-2024.pdf",
           "real/chongqing-swu-2023.pdf"]


@pytest.mark.parametrize("name", REPORTS)
def test_no_final_accounts_report_is_refused_as_a_budget(name):
    assert parsed(name).tables  # parse_report refuses a budget before reading any table


def _seed_text() -> str:
    return corpus_file("yangquan-2024.txt").read_bytes().decode("utf-8")


def _is_table_title(line: str) -> bool:
    return line.strip().endswith(("决算表", "决算总表", "决算明细表")) and "，" not in line


def test_a_budget_pdf_is_refused_from_its_cover_before_its_pages_are_read(monkeypatch):
    import juesuan.parse

    def read_document(*args, **kwargs):
        raise AssertionError("the pages were read")

    monkeypatch.setattr(juesuan.parse, "read_document", read_document)
    with pytest.raises(BudgetNotFinalError):
        parse_report(corpus_file("bad/budget-not-final.pdf"))


def test_a_final_report_made_into_a_budget_is_refused_as_one():
    """The seed with every 决算 said as 预算 (cover, contents, table titles, prose): a budget,
    known by its cover; without a cover, by its tables' titles."""
    budget = _seed_text().replace("决算", "预算")
    with pytest.raises(BudgetNotFinalError) as caught:
        parse_report(budget.encode("utf-8"), "budget.txt")
    assert caught.value.message.startswith("该文件是单位预算公开文件（封面为“2024年度单位预算”），不是决算公开文件")
    body = budget[budget.index("第一部分 概况\n"):]  # no cover, no contents
    with pytest.raises(BudgetNotFinalError) as caught:
        parse_report(body.encode("utf-8"), "budget.txt")
    assert caught.value.message.startswith("该文件是部门/单位预算公开文件（表格为“收入支出预算总表”等预算表），不是决算公开文件")


def test_a_final_report_saying_budget_everywhere_but_in_its_table_titles_is_read():
    """预算数 columns, 年初预算 prose, even a cover saying 预算: the 决算 table titles decide."""
    lines = _seed_text().splitlines()
    said = [line if _is_table_title(line) else line.replace("决算", "预算") for line in lines]
    assert sum("决算" in line for line in said) >= 5 and sum("预算" in line for line in said) > 50
    report = parse_report("\n".join(said).encode("utf-8"), "final.txt")
    assert "公开01" in report.tables


def test_the_command_line_refuses_a_budget_with_exit_2(capsys, tmp_path):
    from juesuan.cli import main

    assert main(["check", str(corpus_file("bad/budget-not-final.pdf"))]) == 2
    assert "不是决算公开文件" in capsys.readouterr().err
    made = tmp_path / "budget.txt"
    made.write_text(_seed_text().replace("决算", "预算"), encoding="utf-8")
    assert main(["facts", str(made)]) == 2
    captured = capsys.readouterr()
    assert "该文件是单位预算公开文件" in captured.err and not captured.out
