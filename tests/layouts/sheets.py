"""A table as it will be drawn: header cells with their spans, body lines of cell texts,
every amount cell carrying the fact it prints. The family builders (families.py) make
Sheets from TableShapes; the renderer (render.py) only places them on pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .features import Layout, tag

WAN = Decimal(10000)


@dataclass
class Cell:
    text: str = ""
    fact: tuple[str, Decimal] | None = None  # (fact key, value) the printed text stands for
    align: str = "right"  # left / right / center
    indent: int = 0  # label levels, drawn as an offset
    wraps: bool = False  # a label that may wrap onto more lines inside its column
    span: int = 1  # columns covered; the covered positions of the line hold None
    place: str | None = None  # this cell's own line in a taller row: first / last / middle


@dataclass
class Line:
    """One body row as drawn."""

    cells: list[Cell | None]
    place: str = "middle"  # where one-line cells stand when the row is taller than one line
    min_lines: int = 1


@dataclass
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Sheet:
    table_id: str
    title: str  # as printed, prefix included
    kinds: list[str]  # per column: code / label / amount / lineno
    header: list[HeaderCell]
    header_rows: int
    lines: list[Line]
    label: str | None = None  # '公开01表', '表1', or None
    numbering: Line | None = None  # the 栏次 row under the header, repeated with it
    notes: list[str] = field(default_factory=list)
    no_data: bool = False
    two_sided: bool = False
    ambiguous: set[str] = field(default_factory=set)  # fact keys two different rows print
    tags: set[str] = field(default_factory=set)

    @property
    def width(self) -> int:
        return len(self.kinds)


def header_cells(paths: list[tuple[str, ...]], first_row: int = 0) -> tuple[list[HeaderCell], int]:
    """Header cells of columns given by their header paths (top to bottom): a path's last
    text spans down to the header's bottom row, equal leading texts of neighbouring
    columns merge into one spanning cell."""
    depth = max((len(p) for p in paths), default=0)
    cells: list[HeaderCell] = []
    for row in range(depth):
        col = 0
        while col < len(paths):
            path = paths[col]
            if row >= len(path):
                col += 1
                continue
            last = row == len(path) - 1
            ident = (path[: row + 1], last)
            end = col + 1
            while end < len(paths) and row < len(paths[end]) and (paths[end][: row + 1], row == len(paths[end]) - 1) == ident:
                end += 1
            cells.append(HeaderCell(path[row], first_row + row, col, depth - row if last else 1, end - col))
            col = end
    return [c for c in cells if c.text], depth


def amount_cell(key: str, value: Decimal | None, layout: Layout, count: bool = False) -> Cell:
    """The printed amount of one cell and the fact it gives (none for a blank or a dash)."""
    if value is not None and value != 0:
        scaled = value if count or layout.money_unit == "万元" else value * WAN
        return Cell(_format(scaled, layout, count), (key, scaled))
    if layout.zero == "zero":
        return Cell("0" if count else "0.00", (key, Decimal(0)))
    return Cell("-" if layout.zero == "dash" else "")


def _format(value: Decimal, layout: Layout, count: bool) -> str:
    if count:
        return f"{int(value)}"
    return f"{value:,.2f}" if layout.thousands else f"{value:.2f}"


def fact_key(table_id: str, *parts: str) -> str:
    return ".".join(p for p in (table_id,) + parts if p)


def numbering_line(kinds: list[str]) -> Line:
    """The 栏次 row: 栏次 under each label column, the amount columns numbered 1, 2, …"""
    cells: list[Cell | None] = []
    n = 0
    for kind in kinds:
        if kind == "amount":
            n += 1
            cells.append(Cell(str(n), align="center"))
        else:
            cells.append(Cell("栏次" if kind == "label" else "", align="center"))
    return Line(cells)


def used(layout: Layout, *switches: str) -> set[str]:
    return {tag(s, getattr(layout, s)) for s in switches}
