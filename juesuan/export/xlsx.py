"""The workbook: the headline measures, every parsed table as a sheet laid out like the report,
the facts, the findings.

The 主要指标 sheet holds the headline numbers as every surface shows them (juesuan.metrics, in
万元, with their basis and source). Elsewhere amounts stay in the report's own money unit
(this is the data, not the meeting view), each with the page it stands on. Every cell is
written by export.sheets.put: text that a spreadsheet would take for a formula stays text, so
opening a crafted report runs nothing.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..facts import report_facts
from ..metrics import HEADLINE, headline
from ..model import TABLE_IDS, Report, Row, Table
from ..vocab import ERROR, NOTE, SEVERITIES, WARNING
from .sheets import put, sheet_name
from .slides import finding_field

AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
_FONT = "微软雅黑"
TITLE_FONT = Font(name=_FONT, size=14, bold=True)
HEAD_FONT = Font(name=_FONT, bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E9C")
TOTAL_FILL = PatternFill("solid", fgColor="EEF3FA")
SEVERITY_FILLS = {ERROR: "F8D7DA", WARNING: "FFF3CD", NOTE: "DCEBFA"}
_THIN = Side(style="thin", color="B0B7C3")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
SIDES = ("收入", "支出")
MEASURES_SHEET = "主要指标"


def _header_row(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, 1):
        cell = put(ws, row, col, label)
        cell.font, cell.fill, cell.border = HEAD_FONT, HEAD_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _body_row(ws: Worksheet, row: int, values: list[Any], total: bool = False) -> None:
    for col, value in enumerate(values, 1):
        cell = put(ws, row, col, value)
        cell.border = BORDER
        cell.font = Font(name=_FONT, bold=total)
        if total:
            cell.fill = TOTAL_FILL
        if isinstance(value, float):
            cell.number_format = AMOUNT_FORMAT
        elif isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = COUNT_FORMAT
        else:
            cell.alignment = Alignment(vertical="center", wrap_text=True)


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _is_total(row: Row) -> bool:
    return any(word in row.key for word in ("合计", "总计"))


def _number(value: Decimal | None) -> int | float | None:
    """A count printed without decimals stays a whole number (车辆数 9, not 9.00)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)


def _cells(row: Row, columns: list[str]) -> list[Any]:
    return [_number(row.value(c)) for c in columns]


def _title_block(ws: Worksheet, table: Table, report: Report, span: int) -> int:
    """Title, label and the 单位/年度/金额单位 line; returns the next free row."""
    put(ws, 1, 1, table.title).font = TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(span, 1))
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    parts = [
        table.label or table.id,
        f"单位名称：{table.unit_name or report.header.unit}",
        f"年度：{table.year or report.header.year or ''}",
        f"金额单位：{table.money_unit or report.header.money_unit}",
    ]
    put(ws, 2, 1, "　".join(parts))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(span, 1))
    return 4


def _columns_of(table: Table, rows: list[Row]) -> list[str]:
    """Amount columns in printed order: as the fullest row holds them, then any others."""
    fullest = max(rows, key=lambda r: len(r.cells), default=None)
    order = list(fullest.cells) if fullest else []
    order += [c for r in rows for c in r.cells]
    return list(dict.fromkeys(order))


def _two_sided(ws: Worksheet, table: Table, start: int) -> int:
    """公开01/04: income on the left, expenditure on the right, as printed."""
    sides = {s: [r for r in table.rows if r.key.startswith(s + ".")] for s in SIDES}
    cols = {s: _columns_of(table, sides[s]) or [""] for s in SIDES}
    heads = []
    for side in SIDES:
        heads += [f"{side}项目", "行次"] + [c or "金额" for c in cols[side]]
    _header_row(ws, start, heads)
    for i in range(max(len(v) for v in sides.values())):
        values: list[Any] = []
        total = False
        for side in SIDES:
            if i < len(sides[side]):
                r = sides[side][i]
                values += [r.label or r.key.split(".", 1)[1], r.line_no or ""] + _cells(r, cols[side])
                total = total or _is_total(r)
            else:
                values += [""] * (2 + len(cols[side]))
        _body_row(ws, start + 1 + i, values, total)
    _widths(ws, ([30, 6] + [14] * len(cols["收入"])) + ([30, 6] + [14] * len(cols["支出"])))
    return start + 1 + max(len(v) for v in sides.values())


def _one_sided(ws: Worksheet, table: Table, start: int) -> int:
    columns = _columns_of(table, table.rows) or [""]
    has_codes = any(r.code for r in table.rows)
    heads = (["科目编码", "科目名称"] if has_codes else ["项目"]) + [c or "金额" for c in columns] + ["页码"]
    _header_row(ws, start, heads)
    for i, r in enumerate(table.rows, 1):
        lead = [r.code or "", r.label] if has_codes else [r.label or r.key]
        _body_row(ws, start + i, lead + _cells(r, columns) + [r.page or ""], _is_total(r))
    _widths(ws, ([12, 34] if has_codes else [34]) + [15] * len(columns) + [6])
    return start + 1 + len(table.rows)


def _table_sheet(wb: Workbook, table: Table, report: Report) -> None:
    ws = wb.create_sheet(sheet_name(wb, f"{table.id} {table.title}" if table.id in TABLE_IDS else table.title))
    two_sided = table.rows and all(r.key.startswith(SIDES) for r in table.rows) and table.id in ("公开01", "公开04")
    width = 8 if two_sided else 2 + len(table.columns) + 1
    row = _title_block(ws, table, report, width)
    if table.no_data and not table.rows:
        put(ws, row, 1, table.no_data_note or "本表无数据")
        row += 1
    else:
        row = (_two_sided if two_sided else _one_sided)(ws, table, row)
        ws.freeze_panes = ws.cell(5, 1)
    for note in table.notes + ([table.no_data_note] if table.no_data_note and table.rows else []):
        row += 1
        put(ws, row, 1, note)
    if table.pages:
        put(ws, row + 2, 1, f"来源：第{'、'.join(map(str, table.pages))}页").font = Font(name=_FONT, color="666666")


def _overview(ws: Worksheet, report: Report, findings: list[Any] | None) -> None:
    h, s = report.header, report.source
    put(ws, 1, 1, f"{h.unit} {h.year or ''}年度决算").font = TITLE_FONT
    lines = [
        ("单位", h.unit),
        ("年度", h.year or ""),
        ("单位性质", h.unit_type),
        ("金额单位", h.money_unit),
        ("来源文件", s.filename),
        ("文件页数", s.page_count or ""),
        ("已识别的决算表", "、".join(report.tables)),
        ("未找到的决算表", "、".join(report.missing_tables) or "无"),
        ("绩效自评项目", len(report.projects)),
        ("审核发现", "未运行" if findings is None else f"{len(findings)}项"),
    ]
    for i, (label, value) in enumerate(lines, 3):
        put(ws, i, 1, label).font = Font(name=_FONT, bold=True)
        put(ws, i, 2, value)
    _widths(ws, [18, 80])


def _measures_sheet(ws: Worksheet, report: Report) -> None:
    """The headline measures: number (or why there is none), unit, basis, source keys, page."""
    _header_row(ws, 1, ["指标", "数值", "单位", "口径", "来源", "页码"])
    values = headline(report).by_measure()
    for i, measure in enumerate(HEADLINE, 2):
        value = values[measure.name]
        _body_row(ws, i, [measure.name, value.amount if value.known else value.missing, "万元" if measure.money else "%",
                          value.basis, "、".join(value.keys), value.page or ""])
    ws.freeze_panes = "A2"
    _widths(ws, [26, 16, 8, 14, 60, 8])


def _facts_sheet(ws: Worksheet, report: Report) -> None:
    facts = report_facts(report)["facts"]
    _header_row(ws, 1, ["事实键", "值", "页码"])
    for i, fact in enumerate(facts, 2):
        _body_row(ws, i, [fact["key"], fact["value"], fact.get("page", "")])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:C{len(facts) + 1}"
    _widths(ws, [60, 16, 8])


def _findings_sheet(ws: Worksheet, findings: list[Any]) -> None:
    _header_row(ws, 1, ["严重程度", "类别", "规则", "说明", "涉及数值", "页码"])
    ranked = sorted(findings, key=lambda f: SEVERITIES.index(finding_field(f, "severity")) if finding_field(f, "severity") in SEVERITIES else 9)
    for i, f in enumerate(ranked, 2):
        values = finding_field(f, "values") or {}
        _body_row(ws, i, [
            finding_field(f, "severity", ""),
            finding_field(f, "family", ""),
            finding_field(f, "rule", ""),
            finding_field(f, "message", ""),
            "；".join(f"{k}={v}" for k, v in values.items()),
            "、".join(str(p) for p in finding_field(f, "pages") or []),
        ])
        fill = SEVERITY_FILLS.get(finding_field(f, "severity"))
        if fill:
            ws.cell(i, 1).fill = PatternFill("solid", fgColor=fill)
    if not findings:
        put(ws, 2, 1, "自动审核未发现问题")
    ws.freeze_panes = "A2"
    _widths(ws, [10, 8, 26, 70, 40, 10])


def build_xlsx(report: Report, findings: Iterable[Any] | None = None) -> bytes:
    """The workbook as .xlsx bytes: 概况, 主要指标, one sheet per table (公开01…10 first), 事实清单, 审核发现."""
    findings = None if findings is None else list(findings)
    wb = Workbook()
    _overview(wb.active, report, findings)
    wb.active.title = "概况"
    _measures_sheet(wb.create_sheet(MEASURES_SHEET), report)
    order = [t for t in TABLE_IDS if t in report.tables] + [t for t in report.tables if t not in TABLE_IDS]
    for table_id in order:
        _table_sheet(wb, report.tables[table_id], report)
    _facts_sheet(wb.create_sheet("事实清单"), report)
    if findings is not None:
        _findings_sheet(wb.create_sheet("审核发现"), findings)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
