"""Two-sided tables: 公开01 收入支出决算总表 and 公开04 财政拨款收入支出决算总表.

Income items stand on the left, expenditure on the right, each side its own label
column (项目), an optional 行次 column and one or more amount columns. A side with a
single amount column gives facts without a column part. Rows that repeat an
appropriation name under a 结转和结余 row are keyed under it
(收入.年初财政拨款结转和结余.一般公共预算财政拨款), so they do not collide with the
income rows of the same name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Row
from ..normalize import COLUMN_WORDS, ENUMERATION, clean, key_part
from .header import OF_WHICH, column_names, column_paths, is_amount_text, put_cells, split_header
from .locate import SourceRow

_LABEL_HEADER = re.compile(r"^(?:项目|科目|科目名称|功能分类科目|(?:收入|支出)?项目(?:[(（].*[)）])?)$")
_SKIP_HEADER = ("行次", "栏次")
_SIDE_WORDS = (("收入", "收入"), ("支出", "支出"))
_APPROPRIATION = re.compile(r"^(?:一般公共预算|政府性基金预算|国有资本经营预算)财政拨款(?:收入)?$")
_CARRY_OVER = re.compile(r"结转和?结余|结转结余")


@dataclass
class _Side:
    name: str  # 收入 / 支出
    label_col: int
    amounts: list[tuple[int, str]]  # (column, name); name '' for a single amount column


def _body_starts(row: SourceRow) -> bool:
    return any(is_amount_text(c) and not re.fullmatch(r"\d{1,2}", clean(c)) for c in row.cells) or any(
        ENUMERATION.match(clean(c)) for c in row.cells
    )


def _key_label(label: str, parent: str | None) -> tuple[str, str | None]:
    """The row's key part and the parent later rows hang under.

    A '其中：X' row is X of the row above it; the appropriation rows under a 结转和结余
    row are that row's parts (公开04 收入.年初财政拨款结转和结余.一般公共预算财政拨款)."""
    of_which = OF_WHICH.match(label)
    if of_which and parent:
        return f"{parent}.{key_part(label[of_which.end():])}", parent
    if parent and _CARRY_OVER.search(parent) and _APPROPRIATION.match(label):
        return f"{parent}.{label}", parent
    return label, label


def _sides(paths: list[list[str]]) -> list[_Side]:
    label_cols = [c for c, p in enumerate(paths) if any(_LABEL_HEADER.search(t) for t in p)]
    if not label_cols:
        return []
    sides = []
    bounds = label_cols + [len(paths)]
    for i, start in enumerate(label_cols):
        cols = range(start + 1, bounds[i + 1])
        amount_cols = [c for c in cols if paths[c] and paths[c][-1] not in _SKIP_HEADER]
        words = "".join(paths[start])
        name = next((side for word, side in _SIDE_WORDS if word in words), "收入" if i == 0 else "支出")
        names = column_names(paths, amount_cols)
        single = len(amount_cols) == 1
        sides.append(_Side(name, start, [(c, "" if single else names[c]) for c in amount_cols]))
    return sides


def _side_heading(label: str) -> str | None:
    """'收入' / '支出' where a row only announces the side (one-column layouts)."""
    return next((side for word, side in _SIDE_WORDS if label in (word, f"{word}项目", f"{word}方")), None)


def parse_two_sided(rows: list[SourceRow]) -> tuple[list[str], list[Row], str | None]:
    header, body = split_header(rows, _body_starts)
    sides = _sides(column_paths(header, body))
    if not sides:
        return [], [], "未能识别收入、支出两侧的表头"
    # Older layouts stack the sides: income rows, then expenditure rows, in one column.
    stacked = len(sides) == 1
    out: list[Row] = []
    keys: dict[str, Row] = {}
    problem = None
    for side in sides:
        name = side.name
        parent = None  # the row '其中' rows and carry-over parts hang under
        for row in body:
            cells = row.cells
            label = key_part(cells[side.label_col]) if side.label_col < len(cells) else ""
            if not label:
                continue
            if stacked and _side_heading(label):
                name, parent = _side_heading(label), None
                continue
            if label in COLUMN_WORDS or _side_heading(label):
                continue  # a header printed again inside the table (项目 | 行次 | 金额, 收入 | 支出)
            label, parent = _key_label(label, parent)
            key = f"{name}.{label}"
            record = Row(key=key, label=clean(cells[side.label_col]), page=row.page)
            problem = problem or put_cells(record, row, side.amounts)
            if key in keys:  # printed twice (a header or total repeated on a continuation page)
                if keys[key].printed() != record.printed():
                    problem = problem or f"“{record.label}”行出现两次，数字不同"
                continue
            keys[key] = record
            out.append(record)
            if stacked and name == "收入" and label == "总计":
                name = "支出"  # income ends with its 总计: expenditure follows
    columns = list(dict.fromkeys(column for side in sides for _, column in side.amounts))
    return columns, out, problem

