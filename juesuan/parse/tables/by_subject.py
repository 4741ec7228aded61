"""Tables with rows by function subject code: 公开02, 03, 05, 07, 08.

The code may stand in one column ('2010101'), with spaces ('201 01 01'), split over
类/款/项 columns (a 款 row leaving its 类 blank), or in front of the name in the same
cell. Rows without a code keep their normalised label (合计, first or last).
"""
from __future__ import annotations

import re

from ...model import Row
from ..normalize import clean, key_part, subject_code
from .header import column_paths, is_amount_or_blank, leaf_names, make_cell, split_header
from .locate import SourceRow

_CODE_HEADER = re.compile(r"代码|编码|编号")
_NAME_HEADER = re.compile(r"名称|^项目$|^科目$")
_SPLIT_CODE = ("类", "款", "项")
_TOTAL = re.compile(r"^(?:合计|总计|本年.*合计|小计)$")
_CODE_PREFIX = re.compile(r"^(\d{3}(?:\s*\d{2}){0,2})(?!\d)\s*(.*)$")
# Column names a report prints that the fact vocabulary spells otherwise.
_COLUMN_ALIASES = {"公开05": {"小计": "合计"}}


def _body_starts(row: SourceRow) -> bool:
    """A code or total row: its label, perhaps a name, then only amounts (a row of
    header words under a 合计 cell, as some layouts print, is still header)."""
    texts = [clean(c) for c in row.cells if clean(c) and not is_amount_or_blank(c)]
    first = next((clean(c) for c in row.cells[:4] if clean(c)), "")
    if len(texts) > 2:
        return False
    if _TOTAL.match(first) or subject_code(first):
        return True
    m = _CODE_PREFIX.match(first)
    return bool(m and m.group(2) and subject_code(m.group(1)))


def _subtotal_name(path: list[str], name: str) -> str:
    """A 小计 printed under 基本支出 (beside its 人员经费/公用经费) is that group's total."""
    if name == "小计" and len(path) > 1 and key_part(path[-2]) in ("基本支出", "项目支出"):
        return key_part(path[-2])
    return name


class _CodeReader:
    """Reads a row's subject code from its code column(s), remembering the last 类/款
    for layouts that print a 款 or 项 without its parent digits."""

    def __init__(self, code_cols: list[int]):
        self.code_cols = code_cols
        self.parents = ["", ""]

    def read(self, cells: list[str]) -> str | None:
        parts = [clean(cells[c]) if c < len(cells) else "" for c in self.code_cols]
        if len(parts) == 1:
            return subject_code(parts[0])
        if not any(parts) or not all(p.isdigit() for p in parts if p):
            return None
        # 类 3 digits, 款 and 项 2 each: fill a blank parent from the previous rows.
        if not parts[0] and parts[1]:
            parts[0] = self.parents[0]
        if len(parts) > 2 and not parts[1] and parts[2]:
            parts[0], parts[1] = parts[0] or self.parents[0], self.parents[1]
        code = subject_code(*parts)
        if code:
            self.parents = [code[:3], code[3:5] if len(code) >= 5 else ""]
        return code


def parse_subject_table(table_id: str, rows: list[SourceRow]) -> tuple[list[str], list[Row], str | None]:
    """(column names, rows, problem text or None)."""
    header, body = split_header(rows, _body_starts)
    paths = column_paths(header)
    if not paths:
        return [], [], "未找到表头"
    code_cols = [c for c, p in enumerate(paths) if any(_CODE_HEADER.search(t) for t in p) or (p and p[-1] in _SPLIT_CODE)]
    label_cols = [c for c, p in enumerate(paths) if p and _NAME_HEADER.search(p[-1]) and c not in code_cols]
    structural = set(code_cols) | set(label_cols) | {c for c, p in enumerate(paths) if not p or p[-1] in ("栏次", "行次")}
    if not label_cols and not code_cols:
        structural.add(0)  # no header word: the first column carries the label
    names = [_subtotal_name(paths[c], name) for c, name in enumerate(leaf_names(paths, structural))]
    aliases = _COLUMN_ALIASES.get(table_id, {})
    amount_cols = [(c, aliases.get(names[c], names[c])) for c in range(len(paths)) if c not in structural]
    if not amount_cols:
        return [], [], "未识别出金额列"
    reader = _CodeReader(code_cols)
    out: list[Row] = []
    for row in body:
        cells = row.cells
        lead = [cells[c] for c in sorted(structural) if c < len(cells) and clean(cells[c])]
        code = reader.read(cells) if code_cols else None
        label = next((cells[c] for c in label_cols if c < len(cells) and clean(cells[c])), "")
        if not code and lead:
            m = _CODE_PREFIX.match(clean(lead[0]))
            if m and m.group(2) and subject_code(m.group(1)):  # '2010101行政运行' in one cell
                code, label = subject_code(m.group(1)), label or m.group(2)
            elif not label or not code_cols:
                label = lead[0]
        if not code and not clean(label):
            continue
        key = code or key_part(label)
        record = Row(key=key, label=clean(label) or key, code=code, page=row.page)
        for c, name in amount_cols:
            if c < len(cells):
                record.cells[name] = make_cell(cells[c], row.page)
        out.append(record)
    return [name for _, name in amount_cols], out, None
