"""Find the standard tables in a RawDocument and gather what belongs to each.

The document is flattened into one stream of rows: a text line is a one-cell row, a
grid row keeps its cells. That makes the search independent of how a reader cut the
grids (one per page, one per sheet, several per table at blank lines) and of whether
a title stands in a text line (PDF, Word) or in a grid row (Excel).

A table starts at a row whose text is one of the ten standard titles; it takes the
label (公开NN表 / 表N), the header fields (部门名称、年度、金额单位), every grid row up to
the next title or the first unrelated text line, and the 注/本表无数据 lines under it.
Continuation grids on following pages (no title) are taken as they come; a title
repeated on a continuation page continues the same table. The table of contents
repeats the titles without any grid row: such candidates lose to the body instance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...classification import begins_known_row, known_row
from ...model import BBox
from ..normalize import PART_HEADING, clean, is_amount, is_blank_amount, is_page_number, strip_enum, subject_code
from ..outline import heading_level
from ..raw import Grid, Line, RawDocument
from ..titles import printed_label, read_title


@dataclass
class SourceRow:
    """One row of the flattened document: its cells as printed ('' for empty or merged),
    its page, and where the source has positions, each cell's box."""

    cells: list[str]
    page: int | None
    text_line: bool = False  # a line of running text rather than a grid row
    boxes: list[BBox | None] = field(default_factory=list)
    covered: list[bool] = field(default_factory=list)  # the cell is covered by a merged neighbour
    grid_start: bool = False  # the first row of a grid as the reader cut it

    def box(self, c: int) -> BBox | None:
        return self.boxes[c] if c < len(self.boxes) else None

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def squeezed(self) -> str:
        return clean(self.text)


@dataclass
class Located:
    """A table as found: metadata plus its grid rows in order."""

    table_id: str
    title: str
    page: int | None
    label: str | None = None
    unit_name: str | None = None
    year: int | None = None
    money_unit: str | None = None
    notes: list[str] = field(default_factory=list)
    no_data_note: str | None = None
    rows: list[SourceRow] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        pages = {r.page for r in self.rows if r.page is not None}
        if self.page is not None:
            pages.add(self.page)
        return sorted(pages)


_UNIT_FIELD = re.compile(r"(?:(?:部门|单位)名称|编制(?:单位|部门))[:：]\s*(.*?)(?=\s*(?:20\d{2}\s*年|金额单位|单位[:：]|$))")
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_MONEY = re.compile(r"单位[:：]\s*(万元|元|千元)")
_NO_DATA = re.compile(r"本表无数据|无数据|本表为空|无此项|未发生")
_NOTE = re.compile(r"^(?:注|备注|说明)\s*\d*\s*[:：]")
# A text line longer than this after a table's rows is the running text of the next part.
_STRAY_LENGTH = 20


def _running_lines(doc: RawDocument) -> set[str]:
    """Texts printed on three or more pages: running headers, footers, watermarks.
    They say nothing about the table they cross (an ordinary line would end it)."""
    pages: dict[str, set[int]] = {}
    for block in doc.blocks:
        if isinstance(block, Line) and block.page is not None:
            pages.setdefault(clean(block.text), set()).add(block.page)
    return {text for text, on in pages.items() if len(on) >= 3}


def flatten(doc: RawDocument) -> list[SourceRow]:
    running = _running_lines(doc)
    rows: list[SourceRow] = []
    for block in doc.blocks:
        if isinstance(block, Line):
            text = block.text.strip()
            row = SourceRow([text], block.page, text_line=True)
            if text and not (clean(text) in running and _is_running(row)):
                rows.append(row)
        elif isinstance(block, Grid):
            first = True
            for r, cells in enumerate(block.rows):
                cleaned = [c.strip() if c else "" for c in cells]
                if any(cleaned):
                    boxes = [block.box(r, c) for c in range(len(cells))]
                    rows.append(SourceRow(cleaned, block.page, boxes=boxes, covered=[c is None for c in cells], grid_start=first))
                    first = False
    return rows


def _is_running(row: SourceRow) -> bool:
    """A repeated line that is none of the table's own lines (a title, a note, 单位：万元)."""
    return _title_of(row) is None and not _is_note(row) and not _is_header_field(row) and not _is_label_only(row)


def _title_of(row: SourceRow) -> tuple[str, str] | None:
    """(table id, printed title) when the row is a table title, optionally with its label."""
    cells = [c for c in row.cells if c]
    if not cells or len(cells) > 2:
        return None
    text = " ".join(cells)
    if len(clean(text)) > 48:
        return None
    title = read_title(text)
    return (title.table_id, title.printed) if title else None


def _is_header_like(row: SourceRow) -> bool:
    """A row of column names: several cells, none an amount (a label over dashes is a row
    whose amounts are blank)."""
    filled = [c for c in row.cells if clean(c) and not is_blank_amount(c)]
    return len(filled) >= 2 and not any(is_amount(c) for c in filled)


def _new_frame(row: SourceRow, current: Located) -> bool:
    """A grid opening with column names that the current table never printed: another
    table whose title was not recognised, never a continuation."""
    if not (row.grid_start and current.rows and _is_header_like(row)):
        return False
    seen = {clean(c) for r in current.rows for c in r.cells if clean(c)}
    return not {clean(c) for c in row.cells if clean(c)} <= seen


def _is_label_only(row: SourceRow) -> str | None:
    label = printed_label(row.text)
    if label and len(row.squeezed) <= len(clean(label)) + 2:
        return label
    return None


def _is_header_field(row: SourceRow) -> bool:
    s = row.squeezed
    fields = _MONEY.search(s) or _UNIT_FIELD.search(s) or re.fullmatch(r"20\d{2}\s*年度?", s)
    return bool(fields) and len(s) < 80


def _read_header_field(row: SourceRow, located: Located) -> None:
    text = row.text
    m = _UNIT_FIELD.search(text)
    if m and located.unit_name is None:
        located.unit_name = clean(m.group(1)) or None
    m = _YEAR.search(clean(text))
    if m and located.year is None:
        located.year = int(m.group(1))
    m = _MONEY.search(clean(text))
    if m and located.money_unit is None:
        located.money_unit = m.group(1)


def _is_note(row: SourceRow) -> bool:
    return bool(_NOTE.match(row.squeezed)) or bool(_NO_DATA.search(row.squeezed) and len(row.cells) <= 2)


def _continues(row: SourceRow, current: Located, in_note: bool, stray: bool) -> bool:
    """Whether a grid row after the table's rows still belongs to it: not after its notes,
    and after a stray short line (a page header, a watermark) only with the same width."""
    if in_note and current.rows:
        return False
    return not stray or not current.rows or len(row.cells) == len(current.rows[-1].cells)


def _join_split_titles(rows: list[SourceRow]) -> list[SourceRow]:
    """A title wrapped onto two lines (一般公共预算财政拨款基本支出决算 / 明细表) read as one."""
    out: list[SourceRow] = []
    i = 0
    while i < len(rows):
        row, nxt = rows[i], rows[i + 1] if i + 1 < len(rows) else None
        if row.text_line and nxt is not None and nxt.text_line and nxt.page == row.page \
                and _title_of(row) is None and _title_of(nxt) is None:
            joined = SourceRow([row.cells[0] + nxt.cells[0]], row.page, text_line=True)
            if _title_of(joined) is not None:
                out.append(joined)
                i += 2
                continue
        out.append(row)
        i += 1
    return out


def _coded_amounts(row: SourceRow) -> bool:
    """A row of a function- or economic-subject table: a code first, then amounts."""
    filled = [clean(c) for c in row.cells if clean(c)]
    return len(filled) >= 2 and bool(subject_code(filled[0])) and any(is_amount(c) and "." in c for c in filled[1:])


def locate_tables(doc: RawDocument) -> tuple[list[Located], list[int]]:
    """Every table candidate in reading order, the body instance of each id kept; and the
    pages of grids with subject-coded amounts that stand under no recognised title."""
    rows = _join_split_titles(flatten(doc))
    orphans: list[int] = []
    candidates: list[Located] = []
    current: Located | None = None
    in_note = False  # the last text taken was a note, whose wrapped lines may follow
    stray = False  # a short unrelated line stood after the rows (page header, watermark)
    note_page: int | None = None
    for row in rows:
        title = _title_of(row)
        if title is not None:
            table_id, printed = title
            in_note = stray = False
            if current is not None and current.table_id == table_id and current.rows:
                continue  # the title repeated on a continuation page
            current = Located(table_id, printed, row.page, label=printed_label(row.text))
            candidates.append(current)
            _read_header_field(row, current)  # 单位：万元 printed on the title's own line
            continue
        if current is None:
            if not row.text_line and row.page is not None and _coded_amounts(row) and row.page not in orphans:
                orphans.append(row.page)
            continue
        s = row.squeezed
        if PART_HEADING.match(s):
            current = None
            continue
        if is_page_number(s) and sum(1 for c in row.cells if c.strip()) <= 1:
            continue  # (a grid row of bare 行次 numbers, '30 | | 61', is a blank row, kept)
        if _is_note(row):
            if _NO_DATA.search(s):
                current.no_data_note = current.no_data_note or row.text
            current.notes.append(row.text)
            in_note, note_page = True, row.page
            continue
        if not current.rows and (label := _is_label_only(row)):
            current.label = current.label or label
            continue
        if _is_header_field(row):
            _read_header_field(row, current)
            continue
        if row.text_line and len(row.cells) == 1:
            if in_note and row.page == note_page and heading_level(s) is None:
                current.notes[-1] += row.text  # a note wrapped onto the next line
            elif current.rows and not in_note and begins_known_row(strip_enum(s)) and not known_row(strip_enum(s)):
                pass  # a row's label broken over the page (Word lets rows split): its first line left under the grid
            elif heading_level(s) is not None or stray or in_note or len(s) > (_STRAY_LENGTH if current.rows else 40):
                current = None  # the running text of the next part
            else:
                stray = bool(current.rows)  # text between title and grid, or a page header
            continue
        if not _continues(row, current, in_note, stray) or _new_frame(row, current):
            current = None
            if row.page is not None and row.page not in orphans and not row.text_line:
                orphans.append(row.page)  # another table's frame: its title was not recognised
            continue
        current.rows.append(_aligned(row, current))
        in_note = stray = False
    return _keep_body_instances(candidates), orphans


def _extents(rows: list[SourceRow], width: int) -> list[tuple[float, float] | None]:
    """Each column's x-extent, from the boxes of cells that span no neighbour."""
    out: list[tuple[float, float] | None] = []
    for c in range(width):
        spans = sorted((b[0], b[2]) for r in rows if len(r.cells) == width and (b := r.box(c)) is not None
                       and not (c + 1 < len(r.covered) and r.covered[c + 1]))
        out.append(spans[len(spans) // 2] if spans else None)
    return out


def _aligned(row: SourceRow, table: Located) -> SourceRow:
    """A continuation grid drawn with other columns (a page where 类/款/项 merge into one
    code column) re-cut to the columns of the table's first grid, by the cells' boxes."""
    first = next((r for r in table.rows if not r.text_line and r.boxes), None)
    if first is None or not row.boxes or len(row.cells) == len(first.cells):
        return row
    width = len(first.cells)
    extents = _extents([r for r in table.rows if len(r.cells) == width], width)
    if not any(extents):
        return row
    cells, boxes, covered = [""] * width, [None] * width, [False] * width
    for c, text in enumerate(row.cells):
        box = row.box(c)
        if box is None or not text:
            continue
        # (a column never printed in the first grid has no extent: nothing lands in it)
        hit = [k for k, e in enumerate(extents) if e is not None
               and min(box[2], e[1]) - max(box[0], e[0]) > 0.5 * min(e[1] - e[0], box[2] - box[0])]
        if not hit:  # (a label centred otherwise on this page) the column whose middle is nearest
            middle = (box[0] + box[2]) / 2
            hit = [min((k for k, e in enumerate(extents) if e is not None), key=lambda k: abs((extents[k][0] + extents[k][1]) / 2 - middle))]
        if cells[hit[0]]:
            return row  # two cells for one column: keep the row as drawn
        cells[hit[0]], boxes[hit[0]] = text, box
        for k in hit[1:]:
            covered[k] = True
    return SourceRow(cells, row.page, boxes=boxes, covered=covered, grid_start=row.grid_start)


def _keep_body_instances(candidates: list[Located]) -> list[Located]:
    """One candidate per table id: the one with grid rows (the body), else one stating no data."""
    best: dict[str, Located] = {}
    for cand in candidates:
        if not cand.rows and cand.no_data_note is None:
            continue  # a table-of-contents entry or a bare heading
        kept = best.get(cand.table_id)
        if kept is None or len(cand.rows) > len(kept.rows):
            best[cand.table_id] = cand
    return sorted(best.values(), key=candidates.index)
