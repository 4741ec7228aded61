"""The one writer of the spreadsheets and CSV files users download (原始表格, 对比分析, 会议导出).

A report's text is the author's, or an attacker's: a cell reading `=HYPERLINK(…)` or
`=cmd|' /C calc'!A0` must open as that text, never run. Text a spreadsheet would take for a
formula (=, +, -, @, a tab or a line break first, spaces before) is written as text: in a
workbook as a text cell with Excel's quote prefix, in a CSV with a leading apostrophe (the
usual guard: a spreadsheet shows the text, a reader of the file sees why). Amounts as
written ("-12.50", "+3%") are numbers, not formulas, and stay as they are.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_AMOUNT = re.compile(r"[+-]?(?:\d[\d,]*)?(?:\.\d+)?%?")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (an amount is not one)."""
    stripped = text.lstrip(" ")
    return stripped.startswith(FORMULA_STARTS) and not _AMOUNT.fullmatch(stripped.strip())


def put(ws: Worksheet, row: int, col: int, value: Any):
    """Write one cell; text is always text, never a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = float(value) if isinstance(value, Decimal) else value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store '=…' as a formula
        if formula_like(value):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def sheet_name(wb: Workbook, name: str) -> str:
    """A valid sheet name for `name` (Excel's forbidden characters dropped, 31 characters),
    unique in the workbook."""
    base = _SHEET_BAD.sub("", name)[:31] or "表"
    candidate, n = base, 2
    while candidate in wb.sheetnames:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def _csv_cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and formula_like(value) else value


def csv_bytes(frame: pd.DataFrame, float_format: str | None = None) -> bytes:
    """CSV as spreadsheet programs open it: UTF-8 with BOM (Excel reads Chinese), text that
    would be a formula guarded."""
    safe = frame.map(_csv_cell)
    safe.columns = [_csv_cell(str(c)) for c in frame.columns]
    return safe.to_csv(index=False, float_format=float_format).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame: a header row, then the rows, every cell by `put`."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        ws = wb.create_sheet(sheet_name(wb, name))
        for col, label in enumerate(frame.columns, 1):
            put(ws, 1, col, str(label))
        for row, values in enumerate(frame.itertuples(index=False), 2):
            for col, value in enumerate(values, 1):
                put(ws, row, col, None if _missing(value) else value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)
