"""Excel (.xlsx) reader: each sheet's rows, in order, as Lines (titles, the 部门名称 line,
notes) and Grids (runs of table rows).

The workbook is loaded in full mode, not read_only: merged ranges and cell borders are
only available there, and a disclosure workbook is small (tens of KB). data_only=True
gives the values Excel last computed, not formulas.

Which rows are table rows: when the sheet draws cell borders, a row with a bordered cell
belongs to a table and any other non-empty row is text (that is how the table looks when
printed). A sheet without borders falls back to the layout: a row whose only value spans
the used width, or a long note-like single value, is text; the rest is table.
Numbers are rendered as Excel prints them under the cell's number format ('#,##0.00' →
'4,534.88', '9.00'; General → 272.93 as '272.93', 9 as '9').
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .raw import Block, Grid, Line, RawDocument

_DECIMALS = re.compile(r"0\.(0+)")
_NOTE_MIN_CHARS = 15  # a single unbordered value this long is running text, not a cell


def read_xlsx(data: bytes) -> RawDocument:
    workbook = load_workbook(io.BytesIO(data), data_only=True)
    doc = RawDocument(kind="xlsx")
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                doc.blocks.extend(_sheet_blocks(sheet))
    finally:
        workbook.close()
    if _formulas_without_values(data):
        doc.notes.append("表格中有公式没有保存计算结果（文件可能由程序生成、未经Excel保存），这些单元格读作空白。请用Excel或WPS打开并保存后再上传。")
    return doc


# A formula cell with no cached <v>alue right after it: data_only=True reads it as empty.
_FORMULA_WITHOUT_VALUE = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>")


def _formulas_without_values(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        return any(_FORMULA_WITHOUT_VALUE.search(archive.read(n)) for n in sheets)


def format_number(value: int | float, number_format: str = "General") -> str:
    """A number as Excel shows it under `number_format` (decimals, thousands, percent)."""
    section = number_format.split(";")[0]
    if "%" in section:
        value = value * 100
    m = _DECIMALS.search(section)
    if m:
        text = f"{value:,.{len(m.group(1))}f}" if "," in section else f"{value:.{len(m.group(1))}f}"
    elif section.strip("#,0") == "" and section:  # '0', '#,##0': whole numbers
        text = f"{round(value):,}" if "," in section else f"{round(value)}"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = f"{value:.15g}" if isinstance(value, float) else str(value)  # Excel shows 15 digits
    return text + "%" if "%" in section else text


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value, cell.number_format or "General")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def _sheet_blocks(sheet: Worksheet) -> list[Block]:
    covered: set[tuple[int, int]] = set()
    span_width: dict[tuple[int, int], int] = {}  # top-left → columns the merge spans
    for rng in sheet.merged_cells.ranges:
        span_width[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
        covered.update(
            (r, c)
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
            if (r, c) != (rng.min_row, rng.min_col)
        )
    rows = list(sheet.iter_rows())
    if not rows:
        return []
    first_col = min((c.column for row in rows for c in row if c.value is not None), default=1)
    last_col = max((c.column for row in rows for c in row if c.value is not None), default=1)
    width = last_col - first_col + 1
    bordered_sheet = any(_has_border(c) for row in rows for c in row)

    blocks: list[Block] = []
    run: list[list[str | None]] = []

    def flush() -> None:
        if run:
            blocks.append(Grid(list(run)))
            run.clear()

    for row in rows:
        cells = [c for c in row if first_col <= c.column <= last_col]
        texts: list[str | None] = [
            None if (c.row, c.column) in covered else _cell_text(c) for c in cells
        ]
        texts += [""] * (width - len(texts))
        values = [(c, t) for c, t in zip(cells, texts) if t]
        if bordered_sheet:
            tabular = any(_has_border(c) for c in cells)
        else:
            tabular = bool(values) and not _is_text_row(values, span_width, width)
        if tabular:
            run.append(texts)
            continue
        if not values and not bordered_sheet and run:
            continue  # a blank spacer row inside a borderless table
        flush()
        if values:
            blocks.append(Line(" ".join(t for _, t in values)))
    flush()
    return blocks


def _has_border(cell) -> bool:
    border = cell.border
    return any(getattr(border, side).style for side in ("left", "right", "top", "bottom"))


def _is_text_row(values: list, span_width: dict[tuple[int, int], int], width: int) -> bool:
    """Borderless layout: one value spanning (nearly) the used width, or a long note."""
    if len(values) != 1:
        return False
    cell, text = values[0]
    spans = span_width.get((cell.row, cell.column), 1)
    return spans >= max(2, width - 1) or (isinstance(cell.value, str) and len(text) >= _NOTE_MIN_CHARS)
