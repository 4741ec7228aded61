"""公开06 一般公共预算财政拨款基本支出决算明细表: economic-classification codes laid out
as two or four side-by-side blocks of (科目代码, 科目名称, 决算数), ending with
人员经费合计 and 公用经费合计 (whose label may be split over two cells, and whose
amount may stand several merged cells to the right)."""
from __future__ import annotations

import re

from ...model import Row
from ..normalize import clean, key_part, subject_code
from .header import cell_at, column_paths, is_amount_or_blank, split_header
from .locate import SourceRow

_CODE_HEADER = re.compile(r"代码|编码")
_NAME_HEADER = re.compile(r"名称|项目")
_TOTAL = re.compile(r"(人员经费|公用经费)合计|^合计$|^总计$")


def _body_starts(row: SourceRow) -> bool:
    return any(subject_code(c) for c in row.cells) or any(_TOTAL.search(clean(c)) for c in row.cells)


def _code_columns(paths: list[list[str]], body: list[SourceRow]) -> list[int]:
    """Columns headed 科目代码/编码, or else the columns that mostly hold codes."""
    named = [c for c, p in enumerate(paths) if p and _CODE_HEADER.search(p[-1])]
    if named:
        return named
    width = max((len(r.cells) for r in body), default=0)
    found = []
    for c in range(width):
        filled = [r.cells[c] for r in body if c < len(r.cells) and clean(r.cells[c])]
        if filled and sum(1 for t in filled if subject_code(t) and len(clean(t)) in (3, 5)) * 2 > len(filled):
            found.append(c)
    return found


def _blocks(paths: list[list[str]], body: list[SourceRow]) -> list[tuple[int, int | None, int]]:
    """(code column, name column or None, amount column) per block, left to right."""
    code_cols = _code_columns(paths, body)
    width = max(len(paths), max((len(r.cells) for r in body), default=0))
    paths = paths + [[]] * (width - len(paths))
    blocks = []
    for i, code_col in enumerate(code_cols):
        end = code_cols[i + 1] if i + 1 < len(code_cols) else width
        inner = list(range(code_col + 1, end))
        names = [c for c in inner if paths[c] and _NAME_HEADER.search(paths[c][-1])]
        if not names and len(inner) > 1:
            names = inner[:1]  # unnamed header: code, name, amount
        amounts = [c for c in inner if c not in names and paths[c]] or [c for c in inner if c not in names]
        if amounts:
            blocks.append((code_col, names[0] if names else None, amounts[0]))
    return blocks


def _totals(row: SourceRow, amount_cols: set[int], code_cols: set[int]) -> list[tuple[str, int | None]]:
    """Total labels in a row and the column of the amount each one owns: the first
    printed cell to its right in an amount column, before the next label."""
    cells = [clean(c) for c in row.cells]
    found: list[tuple[str, int]] = []
    c = 0
    while c < len(cells):
        text = cells[c]
        if text and not is_amount_or_blank(text):
            joined, end = text, c
            # a label split over adjacent cells: 人员经费 | 合计
            while not _TOTAL.search(joined) and end + 1 < len(cells) and cells[end + 1] and not is_amount_or_blank(cells[end + 1]):
                end += 1
                joined += cells[end]
            if _TOTAL.search(joined):
                found.append((_TOTAL.search(joined).group(0), end))
                c = end
        c += 1
    result = []
    for i, (label, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(cells)
        col = None
        for j in range(end + 1, stop):
            if j in code_cols and subject_code(cells[j]):
                break  # the next block holds an ordinary code row
            if cells[j] and (j in amount_cols or is_amount_or_blank(cells[j])):
                col = j
                break
        result.append((label, col))
    return result


def parse_basic(rows: list[SourceRow]) -> tuple[list[str], list[Row], str | None]:
    header, body = split_header(rows, _body_starts)
    blocks = _blocks(column_paths(header, body), body)
    if not blocks:
        return [], [], "未能识别“科目代码/科目名称/决算数”栏"
    amount_cols = {b[2] for b in blocks}
    code_cols = {b[0] for b in blocks}
    out: list[Row] = []
    seen: set[str] = set()
    for row in body:
        cells = row.cells
        for label, col in _totals(row, amount_cols, code_cols):
            key = key_part(label)
            if key not in seen:
                seen.add(key)
                cell = cell_at(row, col) if col is not None else cell_at(row, len(cells))
                out.append(Row(key=key, label=label, page=row.page, cells={"": cell}))
        for code_col, name_col, amount_col in blocks:
            code = subject_code(cells[code_col]) if code_col < len(cells) else None
            if not code or code in seen:
                continue
            seen.add(code)
            name = clean(cells[name_col]) if name_col is not None and name_col < len(cells) else ""
            out.append(Row(key=code, label=name, code=code, page=row.page, cells={"": cell_at(row, amount_col)}))
    return [""], out, None
