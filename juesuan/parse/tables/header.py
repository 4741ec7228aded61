"""Header rows of a table: where the header ends, and what each column is called.

A column's *path* is the header texts standing over it, top to bottom: a group cell
spanning several columns counts for each of them, a cell merged downwards counts once.
Merged positions arrive as covered (None from the reader); where the source has
positions, the boxes say whether a merge runs across or down, elsewhere the row above
decides. A column's *name* follows shared/spec/facts.md: the leaf, except that a leaf
金额 / 小计 under a group is the group itself, a leaf 其中：X under group G is G.X, and a
leaf that stands under two groups (公开09 预算数/决算数) is prefixed by its group. A group
over every amount column (本年支出) names no column.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ...model import Cell, Row
from ..normalize import clean, is_amount, is_blank_amount, key_part, parse_amount, subject_code
from .locate import SourceRow

# Cells that only name the layout, never a row: 栏次 (column numbers), 行次 (row numbers).
NUMBERING_WORDS = ("栏次", "行次")
# A leaf that is its group's own amount: 事业收入 → 金额 | 其中：教育收费.
GROUP_AMOUNT_LEAVES = ("金额", "决算数")
# A subtotal leaf is its group's amount beside 其中 columns, or under a group the fact
# vocabulary names as a column (公开05 基本支出 → 小计 | 人员经费 | 公用经费); beside real parts
# (公开07 本年支出 → 小计 | 基本支出 | 项目支出) it keeps its own name.
SUBTOTAL_LEAVES = ("小计", "合计")
COLUMN_GROUPS = ("基本支出", "项目支出")
OF_WHICH = re.compile(r"^其中[:：]?")
_SMALL_INT = re.compile(r"^\d{1,2}$")


def is_numbering_row(cells: list[str]) -> bool:
    """The 栏次 row ('栏次 | | 1 | 2 | 3') or a bare column-number row ('1 | 2 | … | 12')."""
    filled = [clean(c) for c in cells if clean(c)]
    if filled == ["行次"]:  # the 行次 column's own header, set a little off its line
        return False
    if filled and filled[0] in NUMBERING_WORDS:
        return all(c in NUMBERING_WORDS or _SMALL_INT.match(c) for c in filled)
    if len(filled) < 2 or not all(_SMALL_INT.match(c) for c in filled):
        return False
    numbers = [int(c) for c in filled]
    return all(b > a for a, b in zip(numbers, numbers[1:]))


def is_body_row(row: SourceRow) -> bool:
    """A row of the table's body: an amount, or a subject code or total label first."""
    if is_numbering_row(row.cells):
        return False
    first = next((clean(c) for c in row.cells if clean(c)), "")
    if subject_code(first) or re.match(r"^\d{3}(?:\s*\d{2}){0,2}\S", first):
        return True
    return any(is_amount(c) for c in row.cells)


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


def split_header(rows: list[SourceRow], body_starts: Callable[[SourceRow], bool] = is_body_row) -> tuple[list[SourceRow], list[SourceRow]]:
    """(header rows, body rows). The header is every row before the first body row;
    numbering rows and header rows repeated on continuation pages leave the body."""
    start = next((i for i, row in enumerate(rows) if body_starts(row)), len(rows))
    header = [row for row in rows[:start] if not is_numbering_row(row.cells)]
    # (by its words, not their places: a page whose columns differ may place a group over others)
    seen = {_words(row) for row in header}
    words = {t for row in header for t in _words(row)}
    body: list[SourceRow] = []
    top = False  # at the top of a grid (a continuation page), before its first body row
    for row in rows[start:]:
        top = row.grid_start or top and not body_starts(row)
        # a header repeated over a page's grid may wrap or band its cells otherwise: any row
        # there made of header words only is part of it
        repeated = _words(row) in seen or top and set(_words(row)) <= words
        if not is_numbering_row(row.cells) and not repeated:
            body.append(row)
    return header, body


def _words(row: SourceRow) -> tuple[str, ...]:
    return tuple(t for c in row.cells if (t := clean(c)))


def _centres(rows: list[SourceRow], width: int) -> list[float | None]:
    """Each column's horizontal centre, from the boxes of its unmerged cells."""
    out: list[float | None] = []
    for c in range(width):
        xs = [(b[0] + b[2]) / 2 for r in rows if (b := r.box(c)) is not None and not _covered(r, c + 1)]
        out.append(sorted(xs)[len(xs) // 2] if xs else None)
    return out


def _covered(row: SourceRow, c: int) -> bool:
    return c < len(row.covered) and row.covered[c]


def column_paths(header: list[SourceRow], centres_from: list[SourceRow] = ()) -> list[list[str]]:
    """Per column, the distinct header texts over it, top to bottom (cleaned)."""
    width = max((len(r.cells) for r in header), default=0)
    centres = _centres(list(header) + list(centres_from), width)
    # a reader that marks merged cells (None) or places cells (boxes): an empty cell is empty
    knows_merges = any(any(r.covered) or any(b is not None for b in r.boxes) for r in header)
    filled: list[list[str]] = []
    for r, row in enumerate(header):
        texts = [clean(c) for c in row.cells] + [""] * (width - len(row.cells))
        out = list(texts)
        for c in range(1, width):
            if texts[c]:
                continue
            anchor = next((a for a in range(c - 1, -1, -1) if texts[a]), None)
            if anchor is None or any(texts[k] for k in range(anchor + 1, c)):
                continue
            box = row.box(anchor)
            if _covered(row, c) and box is not None and centres[c] is not None:
                across = box[2] >= centres[c]  # the anchor cell's own box reaches over this column
            elif _covered(row, c) or not knows_merges:
                # no positions: a merge runs across where the row above is one group here too
                across = r == 0 or bool(filled[r - 1][c] and filled[r - 1][c] == filled[r - 1][c - 1])
            else:
                across = False  # the reader marks merged cells: an empty one is empty
            if across:
                out[c] = texts[anchor]
        filled.append(out)
    paths = []
    for c in range(width):
        path: list[str] = []
        for row in filled:
            if row[c] and (not path or path[-1] != row[c]):
                path.append(row[c])
        paths.append(path)
    return paths


def column_names(paths: list[list[str]], amount_cols: list[int]) -> dict[int, str]:
    """The fact-key name of each amount column (see the module docstring)."""
    spanning = {t for t in {t for c in amount_cols for t in paths[c]} if len(amount_cols) > 1 and all(t in paths[c] for c in amount_cols)}
    names: dict[int, str] = {}
    groups: dict[int, list[str]] = {}
    leaves: dict[int, str] = {}
    for c in amount_cols:
        path = [key_part(t) for t in paths[c] if t not in spanning]
        if not path:  # only the spanning group over it: its own leaf
            path = [key_part(paths[c][-1])] if paths[c] else [""]
        leaves[c], groups[c] = path[-1], path[:-1]
    for i, c in enumerate(amount_cols):
        leaf, parents = leaves[c], groups[c]
        of_which = OF_WHICH.match(leaf)
        siblings = [leaves[o] for o in amount_cols if o != c and groups[o][-1:] == parents[-1:]]
        if parents and (leaf in GROUP_AMOUNT_LEAVES or leaf in SUBTOTAL_LEAVES and (
                parents[-1] in COLUMN_GROUPS or siblings and all(OF_WHICH.match(s) for s in siblings))):
            name = parents[-1]
        elif of_which:
            part = key_part(leaf[of_which.end():])
            owner = parents[-1] if parents else (names.get(amount_cols[i - 1], "") if i else "")
            name = f"{owner.split('.')[0]}.{part}" if owner else part
        else:
            name = leaf
        names[c] = name
    # leaves repeated under two groups take their group as a prefix
    for c, name in list(names.items()):
        twins = [o for o, n in names.items() if n == name]
        if len(twins) > 1 and groups[c]:
            prefixes = {groups[o][-1] if groups[o] else "" for o in twins}
            if len(prefixes) == len(twins):
                names[c] = f"{groups[c][-1]}.{name}"
    return names


def leaf_names(paths: list[list[str]], skip: set[int] = frozenset()) -> list[str]:
    """Every column's name ('' for the columns in `skip`: codes, labels, 行次)."""
    amount_cols = [c for c in range(len(paths)) if c not in skip and paths[c]]
    names = column_names(paths, amount_cols)
    return [names.get(c, "") for c in range(len(paths))]


def cell_at(row: SourceRow, c: int) -> Cell:
    """The row's cell in column c: '0.00' is the value 0, blank/'-'/'——' is None."""
    text = row.cells[c] if c < len(row.cells) else ""
    return make_cell(text, row.page, row.box(c))


def put_cells(record: Row, row: SourceRow, columns: list[tuple[int, str]]) -> str | None:
    """The row's amount cells into `record` under their column names; the problem when one
    name was given to two columns holding different amounts (a header misread: the one
    would silently take the other's place)."""
    problem = None
    for c, name in columns:
        if c >= len(row.cells):
            continue
        cell = cell_at(row, c)
        earlier = record.cells.get(name)
        if earlier is not None and earlier.value != cell.value:
            problem = problem or f"两栏都读作“{name or '金额'}”而数字不同（{earlier.text or '空'}、{cell.text or '空'}），表头未能识别"
            continue
        record.cells[name] = cell
    return problem


def make_cell(text: str | None, page: int | None, bbox=None) -> Cell:
    raw = (text or "").strip()
    return Cell(text=raw, value=parse_amount(raw), page=page, bbox=bbox)


def is_amount_text(text: str | None) -> bool:
    return parse_amount(text) is not None


def is_amount_or_blank(text: str | None) -> bool:
    return is_amount_text(text) or is_blank_amount(text)
