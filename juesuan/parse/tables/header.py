"""Header rows of a grid: where the header ends, and each column's name.

Merged header cells arrive as None (PDF) or '' (Word, Excel, text) beside or under
the text. A column's *path* is its header texts top to bottom, a spanning group cell
counted for every column under it; its *leaf* is the deepest text. Where leaves
repeat under two groups (公开09 预算数/决算数) the name is prefixed by the group.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ...model import Cell
from ..normalize import clean, is_blank_amount, key_part, parse_amount
from .locate import SourceRow

# Cells that only name the layout, never a row: 栏次 (column numbers), 行次 (row numbers).
NUMBERING_WORDS = ("栏次", "行次")


def is_numbering_row(cells: list[str]) -> bool:
    """The 栏次 row ('栏次 | | 1 | 2 | 3') or a bare column-number row ('1 | 2 | … | 12')."""
    filled = [clean(c) for c in cells if clean(c)]
    if filled and filled[0] in NUMBERING_WORDS:
        return True
    if len(filled) < 3 or not all(re.fullmatch(r"\d{1,2}", c) for c in filled):
        return False
    numbers = [int(c) for c in filled]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


def line_numbers(rows: list[SourceRow]) -> list[int]:
    """Every number printed under a 行次 header, in order (rows with no label included:
    a skipped number is a reviewer's finding, so none may be lost with its empty row)."""
    columns: set[int] = set()
    numbers: list[int] = []
    for row in rows:
        cells = [clean(c) for c in row.cells]
        named = {i for i, c in enumerate(cells) if c == "行次"}
        if named:
            columns |= named
            continue
        numbers += [int(cells[i]) for i in sorted(columns) if i < len(cells) and re.fullmatch(r"\d{1,3}", cells[i])]
    return numbers


def split_header(rows: list[SourceRow], body_starts: Callable[[SourceRow], bool]) -> tuple[list[list[str]], list[SourceRow]]:
    """(header rows, body rows). The header is every row before the first body row;
    numbering rows and header rows repeated on continuation pages leave the body."""
    start = next((i for i, row in enumerate(rows) if body_starts(row)), len(rows))
    header = [row.cells for row in rows[:start] if not is_numbering_row(row.cells)]
    seen = {tuple(clean(c) for c in cells) for cells in header}
    body = [
        row
        for row in rows[start:]
        if not is_numbering_row(row.cells) and tuple(clean(c) for c in row.cells) not in seen
    ]
    return header, body


def column_paths(header: list[list[str]]) -> list[list[str]]:
    """Per column, the distinct header texts top to bottom (cleaned).

    An empty cell continues the group to its left only where the row above spans both
    columns too (or in the top row): a vertically merged cell stays empty.
    """
    width = max((len(r) for r in header), default=0)
    filled: list[list[str]] = []
    for r, cells in enumerate(header):
        row = [clean(c) for c in cells] + [""] * (width - len(cells))
        for c in range(1, width):
            if row[c]:
                continue
            same_group_above = r == 0 or (filled[r - 1][c] and filled[r - 1][c] == filled[r - 1][c - 1])
            if same_group_above:
                row[c] = row[c - 1]
        filled.append(row)
    paths = []
    for c in range(width):
        path: list[str] = []
        for row in filled:
            if row[c] and (not path or path[-1] != row[c]):
                path.append(row[c])
        paths.append(path)
    return paths


def leaf_names(paths: list[list[str]], skip: set[int] = frozenset()) -> list[str]:
    """Each column's leaf, prefixed by its group where the same leaf stands under two
    groups. Columns in `skip` (codes, labels) neither get a name nor count as twins."""
    leaves = [key_part(p[-1]) if p and c not in skip else "" for c, p in enumerate(paths)]
    names = []
    for c, leaf in enumerate(leaves):
        twins = [i for i, other in enumerate(leaves) if other == leaf and leaf]
        name = leaf
        if len(twins) > 1 and len(paths[c]) > 1:
            groups = {key_part(paths[i][-2]) if len(paths[i]) > 1 else "" for i in twins}
            if len(groups) == len(twins):
                name = f"{key_part(paths[c][-2])}.{leaf}"
        names.append(name)
    return names


def make_cell(text: str | None, page: int | None) -> Cell:
    """A printed amount: '0.00' is the value 0, blank/'-'/'——' is None."""
    raw = (text or "").strip()
    return Cell(text=raw, value=parse_amount(raw), page=page)


def is_amount_text(text: str | None) -> bool:
    return parse_amount(text) is not None


def is_amount_or_blank(text: str | None) -> bool:
    return is_amount_text(text) or is_blank_amount(text)
