"""The Excel workbook, read back with openpyxl: sheets per table, cells as the report prints them,
the facts and the findings, and text that looks like a formula staying text."""
from __future__ import annotations

import copy
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from juesuan.checks import run_checks
from juesuan.checks.names import FactNames
from juesuan.export.xlsx import build_xlsx
from juesuan.facts import report_facts
from juesuan.model import Row
from tests.corpus import parsed

SEED, TRANSPORT = "yangquan-2024.pdf", "shifan-transport-2024.pdf"
FACT_KEY = re.compile(r"(公开\d\d|说明|绩效)\.[^\s，。、；）]")


def _workbook(report, findings=None):
    return load_workbook(io.BytesIO(build_xlsx(report, findings)))


def _sheet_for(wb, table_id: str):
    (name,) = [n for n in wb.sheetnames if n.startswith(table_id + " ")]
    return wb[name]


def _rows_by_label(ws) -> dict[str, list[list]]:
    """Each printed label (in any column) → the cells to its right, for every place it stands."""
    found: dict[str, list[list]] = {}
    for row in ws.iter_rows(values_only=True):
        for i, value in enumerate(row):
            if isinstance(value, str):
                found.setdefault(value, []).append(list(row[i + 1:]))
    return found


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_overview_measures_one_sheet_per_table_then_facts_and_findings(name):
    report = parsed(name)
    findings = run_checks(report).findings
    wb = _workbook(report, findings)
    assert wb.sheetnames[:2] == ["概况", "主要指标"]
    table_sheets = wb.sheetnames[2:-2]
    assert [n.split(" ")[0] for n in table_sheets] == list(report.tables)
    assert wb.sheetnames[-2:] == ["事实清单", "审核发现"]
    for table_id, table in report.tables.items():
        ws = _sheet_for(wb, table_id)
        assert ws["A1"].value == table.title
        assert f"名称：{table.unit_name or report.header.unit}" in ws["A2"].value  # as the table prints it


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_table_cells_are_the_report_numbers(name):
    report = parsed(name)
    wb = _workbook(report)
    checked = 0
    for table_id, table in report.tables.items():
        cells = _rows_by_label(_sheet_for(wb, table_id))
        for row in table.rows:
            amounts = [float(c.value) for c in row.cells.values() if c.value is not None]  # printed order
            if not amounts:
                continue
            label = row.label if row.label in cells else row.key.split(".")[-1]
            # the row's own amounts come first after its label, in column order ('总计' stands on both sides)
            written = [[v for v in place if isinstance(v, (int, float))][: len(amounts)] for place in cells[label]]
            assert pytest.approx(amounts) in written, (table_id, row.key)
            checked += 1
    assert checked >= 30


def test_two_sided_table_is_laid_out_income_left_expenditure_right():
    report = parsed(TRANSPORT)
    ws = _sheet_for(_workbook(report), "公开01")
    header = [c.value for c in ws[4]]
    assert header[:3] == ["收入项目", "行次", "金额"] and header[3] == "支出项目"
    t01 = report.table("公开01")
    body = range(5, 5 + max(sum(r.key.startswith(side) for r in t01.rows) for side in ("收入.", "支出.")))
    income = [ws.cell(r, 1).value for r in body if ws.cell(r, 1).value]
    spending = [ws.cell(r, 4).value for r in body if ws.cell(r, 4).value]
    assert income == [r.label for r in t01.rows if r.key.startswith("收入.")]
    assert spending == [r.label for r in t01.rows if r.key.startswith("支出.")]
    assert ws.cell(5, 3).number_format == "#,##0.00"


def test_facts_sheet_is_the_facts_export():
    report = parsed(SEED)
    ws = _workbook(report)["事实清单"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    facts = report_facts(report)["facts"]
    names = FactNames(report)
    assert [c.value for c in ws[1]] == ["项目", "数值", "单位", "页码", "事实键"]
    assert len(rows) == len(facts)
    for (label, value, unit, page, key), fact in zip(rows, facts):
        assert key == fact["key"]
        assert label == names(key) and not label.startswith(key)  # in words: 公开01表收入方“总计”行
        assert (unit or "") == names.unit(key)
        assert value == (pytest.approx(fact["value"]) if isinstance(fact["value"], (int, float)) else fact["value"])
        assert (page or None) == fact.get("page")


@pytest.mark.parametrize("name", [SEED, TRANSPORT])
def test_findings_sheet_lists_every_finding_with_pages_a_numeric_gap_and_a_link(name):
    report = parsed(name)
    findings = run_checks(report).findings
    wb = _workbook(report, findings)
    ws = wb["审核发现"]
    assert [c.value for c in ws[1]] == ["严重程度", "类别", "问题", "差额", "页码", "所在单元格"]
    rows = list(ws.iter_rows(min_row=2))
    assert sorted(r[2].value for r in rows) == sorted(f.message for f in findings)
    by_message = {r[2].value: r for r in rows}
    problems = [r[0].value for r in rows if r[1].value != "（因此不一致）"]
    assert problems == sorted(problems, key=["错误", "警告", "提示"].index)
    linked = 0
    for f in findings:
        row = by_message[f.message]
        assert row[4].value == "、".join(map(str, f.pages))
        gap = f.values.get("差额")
        if isinstance(gap, (int, float)):
            assert row[3].value == pytest.approx(gap) and row[3].data_type == "n"
        for cell in row:  # no fact key in the sheet: every figure is named in words
            assert not isinstance(cell.value, str) or not FACT_KEY.search(cell.value), cell.value
        link = row[5].hyperlink
        if link is not None:
            sheet, ref = link.location.rsplit("!", 1)
            target = wb[sheet.strip("'")][ref]
            assert target.value is None or isinstance(target.value, (int, float)), (f.message, link.location)
            assert f.message in target.comment.text  # the cell says which finding it is in
            linked += 1
    assert linked, "table findings link to their cells"


@pytest.mark.parametrize("name", [SEED, TRANSPORT, "real/shanghai-putuo-guihuaziyuan-2024.pdf"])
def test_every_sheet_prints_a4_landscape_one_page_wide_with_its_header(name):
    report = parsed(name)
    wb = _workbook(report, run_checks(report).findings)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages long as it takes
    for table_id, table in report.tables.items():
        ws = _sheet_for(wb, table_id)
        if table.rows:
            assert ws.print_title_rows == "$4:$4", ws.title


def test_two_sided_table_lines_up_as_printed():
    """公开01: income and expenditure lines that share a printed line share a row; 合计 meets 合计."""
    report = parsed(TRANSPORT)
    ws = _sheet_for(_workbook(report), "公开01")
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    pairs = {(r[0], r[3]) for r in rows}
    assert ("本年收入合计", "本年支出合计") in pairs
    assert ("总计", "总计") in pairs


def test_table_06_is_laid_out_in_its_printed_column_groups():
    """人员经费 classes down the left, 公用经费 down the right, each in printed order."""
    report = parsed("real/shanghai-putuo-guihuaziyuan-2024.pdf")
    ws = _sheet_for(_workbook(report), "公开06")
    table = report.table("公开06")
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    left = [r[0] for r in rows if r[0] and r[0].isdigit()]
    right = [r[3] for r in rows if r[3] and r[3].isdigit()]
    assert rows[0][0] == "301" and rows[0][3] == "302"  # the first printed line
    codes = [r.code for r in table.rows if r.code]
    assert left == [c for c in codes if c[:3] in ("301", "303")]
    assert right == [c for c in codes if c[:3] not in ("301", "303")]


def test_workbook_without_review_has_no_findings_sheet():
    wb = _workbook(parsed(SEED), None)
    assert "审核发现" not in wb.sheetnames
    assert _rows_by_label(wb["概况"])["审核发现"][0][0] == "未运行"


def test_formula_looking_text_stays_text():
    report = copy.deepcopy(parsed(SEED))
    payloads = ['=HYPERLINK("http://example.invalid","点我")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    t06 = report.table("公开06")
    t06.rows.append(Row(key=payloads[0], label=payloads[0]))
    t06.notes.append(payloads[1])
    findings = [{"severity": "错误", "family": payloads[2], "rule": "表内", "message": payloads[3], "pages": [1]}]
    data = build_xlsx(report, findings)
    wb = load_workbook(io.BytesIO(data))
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in payloads:
                    seen[cell.value] = cell
    assert set(seen) == set(payloads)
    for cell in seen.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets), "no cell may carry a formula"
