"""A word-read table's header: its words into cells (a cell's wrapped lines joined), and
each cell over the columns it heads (a group over its leaves), as grid rows with merged
cells covered, as a ruled table gives them."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import BBox
from ..vocab import COLUMN_NAMES
from .page_words import NUMBERING, TextLine, Words, column_of, group_lines


@dataclass
class _HeaderCell(Words):
    col: int = 0  # the column under its centre
    span: tuple[int, int] = (0, 0)  # first and last column it heads

    @property
    def text(self) -> str:
        return "".join("".join(w.text for w in l.words) for l in group_lines(self.words))


def _header_cells(lines: list[TextLine], bounds, cells_at: list[tuple[float, float]], height: float,
                  columns: list[tuple[float, float]]) -> list[_HeaderCell]:
    """Header words into cells. The words of one line in one column are one cell ('项 目'); a
    cell set close under a cell of the same column and aligned with it (same left edge or
    same middle), no wider, is that cell's text wrapped (本年收入合 / 计). Bottom up, a cell
    heads the columns its text is centred over, made of whole cells of the level under it
    (a group over its leaves: 公务用车购置及运行维护费 over 小计 | 购置费 | 运行维护费, each
    over 预算数 | 决算数)."""
    cells: list[tuple[int, _HeaderCell, bool]] = []  # (first line, cell, a 栏次 line)
    for i, line in enumerate(lines):
        own: dict[int, _HeaderCell] = {}
        for word in line.words:
            own.setdefault(column_of(word, bounds), _HeaderCell([], column_of(word, bounds))).words.append(word)
        numbering = all(NUMBERING.match(w.text) for w in line.words)
        onto = {col: None if numbering else _goes_under(cell, cells, cells_at, columns, height) for col, cell in own.items()}
        for cell in own.values():
            found = onto[cell.col]
            # (a neighbour going on a cell that stands as high is a wrapped tail, no leaf)
            leaves = {col: c for col, c in own.items() if found is None or onto[col] is None or onto[col][1].top >= found[1].bottom}
            upper = found[1] if found is not None and not _over_neighbours(found[1], found[0], cells, leaves) else None
            if upper is not None:
                upper.words.extend(cell.words)
            else:
                cells.append((i, cell, numbering))
    below: list[tuple[int, int] | None] = [None] * len(cells_at)  # per column, the span of the nearest cell under
    under: list[_HeaderCell | None] = [None] * len(cells_at)  # and that cell
    for first in sorted({i for i, _, _ in cells}, reverse=True):
        level = [(c, n) for i, c, n in cells if i == first]
        for cell, _ in level:
            beside = {c.col for _, c, _ in cells if c is not cell and c.top < cell.bottom and c.bottom > cell.top}
            # columns a wider run may take: no header as high as this cell, their cell under
            # it level with its own column's (a group's leaves stand on one line; a column
            # beside the group is centred on the whole header's height)
            level_under = under[cell.col]
            leaves = {c for c, u in enumerate(under) if u is not None and level_under is not None
                      and abs(u.cy - level_under.cy) < 0.5 * height
                      and not any(o is not cell and o.col == c and o.top < cell.bottom for _, o, _ in cells)}
            cell.span = _span_of(cell, beside, below, cells_at, leaves)
        for cell, numbering in level:
            if not numbering:
                for c in range(cell.span[0], cell.span[1] + 1):
                    below[c] = cell.span
                    under[c] = cell
    return [c for _, c, _ in cells]


def _goes_under(cell: _HeaderCell, cells: list, cells_at, columns, height: float) -> tuple[int, _HeaderCell] | None:
    """(line, cell) of the header cell above whose text `cell` goes on, if any."""
    return next(((j, c) for j, c, n in reversed(cells) if not n and c.col == cell.col
                 and _wraps_under(cell, c, _wrap_extent(cells_at[c.col], columns[c.col]), height)
                 and _goes_on(c.text, cell.text)), None)


def _wrap_extent(cell: tuple[float, float], words: tuple[float, float]) -> tuple[float, float]:
    """How wide a column's text may run: its cells where they are narrow, else its words (a
    blank gutter beside a column with no rules is no part of its cells)."""
    return cell if cell[1] - cell[0] <= 1.5 * (words[1] - words[0]) else words


def _goes_on(upper: str, lower: str) -> bool:
    """Whether `lower` may be the rest of `upper`'s text: not where `upper` is a whole column
    name and the two together begin none (基本支出 over its leaf 人员经费, set close under it)."""
    return upper not in COLUMN_NAMES or any(name.startswith(upper + lower) for name in COLUMN_NAMES)


def _over_neighbours(upper: _HeaderCell, line: int, cells: list, own: dict[int, _HeaderCell]) -> bool:
    """`upper` stands alone on its line over a column whose neighbours have headers on the
    line under it: a group centred over them (本年支出 over 小计 | 基本支出 | 项目支出)."""
    beside_upper = {c.col for j, c, _ in cells if j == line and c is not upper}
    sides = {upper.col - 1, upper.col + 1}
    return sides <= set(own) and not sides & beside_upper


def _wraps_under(cell: _HeaderCell, upper: _HeaderCell, at: tuple[float, float], height: float) -> bool:
    """`cell` is the next line of `upper`'s text: close under it, aligned, no wider; and the
    text did wrap — `upper` fills most of its cell, or `cell` is a short tail ('计'), or
    the two begin a known column name. (A group header centred over three columns stands
    over the middle one's leaf just so.)"""
    width = upper.x1 - upper.x0
    named = any(name.startswith(upper.text + cell.text) for name in COLUMN_NAMES)  # (本年收 / 入合计)
    if width < 0.6 * (at[1] - at[0]) and cell.x1 - cell.x0 > 0.5 * width and not named:
        return False
    aligned = abs(cell.x0 - upper.x0) < 4.5 or abs((cell.x0 + cell.x1) - (upper.x0 + upper.x1)) < 9  # (a point or two of jitter)
    below = cell.top > upper.top and -0.5 * height <= cell.top - upper.bottom < height  # (jitter may overlap them)
    return below and aligned and cell.x1 - cell.x0 <= upper.x1 - upper.x0 + 3


def _cell_extents(columns: list[tuple[float, float]], bounds: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each column's cells as printed: its bounds, and its words' extent at the open ends."""
    return [(b0 if b0 != float("-inf") else c0, b1 if b1 != float("inf") else c1) for (c0, c1), (b0, b1) in zip(columns, bounds)]


def _span_of(cell: _HeaderCell, beside: set[int], below: list[tuple[int, int] | None],
             cells_at: list[tuple[float, float]], leaves: set[int]) -> tuple[int, int]:
    """The columns a header cell heads: runs around its own column, free of the cells beside
    it, made of whole spans of the cells under it; the one its text is centred on. Of
    equally centred runs, the widest made of `leaves` (a group over 小计 | 人员经费 | 公用经费
    is centred on the middle leaf too, and those leaves need a group over them), else the
    narrowest."""
    own = cell.col
    if below[own] is None:
        return (own, own)
    lo, hi = below[own]
    while lo > 0 and lo - 1 not in beside and below[lo - 1] is not None:
        lo = below[lo - 1][0]
    while hi + 1 < len(cells_at) and hi + 1 not in beside and below[hi + 1] is not None:
        hi = below[hi + 1][1]
    starts = {below[c][0] for c in range(lo, hi + 1) if below[c]}
    ends = {below[c][1] for c in range(lo, hi + 1) if below[c]}
    centre = (cell.x0 + cell.x1) / 2
    runs = [(a, b) for a in starts if a <= own for b in ends if b >= own and not beside & set(range(a, b + 1))]
    if not runs:
        return (own, own)

    def preference(run: tuple[int, int]) -> tuple:
        off_centre = round(abs((cells_at[run[0]][0] + cells_at[run[1]][1]) / 2 - centre) / 4)
        width = run[1] - run[0]
        return (off_centre, 0, -width) if width and set(range(run[0], run[1] + 1)) - {own} <= leaves else (off_centre, 1, width)
    return min(runs, key=preference)


def header_rows(lines: list[TextLine], bounds, columns, height: float) -> tuple[list[list[str | None]], list[list[BBox | None]]]:
    """Header lines as grid rows, one per band of cells starting at the same height; a group
    cell's text stands in its first column with its box reaching over the others (covered,
    None), as a ruled table's merged cell does."""
    cells = _header_cells(lines, bounds, _cell_extents(columns, bounds), height, columns)
    if not cells:
        return [], []
    bands: list[list[_HeaderCell]] = []
    for cell in sorted(cells, key=lambda c: c.top):
        if bands and cell.top - bands[-1][0].top < 0.5 * height:
            bands[-1].append(cell)
        else:
            bands.append([cell])
    rows: list[list[str | None]] = []
    boxes: list[list[BBox | None]] = []
    for band in bands:
        row: list[str | None] = [""] * len(columns)
        box: list[BBox | None] = [None] * len(columns)
        for cell in band:
            a, b = cell.span
            row[a] = cell.text
            box[a] = (min(cell.x0, columns[a][0]), cell.top, max(cell.x1, columns[b][1]), cell.bottom)
            for c in range(a + 1, b + 1):
                row[c] = None
        rows.append(row)
        boxes.append(box)
    return rows, boxes
