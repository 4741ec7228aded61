"""公开10 部门决算公开相关信息统计表: sections 政府采购, 机关运行经费 and 国有资产 (占用),
each with item rows; a row is keyed '<section>.<item>'. Item numbers (（一）, 1.) and a
trailing count unit ('（辆）') are dropped; the 行次 column is ignored."""
from __future__ import annotations

import re

from ...model import Row
from ..normalize import COLUMN_WORDS, clean, key_part
from .header import cell_at, is_amount_text, is_numbering_row
from .locate import SourceRow

_SECTIONS = (("政府采购", "政府采购"), ("机关运行经费", "机关运行经费"), ("国有资产", "国有资产"))
_VALUE_WORDS = {"统计数", "金额", "数量", "决算数"}
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_COUNT_UNIT = re.compile(r"[（(](?:辆|台|套|个|件|台（套）)[）)]$")


def _section(text: str) -> str | None:
    """The section a heading row opens; sub-items ('（一）…', '1. …') are never headings."""
    raw = clean(text)
    if re.match(r"^[（(\d]", raw):
        return None
    s = key_part(raw)
    return next((name for word, name in _SECTIONS if word in s and "合计" not in s), None)


def _item(text: str) -> str:
    return _COUNT_UNIT.sub("", key_part(text))


def _value_col(cells: list[str], label_at: int, value_col: int | None, numbering: set[int]) -> int:
    """The column of the row's value (len(cells), an empty cell, when there is none)."""
    if value_col is not None:
        return value_col
    # no header row seen: the last printed cell right of the label, unless it is a lone 行次
    rest = [c for c in range(label_at + 1, len(cells)) if clean(cells[c]) and c not in numbering]
    if len(rest) == 1 and _ROW_NUMBER.match(clean(cells[rest[0]])):
        return len(cells)
    return rest[-1] if rest else len(cells)


def _row_number_columns(rows: list[SourceRow]) -> set[int]:
    """Columns holding the 行次: small whole numbers rising down the table."""
    width = max((len(r.cells) for r in rows), default=0)
    out = set()
    for c in range(width):
        numbers = [int(clean(r.cells[c])) for r in rows if c < len(r.cells) and _ROW_NUMBER.match(clean(r.cells[c]))]
        if len(numbers) >= 3 and sum(b > a for a, b in zip(numbers, numbers[1:])) >= 0.8 * (len(numbers) - 1):
            out.add(c)
    return out


def parse_info(rows: list[SourceRow]) -> tuple[list[str], list[Row], str | None]:
    out: list[Row] = []
    section: str | None = None
    value_col: int | None = None  # the 统计数 column, once a header row names it
    numbering = _row_number_columns(rows)
    for row in rows:
        cells = row.cells
        if is_numbering_row(cells):
            continue
        words = [clean(c) for c in cells if clean(c)]
        if words and set(words) <= COLUMN_WORDS:
            named = next((i for i, c in enumerate(cells) if clean(c) in _VALUE_WORDS), value_col)
            value_col = named if named not in numbering else None  # a header set over the 行次: read by position
            continue
        label_at = next((i for i, c in enumerate(cells) if clean(c) and not is_amount_text(c)), None)
        if label_at is None:
            continue
        value_at = _value_col(cells, label_at, value_col, numbering)
        text = cells[value_at] if value_at < len(cells) else ""
        name = _section(cells[label_at])
        if name:
            section = name
            if not is_amount_text(text):
                continue  # a section heading; one printing its own amount is also an item
        if section is None:
            continue
        label = cells[label_at]
        out.append(Row(key=f"{section}.{_item(label)}", label=clean(label), page=row.page, cells={"": cell_at(row, value_at)}))
    if section is None:
        return [], [], "未能识别政府采购、机关运行经费、国有资产等栏目"
    return [""], out, None
