"""The workbook: the headline measures, every parsed table as a sheet laid out as printed (row
order, 行次, the two sides of 公开01/04 on the lines they share), the facts, the findings.

Every sheet prints A4 landscape, one page wide, its header row repeated. Each finding links
to the cell it is about, and that cell carries the finding as a comment; 差额 is a number.

The 主要指标 sheet holds the headline numbers as every surface shows them (juesuan.metrics, in
万元, with their basis and source). Elsewhere amounts stay in the report's own money unit
(this is the data, not the meeting view), each with the page it stands on. Every cell is
written by export.sheets.put: text that a spreadsheet would take for a formula stays text, so
opening a crafted report runs nothing.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from .. import keys
from ..checks import CheckResult, Finding
from ..checks.names import FactNames
from ..describe import incomplete_note
from ..facts import report_facts
from ..metrics import HEADLINE, headline
from ..model import TABLE_IDS, Report, Row, Table
from ..review import Disputes, as_findings, difference, ranked_problems
from ..vocab import ERROR, NOTE, PERSONNEL_CLASSES, WARNING
from .sheets import put, sheet_name

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
FINDINGS_SHEET = "审核发现"
LINK_FONT = Font(name=_FONT, color="1F4E9C", underline="single")
WARNING_FONT = Font(name=_FONT, bold=True, color="C62828")  # what the numbers below cannot be trusted for
SAME_LINE_PT = 4  # two rows printed this close (PDF points) stand on one line of a two-sided table
COMMENT_AUTHOR = "决算看板自动审核"

# fact key → the cell that shows it: (sheet title, row, column)
Where = dict[str, tuple[str, int, int]]


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
    if table.unreliable:  # the numbers below are the parser's reading, not verified
        note = f"该表未能可靠识别：{table.unreliable}。以下数字仅供核对原表，不作为确定数字使用。"
        put(ws, 3, 1, note).font = WARNING_FONT
    return 4


def _columns_of(table: Table, rows: list[Row]) -> list[str]:
    """Amount columns in printed order: as the fullest row holds them, then any others."""
    fullest = max(rows, key=lambda r: len(r.cells), default=None)
    order = list(fullest.cells) if fullest else []
    order += [c for r in rows for c in r.cells]
    return list(dict.fromkeys(order))


def _printed_at(row: Row) -> tuple[int, float] | None:
    """(page, top) of the row's first placed cell, where the parser kept cell boxes."""
    tops = [c.bbox[1] for c in row.cells.values() if c.bbox]
    return (row.page or 0, min(tops)) if tops else None


def _lines(sides: dict[str, list[Row]]) -> list[dict[str, Row]]:
    """The printed lines of a two-sided table: each side's row that stands on that line.

    Rows are put on one line where they were printed on one (same page, same height); a
    reading without positions (text, Word, Excel) pairs the sides in order."""
    placed = {s: [(_printed_at(r), r) for r in rows] for s, rows in sides.items()}
    if not all(at for rows in placed.values() for at, _ in rows):
        return [{s: rows[i] for s, rows in sides.items() if i < len(rows)}
                for i in range(max(map(len, sides.values()), default=0))]
    events = sorted(((at, order, s, r) for order, s in enumerate(sides) for at, r in placed[s]),
                    key=lambda e: (e[0][0], e[0][1], e[1]))
    lines: list[tuple[tuple[int, float], dict[str, Row]]] = []
    for at, _, side, row in events:
        if lines and side not in lines[-1][1] and lines[-1][0][0] == at[0] and abs(lines[-1][0][1] - at[1]) <= SAME_LINE_PT:
            lines[-1][1][side] = row
        else:
            lines.append((at, {side: row}))
    return [line for _, line in lines]


def _side_by_side(ws: Worksheet, table: Table, start: int, where: Where, sides: dict[str, list[Row]],
                  lead: Callable[[str, Row], list[Any]], lead_heads: Callable[[str], list[str]]) -> int:
    """A table printed as column groups side by side (公开01/04: income | expenditure; 公开06:
    人员经费 | 公用经费), each group's rows on the lines they are printed on."""
    cols = {s: _columns_of(table, rows) or [""] for s, rows in sides.items()}
    heads: list[str] = []
    for side in sides:
        heads += lead_heads(side) + [c or "金额" for c in cols[side]]
    _header_row(ws, start, heads)
    lines = _lines(sides)
    for i, line in enumerate(lines, 1):
        values: list[Any] = []
        for side in sides:
            r = line.get(side)
            if r is None:
                values += [""] * (len(lead_heads(side)) + len(cols[side]))
                continue
            head = lead(side, r)
            for j, col in enumerate(cols[side]):
                where[keys.cell(table.id, r.key, col)] = (ws.title, start + i, len(values) + len(head) + 1 + j)
            values += head + _cells(r, cols[side])
        _body_row(ws, start + i, values, any(_is_total(r) for r in line.values()))
    _widths(ws, [w for side in sides for w in [30 if len(lead_heads(side)) == 2 else 12] + [6 if len(lead_heads(side)) == 2 else 30]
                 + [14] * len(cols[side])])
    return start + 1 + len(lines)


def _printed_side_by_side(table: Table) -> bool:
    """Rows of different groups printed on one line: the table's column groups stand side by side."""
    tops = [at for r in table.rows if (at := _printed_at(r))]
    return len(tops) == len(table.rows) and len({(p, round(y)) for p, y in tops}) < len(tops)


def _two_sided(ws: Worksheet, table: Table, start: int, where: Where) -> int:
    """公开01/04: income on the left, expenditure on the right, with their 行次."""
    sides = {s: [r for r in table.rows if keys.below(r.key, s)] for s in SIDES}
    return _side_by_side(ws, table, start, where, sides, lambda side, r: [r.label or keys.below(r.key, side), r.line_no or ""],
                         lambda side: [f"{side}项目", "行次"])


def _personnel_public(ws: Worksheet, table: Table, start: int, where: Where) -> int:
    """公开06: 人员经费 classes on the left, 公用经费 on the right, as the national form prints them."""
    def personnel(r: Row) -> bool:
        return (r.code or "")[:3] in PERSONNEL_CLASSES or (not r.code and "人员" in r.key)
    sides = {"人员经费": [r for r in table.rows if personnel(r)], "公用经费": [r for r in table.rows if not personnel(r)]}
    return _side_by_side(ws, table, start, where, sides, lambda side, r: [r.code or "", r.label or r.key],
                         lambda side: ["科目编码", f"{side}科目名称"])


def _one_sided(ws: Worksheet, table: Table, start: int, where: Where) -> int:
    """Rows in printed order with their codes and 行次, one column per printed amount column."""
    columns = _columns_of(table, table.rows) or [""]
    has_codes = any(r.code for r in table.rows)
    has_lines = any(r.line_no for r in table.rows)
    lead_heads = (["科目编码", "科目名称"] if has_codes else ["项目"]) + (["行次"] if has_lines else [])
    _header_row(ws, start, lead_heads + [c or "金额" for c in columns] + ["页码"])
    for i, r in enumerate(table.rows, 1):
        lead = ([r.code or "", r.label] if has_codes else [r.label or r.key]) + ([r.line_no or ""] if has_lines else [])
        for j, col in enumerate(columns):
            where[keys.cell(table.id, r.key, col)] = (ws.title, start + i, len(lead) + 1 + j)
        _body_row(ws, start + i, lead + _cells(r, columns) + [r.page or ""], _is_total(r))
    _widths(ws, ([12, 34] if has_codes else [34]) + ([6] if has_lines else []) + [15] * len(columns) + [6])
    return start + 1 + len(table.rows)


def _print_setup(ws: Worksheet, head_row: int | None) -> None:
    """A4 landscape, one page wide (as many pages long as it takes), the header row repeated."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if head_row:
        ws.print_title_rows = f"{head_row}:{head_row}"


def _table_sheet(wb: Workbook, table: Table, report: Report, where: Where) -> None:
    ws = wb.create_sheet(sheet_name(wb, f"{table.id} {table.title}" if table.id in TABLE_IDS else table.title))
    two_sided = table.rows and all(r.key.startswith(SIDES) for r in table.rows) and table.id in ("公开01", "公开04")
    # 公开06 prints its classes in two column groups when it has both kinds (a one-column print has 人员 first)
    groups = table.id == "公开06" and _printed_side_by_side(table)
    layout = _two_sided if two_sided else _personnel_public if groups else _one_sided
    width = 8 if two_sided or groups else 2 + len(table.columns) + 1
    row = _title_block(ws, table, report, width)
    head = None
    if table.no_data and not table.rows:
        put(ws, row, 1, table.no_data_note or "本表无数据")
        row += 1
    else:
        head = row
        row = layout(ws, table, row, where)
        ws.freeze_panes = ws.cell(head + 1, 1)
    for note in table.notes + ([table.no_data_note] if table.no_data_note and table.rows else []):
        row += 1
        put(ws, row, 1, note)
    if table.pages:
        put(ws, row + 2, 1, f"来源：第{'、'.join(map(str, table.pages))}页").font = Font(name=_FONT, color="666666")
    _print_setup(ws, head)


def _overview(ws: Worksheet, report: Report, problems: list[Finding] | None) -> None:
    h, s = report.header, report.source
    put(ws, 1, 1, f"{h.unit} {h.year or ''}年度决算").font = TITLE_FONT
    if report.incomplete:
        put(ws, 2, 1, incomplete_note(report)).font = WARNING_FONT
    lines = [
        ("单位", h.unit),
        ("年度", h.year or ""),
        ("单位性质", h.unit_type),
        ("金额单位", h.money_unit),
        ("来源文件", s.filename),
        ("文件页数", s.page_count or ""),
        ("已识别的决算表", "、".join(report.tables)),
        ("未找到的决算表", "、".join(report.missing_tables) or "无"),
        ("未能可靠识别的表", "、".join(f"{t.id}（{t.unreliable}）" for t in report.unreliable_tables) or "无"),
        ("绩效自评项目", len(report.projects)),
        ("审核发现", "未运行" if problems is None else f"{len(problems)}个问题"),
    ]
    for i, (label, value) in enumerate(lines, 3):
        put(ws, i, 1, label).font = Font(name=_FONT, bold=True)
        put(ws, i, 2, value)
    _widths(ws, [18, 80])
    _print_setup(ws, None)


def _measures_sheet(ws: Worksheet, report: Report, disputes: Disputes, names: FactNames) -> None:
    """The headline measures: number (or why there is none), unit, basis, where it stands, and
    what the review says of it."""
    _header_row(ws, 1, ["指标", "数值", "单位", "口径", "来源", "页码", "审核"])
    values = headline(report).by_measure()
    for i, measure in enumerate(HEADLINE, 2):
        value = values[measure.name]
        dispute = disputes.of(value.keys) if value.known else None
        _body_row(ws, i, [measure.name, value.amount if value.known else value.missing, "万元" if measure.money else "%",
                          value.basis, "、".join(names(k) for k in value.keys), value.page or "",
                          dispute.marked if dispute else ""])
        if dispute:
            ws.cell(i, 2).fill = PatternFill("solid", fgColor=SEVERITY_FILLS[dispute.severity])
    ws.freeze_panes = "A2"
    _widths(ws, [26, 16, 8, 14, 60, 8, 60])
    _print_setup(ws, 1)


def _facts_sheet(ws: Worksheet, report: Report, names: FactNames) -> None:
    facts = report_facts(report)["facts"]
    _header_row(ws, 1, ["项目", "数值", "单位", "页码", "事实键"])
    for i, fact in enumerate(facts, 2):
        _body_row(ws, i, [names(fact["key"]), fact["value"], names.unit(fact["key"]), fact.get("page", ""), fact["key"]])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:E{len(facts) + 1}"
    _widths(ws, [60, 16, 8, 8, 40])
    _print_setup(ws, 1)


def _link(cell, where: Where, finding: Finding, names: FactNames):
    """The cell a finding is about, as a hyperlink in the findings sheet; the table's cell gets
    the finding as a comment and its severity's fill."""
    placed = [(k, where[k]) for k in finding.facts if k in where]
    if not placed:  # a figure of the prose: named, nowhere to link to
        cell.value = names(finding.facts[0]) if finding.facts else ""
        return
    key, (sheet, row, col) = placed[0]
    cell.value = names(key)
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quote_sheetname(sheet)}!{get_column_letter(col)}{row}")
    cell.font = LINK_FONT


def _comment_cells(wb: Workbook, where: Where, findings: list[Finding]) -> None:
    for f in findings:
        for key in f.facts:
            if key not in where:
                continue
            sheet, row, col = where[key]
            target = wb[sheet].cell(row, col)
            text = f"【{f.severity}】{f.message}（见“{FINDINGS_SHEET}”表）"
            target.comment = Comment(text if target.comment is None else f"{target.comment.text}\n{text}", COMMENT_AUTHOR,
                                     width=320, height=160)
            if target.fill.fgColor.rgb in (None, "00000000") or f.severity == ERROR:
                target.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[f.severity])


def _findings_sheet(ws: Worksheet, findings: list[Finding], where: Where, names: FactNames) -> None:
    """Every finding: each problem, then the findings that follow from it; 差额 as a number and a
    link to the cell concerned."""
    _header_row(ws, 1, ["严重程度", "类别", "问题", "差额", "页码", "所在单元格"])
    result = CheckResult(findings)
    row = 2
    for problem in ranked_problems(findings):
        for f in [problem, *result.followers(problem)]:
            follows = f is not problem
            gap = difference(f)
            _body_row(ws, row, [f.severity, "（因此不一致）" if follows else f.family, f.message,
                                gap if gap is not None else "", "、".join(str(p) for p in f.pages), ""])
            _link(ws.cell(row, 6), where, f, names)
            if not follows:
                ws.cell(row, 1).fill = PatternFill("solid", fgColor=SEVERITY_FILLS[f.severity])
            row += 1
    if not findings:
        put(ws, 2, 1, "自动审核未发现问题")
    ws.freeze_panes = "A2"
    _widths(ws, [10, 14, 80, 12, 10, 40])
    _print_setup(ws, 1)


def build_xlsx(report: Report, findings: Iterable[Any] | None = None) -> bytes:
    """The workbook as .xlsx bytes: 概况, 主要指标, one sheet per table (公开01…10 first), 事实清单, 审核发现."""
    findings = None if findings is None else as_findings(findings)
    names = FactNames(report)
    wb = Workbook()
    _overview(wb.active, report, None if findings is None else ranked_problems(findings))
    wb.active.title = "概况"
    _measures_sheet(wb.create_sheet(MEASURES_SHEET), report, Disputes(findings or [], names), names)
    where: Where = {}
    order = [t for t in TABLE_IDS if t in report.tables] + [t for t in report.tables if t not in TABLE_IDS]
    for table_id in order:
        _table_sheet(wb, report.tables[table_id], report, where)
    _facts_sheet(wb.create_sheet("事实清单"), report, names)
    if findings is not None:
        _findings_sheet(wb.create_sheet(FINDINGS_SHEET), findings, where, names)
        _comment_cells(wb, where, findings)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
