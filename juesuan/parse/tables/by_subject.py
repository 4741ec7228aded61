"""Tables with rows by function subject: 公开02, 03, 05, 07, 08 and the tables outside the
national list (财政拨款支出决算表 …), which share their shape.

The code may stand in one column ('2010101'), with spaces ('201 01 01'), split over
类/款/项 columns (a 款 row leaving its 类 blank), in front of the name in the same cell, or
be absent (names only): a row without a code keeps its normalised label (合计 first or
last). The 类/款/项 sub-header may share its line with the 合计 row; a row printed twice
(a 合计 at the top and the bottom) is one row.
"""
from __future__ import annotations

import re

from ...model import Row
from ..normalize import clean, is_amount, is_blank_amount, key_part, subject_code
from .header import NUMBERING_WORDS, column_names, column_paths, put_cells, split_header
from .locate import SourceRow

_CODE_HEADER = re.compile(r"代码|编码|编号")
_NAME_HEADER = re.compile(r"名称|^项目$|^科目$|^功能分类科目$")
_SPLIT_CODE = ("类", "款", "项")
_HEADER_WORDS = re.compile(r"^(?:[类款项]+|科目编码|科目代码|科目名称|项目|栏次|行次)$")
_CODE_PART = re.compile(r"\d{2,3}")
_CODE_PREFIX = re.compile(r"^(\d{3}(?:\s*\d{2}){0,2})(?!\d)\s*(.*)$", re.S)
# Column names a report prints that the fact vocabulary spells otherwise.
_COLUMN_ALIASES = {"公开05": {"小计": "合计"}}


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


def _lift_sub_header(header: list[SourceRow], body: list[SourceRow]) -> tuple[list[SourceRow], list[SourceRow]]:
    """The 类/款/项 (科目编码) words printed on the first body row, beside the 合计 label:
    they join the header, the row keeps its label and amounts."""
    if not body:
        return header, body
    first = body[0]
    words = [c for c, text in enumerate(first.cells) if _HEADER_WORDS.match(clean(text))]
    if not words:
        return header, body
    lifted = SourceRow([text if c in words else "" for c, text in enumerate(first.cells)], first.page)
    rest = SourceRow([("" if c in words else text) for c, text in enumerate(first.cells)], first.page,
                     boxes=first.boxes, covered=first.covered)
    return header + [lifted], [rest] + body[1:]


def _mostly(body: list[SourceRow], c: int, test) -> bool:
    filled = [clean(r.cells[c]) for r in body if c < len(r.cells) and clean(r.cells[c])]
    return bool(filled) and sum(1 for t in filled if test(t)) * 2 > len(filled)


def _structure(paths: list[list[str]], body: list[SourceRow]) -> tuple[list[int], list[int], set[int]]:
    """(code columns, label columns, every column that is not an amount)."""
    width = max(len(paths), max((len(r.cells) for r in body), default=0))
    paths = paths + [[] for _ in range(width - len(paths))]
    code_cols = [c for c, p in enumerate(paths) if any(_CODE_HEADER.search(t) for t in p) or (p and p[-1] in _SPLIT_CODE)]
    if not code_cols:
        code_cols = [c for c in range(width) if _mostly(body, c, subject_code) and not any(is_amount(t) and "." in t for t in
                     (clean(r.cells[c]) for r in body if c < len(r.cells)))]
    # a code printed spaced ('201 03 50') stands in one column per part beside the named one
    grown = True
    while code_cols and grown:
        near = {c + d for c in code_cols for d in (-1, 1)} - set(code_cols)
        parts = [c for c in near if 0 <= c < width and not paths[c] and _mostly(body, c, _CODE_PART.fullmatch)]
        code_cols = sorted(set(code_cols) | set(parts))
        grown = bool(parts)
    label_cols = [c for c, p in enumerate(paths) if p and _NAME_HEADER.search(p[-1]) and c not in code_cols]
    if not label_cols:  # (a 科目编码及名称 column holds both, the code in front)
        label_cols = [c for c in code_cols if paths[c] and _NAME_HEADER.search(paths[c][-1])]
    if not label_cols:
        label_cols = [c for c in range(width) if c not in code_cols
                      and _mostly(body, c, lambda t: not is_amount(t) and not is_blank_amount(t))][:1]
    numbering = {c for c, p in enumerate(paths) if p and p[-1] in NUMBERING_WORDS}
    empty = {c for c in range(width) if not paths[c] and not _mostly(body, c, is_amount)}
    return code_cols, label_cols, set(code_cols) | set(label_cols) | numbering | empty


def parse_subject_table(table_id: str, rows: list[SourceRow]) -> tuple[list[str], list[Row], str | None]:
    """(column names, rows, problem text or None)."""
    header, body = _lift_sub_header(*split_header(rows))
    paths = column_paths(header, body)
    if not paths or not any(paths):
        return [], [], "未找到表头"
    code_cols, label_cols, structural = _structure(paths, body)
    amount_cols = [c for c in range(len(paths)) if c not in structural]
    if not amount_cols:
        return [], [], "未识别出金额列"
    aliases = _COLUMN_ALIASES.get(table_id, {})
    names = {c: aliases.get(n, n) for c, n in column_names(paths, amount_cols).items()}
    reader = _CodeReader(code_cols)
    out: list[Row] = []
    seen: dict[str, Row] = {}
    problem = None
    for row in body:
        cells = row.cells
        code = reader.read(cells) if code_cols else None
        label = next((cells[c] for c in label_cols if c < len(cells) and clean(cells[c])), "")
        if code and label_cols[:1] == code_cols[:1] and (m := _CODE_PREFIX.match(clean(label))):
            label = m.group(2)  # the name after the code in one cell
        if not code:
            lead = next((cells[c] for c in sorted(structural) if c < len(cells) and clean(cells[c])), "")
            m = _CODE_PREFIX.match(clean(lead) if lead else "")
            if m and m.group(2) and subject_code(m.group(1)):  # '2010101行政运行' in one cell
                code, label = subject_code(m.group(1)), m.group(2) if not label or label == lead else label
            elif not label:
                label = lead
        if not code and (is_blank_amount(label) or _HEADER_WORDS.match(clean(label))):
            continue  # no label ('-' is an empty cell), or header words
        key = code or key_part(label)
        record = Row(key=key, label=clean(label) or key, code=code, page=row.page)
        problem = problem or put_cells(record, row, [(c, names[c]) for c in amount_cols])
        if key in seen:
            # A code printed twice: the same numbers are one row (合计 at the top and the
            # bottom), different ones a problem. A name printed twice in a table without
            # codes is a 款 and a 项 of the same name: the first is kept, and the table's
            # sums judge the reading.
            if code and seen[key].printed() != record.printed():
                problem = problem or f"“{record.label}”行出现两次，数字不同"
            continue
        seen[key] = record
        out.append(record)
    return list(dict.fromkeys(names[c] for c in amount_cols)), out, problem

