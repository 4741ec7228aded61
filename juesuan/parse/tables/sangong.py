"""公开09 财政拨款“三公”经费支出决算表.

Every amount is one (measure, item) pair: measure 预算数 or 决算数, item 合计,
因公出国（境）费, 小计 (the 公务用车购置及运行维护费 subtotal), 公务用车购置费,
公务用车运行维护费, 公务接待费. Each may stand in the column header (2024 layout:
items as columns, under 预算数/决算数 groups, or the other way round) or in the row
label (older layout: items as rows), so both are looked up in the column's header
path and then in the row's label. Rows are keyed by measure, cells by item.
"""
from __future__ import annotations

import re

from ...model import Row
from ..normalize import clean, key_part
from .header import cell_at, column_paths, is_amount_text, is_numbering_row, split_header
from .locate import SourceRow

MEASURES = ("预算数", "决算数")
# Most specific first: 公务用车购置及运行维护费 is the subtotal, not 购置费.
_ITEMS = (
    (re.compile(r"^小计$|购置及运行"), "小计"),
    (re.compile(r"因公出国"), "因公出国（境）费"),
    (re.compile(r"购置"), "公务用车购置费"),
    (re.compile(r"运行"), "公务用车运行维护费"),
    (re.compile(r"接待"), "公务接待费"),
    (re.compile(r"^(?:合计|总计)$"), "合计"),
)


def item_name(text: str) -> str | None:
    s = re.sub(r"^其中[:：]?", "", key_part(text))
    s = key_part(s)
    for pattern, item in _ITEMS:
        if pattern.search(s):
            return item
    return None


# The items as words, the longest first, to count how many a label names.
_ITEM_WORDS = re.compile(r"公务用车购置及运行维护费|因公出国（境）费|因公出国|公务用车购置费|公务用车运行维护费|公务用车运行费|公务接待费|合计|总计|小计")


def _items_named(label: str) -> int:
    """How many items a row label names: two or more are rows run together."""
    return len(_ITEM_WORDS.findall(re.sub(r"^其中[:：]?", "", key_part(label))))


# Headers naming a measure, with a rank: 预算数 is the full-year budget, so a report that
# prints both budgets is read by its 全年预算数, one printing only 年初预算数 by that.
_MEASURE_WORDS = {"预算数": ("预算数", 2), "全年预算数": ("预算数", 2), "年初预算数": ("预算数", 1), "决算数": ("决算数", 2)}


def _measure(text: str) -> tuple[str, int] | None:
    return _MEASURE_WORDS.get(clean(text))


def _body_starts(row: SourceRow) -> bool:
    return not is_numbering_row(row.cells) and any(is_amount_text(c) for c in row.cells)


def parse_sangong(rows: list[SourceRow]) -> tuple[list[str], list[Row], str | None]:
    header, body = split_header(rows, _body_starts)
    paths = column_paths(header, body)
    records: dict[str, Row] = {}
    ranks: dict[tuple[str, str], int] = {}
    problem = None
    for row in body:
        cells = row.cells
        label = next((c for c in cells if clean(c) and not is_amount_text(c)), "")
        if _items_named(label) > 1:
            problem = problem or f"“{clean(label)}”一行写有几个项目，行未能分开"
        for c, text in enumerate(cells):
            path = paths[c] if c < len(paths) else []
            if not clean(text) or not is_amount_text(text) and not any(_measure(p) for p in path):
                continue  # empty, or the row's own label
            found = next((m for p in path if (m := _measure(p))), None) or _measure(label)
            item = next((i for p in reversed(path) if (i := item_name(p))), None) or item_name(label)
            if found is None or item is None:
                problem = problem or f"金额“{clean(text)}”未能对应到预算数/决算数及其项目"
                continue
            measure, rank = found
            if ranks.get((measure, item), 0) > rank:
                continue
            if ranks.get((measure, item)) == rank and records[measure].cells[item].value != cell_at(row, c).value:
                problem = problem or f"{measure}{item}读到两个不同的数"
                continue
            ranks[(measure, item)] = rank
            record = records.setdefault(measure, Row(key=measure, label=measure, page=row.page))
            record.cells[item] = cell_at(row, c)
    out = [records[m] for m in MEASURES if m in records]
    columns = sorted({item for r in out for item in r.cells})
    if len({frozenset(r.cells) for r in out}) > 1:  # 预算数 and 决算数 print the same items
        problem = problem or "预算数与决算数读到的项目不一致"
    return columns, out, problem
