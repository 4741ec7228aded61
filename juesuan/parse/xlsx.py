"""Excel (.xlsx) reader: each sheet's rows, in order, as Lines (titles, the 部门名称 line,
notes) and Grids (runs of table rows).

The workbook is loaded in full mode, not read_only: merged ranges and cell borders are
only available there, and a disclosure workbook is small (tens of KB). data_only=True
gives the values Excel last computed, not formulas.

Which rows are table rows: when the sheet draws cell borders, a row with a cell bordered
at its side belongs to a table and any other non-empty row is text (that is how the table
looks when printed; a title may be underlined, which does not make it a table row). A sheet
without borders falls back to the layout: a row whose only value spans
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
    value = cell.value if cell is not None else None
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
    # The cells the file really holds. openpyxl keeps them in `_cells`; walking the
    # declared dimension instead (iter_rows) would create every empty cell of a sheet
    # that styles rows down to row 1 048 576.
    held = {pos: cell for pos, cell in sheet._cells.items() if cell.value is not None or _has_border(cell)}
    valued = [pos for pos, cell in held.items() if cell.value is not None]
    if not valued:
        return []
    first_row, last_row = min(r for r, _ in valued), max(r for r, _ in valued)
    first_col, last_col = min(c for _, c in valued), max(c for _, c in valued)
    width = last_col - first_col + 1
    covered: set[tuple[int, int]] = set()
    span_width: dict[tuple[int, int], int] = {}  # top-left → columns the merge spans
    for rng in sheet.merged_cells.ranges:
        span_width[(rng.min_row, rng.min_col)] = rng.max_col - rng.min_col + 1
        covered.update((r, c) for r, c in rng.cells if (r, c) != (rng.min_row, rng.min_col))
    bordered_sheet = any(_has_border(cell) for cell in held.values())

    blocks: list[Block] = []
    run: list[list[str | None]] = []

    def flush() -> None:
        if run:
            blocks.append(Grid(list(run)))
            run.clear()

    for r in range(first_row, last_row + 1):
        cells = [held.get((r, c)) for c in range(first_col, last_col + 1)]
        texts: list[str | None] = [
            None if (r, c) in covered else _cell_text(cell)
            for c, cell in zip(range(first_col, last_col + 1), cells)
        ]
        values = [(cell, t) for cell, t in zip(cells, texts) if t]
        if bordered_sheet:  # a table cell has side borders; a title may be underlined
            tabular = any(_has_border(cell, ("left", "right")) for cell in cells)
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


def _has_border(cell, sides: tuple[str, ...] = ("left", "right", "top", "bottom")) -> bool:
    return cell is not None and any(getattr(getattr(cell.border, side), "style", None) for side in sides)


def _is_text_row(values: list, span_width: dict[tuple[int, int], int], width: int) -> bool:
    """Borderless layout: one value spanning (nearly) the used width, or a long note."""
    if len(values) != 1:
        return False
    cell, text = values[0]
    spans = span_width.get((cell.row, cell.column), 1)
    return spans >= max(2, width - 1) or (isinstance(cell.value, str) and len(text) >= _NOTE_MIN_CHARS)
