"""A page's words → its text lines and its tables (Grids), by geometry alone.

Every source of positioned words goes through here: the PDF text layer and, for scans,
the words OCR recognises. Tables come in two kinds:

* ruled tables that pdfplumber's lattice finder read (cells from the drawn lines): taken
  as they are, unless a cell holds two amounts or a label and an amount — then a rule is
  missing (horizontal-only or outer-frame-only rulings) and the table is re-read from
  its words;
* tables with no (or too few) drawn lines: a run of lines whose words stand in columns,
  with the header lines above them. Columns are the x-intervals that the body lines'
  words share; header words cover the columns they overlap (a word over several columns
  is a group header); a body row is a line with amounts plus the label lines that wrap
  around it (within the same ruled band where rows are ruled, else the nearer line).

The result is the reader-neutral RawDocument vocabulary: Line and Grid blocks, with each
grid cell's box on the page.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..model import BBox
from .normalize import PART_HEADING, is_page_number, parse_amount, subject_code
from .raw import Block, Grid, Line
from .titles import read_title

# An amount as tables print it: decimals or thousands separators (a bare integer may be a
# code, a 行次 or a year, so it never decides alone that a line is tabular).
_MONEY = re.compile(r"^[-−(（]?\d{1,3}(?:,\d{3})+(?:\.\d+)?[)）]?$|^[-−(（]?\d+\.\d{1,4}[)）]?$")
_SENTENCE = re.compile(r"[，。；！？]|[,;](?!\d)")
_STOP = re.compile(r"^(?:注|备注|说明|填报说明)\s*\d*\s*[:：]|(?:部门|单位)名称[:：]|金额单位|^单位[:：]|编制(?:单位|部门)[:：]")
_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、．](?!\d))")
_TOTAL_WORD = re.compile(r"^(?:合计|总计|本年.*合计|小计)")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class TextLine:
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class RuledTable:
    """A table read from its drawn lines: cell texts (None where a merged cell covers the
    position) and each cell's box."""

    bbox: BBox
    rows: list[list[str | None]]
    boxes: list[list[BBox | None]]


@dataclass
class PageContent:
    """What a page gives the layout: its words, its drawn rules and ruled tables."""

    number: int | None
    words: list[Word]
    ruled: list[RuledTable] = field(default_factory=list)
    hrules: list[tuple[float, float, float]] = field(default_factory=list)  # (y, x0, x1)


def is_money(text: str) -> bool:
    return bool(_MONEY.match(text.strip()))


# ---------------------------------------------------------------------------------- lines


def group_lines(words: list[Word]) -> list[TextLine]:
    """Words into lines: a word joins the line whose vertical centre is within a third of
    its height (baselines that jitter by a point stay one line; a wrapped line does not)."""
    lines: list[TextLine] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        for line in reversed(lines[-3:]):
            if abs(line.cy - word.cy) <= 0.35 * min(word.height, line.bottom - line.top) + 0.5:
                line.words.append(word)
                break
        else:
            lines.append(TextLine([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda l: l.top)
    return lines


def _gaps(line: TextLine) -> list[float]:
    return [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:])]


def _usual_height(lines: list[TextLine]) -> float:
    heights = [w.height for l in lines for w in l.words if w.height > 0]
    return statistics.median(heights) if heights else 10.0


def _is_tabular(line: TextLine, height: float) -> bool:
    """Words in columns with an amount among them, not a sentence."""
    if any(_SENTENCE.search(w.text) for w in line.words):
        return False
    if not any(is_money(w.text) for w in line.words):
        return False
    return len(line.words) == 1 or max(_gaps(line)) > 0.8 * height


def _is_stop(line: TextLine) -> bool:
    text = "".join(line.text.split())
    return bool(_STOP.search(text) or PART_HEADING.match(text) or is_page_number(text) or read_title(text))


def _is_prose(line: TextLine, height: float) -> bool:
    return any(_SENTENCE.search(w.text) for w in line.words) or (
        len(line.words) == 1 and len(line.words[0].text) > 24
    )


# ---------------------------------------------------------------------------------- regions


def _regions(lines: list[TextLine], height: float) -> list[tuple[int, int, int]]:
    """(header start, body start, end) line indexes of each run of tabular lines."""
    tabular = [_is_tabular(l, height) for l in lines]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(lines):
        if not tabular[i] or _is_stop(lines[i]):
            i += 1
            continue
        start, end = i, i + 1
        while end < len(lines):
            line = lines[end]
            if _is_stop(line) or _is_prose(line, height) or line.top - lines[end - 1].bottom > 3 * height:
                break
            if tabular[end]:
                end += 1
                continue
            # a label line with no amount: part of the table when a tabular line follows soon
            ahead = next((j for j in range(end + 1, min(end + 4, len(lines))) if tabular[j]), None)
            if ahead is None and not _close_below(lines, end, height):
                break
            end += 1
        while end > start + 1 and not tabular[end - 1] and not _close_below(lines, end - 1, height):
            end -= 1
        head = start
        while head > 0:
            above = lines[head - 1]
            if _is_stop(above) or _is_prose(above, height) or tabular[head - 1]:
                break
            if lines[head].top - above.bottom > 2.5 * height:
                break
            head -= 1
        if _aligned_amounts([l for l, t in zip(lines[start:end], tabular[start:end]) if t]):
            out.append((head, start, end))
        i = end
    return out


def _aligned_amounts(lines: list[TextLine]) -> bool:
    """Amounts standing in columns: most lines share an amount's x-range with another
    line (numbers scattered through prose do not)."""
    spans = [[(w.x0, w.x1) for w in l.words if is_money(w.text)] for l in lines]
    if len(lines) < 2:  # one row of a table (公开09's twelve amounts) is no sentence
        return bool(spans) and len(spans[0]) >= 3
    aligned = sum(
        1 for i, own in enumerate(spans)
        if any(min(a1, b1) - max(a0, b0) > 0 for j, other in enumerate(spans) if j != i for a0, a1 in own for b0, b1 in other)
    )
    return aligned * 2 >= len(lines)


def _close_below(lines: list[TextLine], i: int, height: float) -> bool:
    """A line that ends a table's last row (a wrapped label under the last amounts)."""
    return i > 0 and lines[i].top - lines[i - 1].bottom < 0.8 * height and not _is_prose(lines[i], height)


# ---------------------------------------------------------------------------------- columns


def _columns(body: list[TextLine], vrules: list[float]) -> list[tuple[float, float]]:
    """Column extents: the union of overlapping word intervals over the body lines."""
    spans = sorted((w.x0, w.x1) for l in body for w in l.words)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 < columns[-1][1] - 0.5 and not any(columns[-1][1] > v > x0 for v in vrules):
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _bounds(columns: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each column widened to the middle of the gutters beside it."""
    out = []
    for i, (x0, x1) in enumerate(columns):
        left = (columns[i - 1][1] + x0) / 2 if i else float("-inf")
        right = (x1 + columns[i + 1][0]) / 2 if i + 1 < len(columns) else float("inf")
        out.append((left, right))
    return out


def _column_of(word: Word, bounds: list[tuple[float, float]]) -> int:
    centre = (word.x0 + word.x1) / 2
    for i, (left, right) in enumerate(bounds):
        if left <= centre < right:
            return i
    return len(bounds) - 1


def _covered(word: Word, bounds: list[tuple[float, float]], columns: list[tuple[float, float]]) -> list[int]:
    """Columns a header word stands over: those whose printed extent it overlaps by a good
    part (a group header spans its leaves); at least the column its centre is in."""
    hit = [
        i for i, (x0, x1) in enumerate(columns)
        if min(word.x1, x1) - max(word.x0, x0) > 0.3 * min(x1 - x0, word.x1 - word.x0)
    ]
    own = _column_of(word, bounds)
    return hit if own in hit and len(hit) > 1 and _contiguous(hit) else [own]


def _contiguous(cols: list[int]) -> bool:
    return cols == list(range(cols[0], cols[-1] + 1))


# ---------------------------------------------------------------------------------- header


@dataclass
class _HeaderCell:
    cols: tuple[int, ...]
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        lines = group_lines(self.words)
        return "".join("".join(w.text for w in l.words) for l in lines)


def _header_rows(lines: list[TextLine], bounds, columns, height: float) -> list[list[str | None]]:
    """Header lines as grid rows: text wrapped inside one cell joined, a group header's
    text repeated over every column it spans, each column's path top to bottom."""
    cells: list[_HeaderCell] = []
    for line in lines:
        for word in line.words:
            cols = tuple(_covered(word, bounds, columns))
            near = [c for c in cells if c.cols == cols and word.top - c.bottom < 0.6 * height]
            if near:
                near[-1].words.append(word)
            else:
                cells.append(_HeaderCell(cols, [word]))
    if not cells:
        return []
    paths: list[list[_HeaderCell]] = [[] for _ in columns]
    for cell in sorted(cells, key=lambda c: c.top):
        for c in cell.cols:
            paths[c].append(cell)
    depth = max(len(p) for p in paths)
    rows: list[list[str | None]] = [["" for _ in columns] for _ in range(depth)]
    for c, path in enumerate(paths):
        for r, cell in enumerate(path):
            rows[r][c] = cell.text
    return rows


# ---------------------------------------------------------------------------------- rows


def _row_start(line: TextLine) -> bool:
    """A line that opens a row of its own: a code, or an enumerated or total label, first."""
    first = line.words[0].text
    return bool(subject_code(first) or _ENUMERATION.match(first) or _TOTAL_WORD.match(first))


def _has_money(line: TextLine) -> bool:
    return any(is_money(w.text) for w in line.words)


def _has_text(line: TextLine) -> bool:
    return any(parse_amount(w.text) is None for w in line.words)


def _bands(hrules: list[tuple[float, float, float]], top: float, bottom: float, x0: float, x1: float) -> list[float]:
    """The y of drawn rules crossing most of the region's width (row separators)."""
    width = x1 - x0
    return sorted({round(y, 1) for y, a, b in hrules if top - 2 <= y <= bottom + 2 and min(b, x1) - max(a, x0) > 0.5 * width})


def _group_rows(body: list[TextLine], hrules: list[tuple[float, float, float]], height: float) -> list[list[TextLine]]:
    """Body lines into rows. Where rows are ruled, the lines between two rules. Otherwise
    each line with amounts anchors a row; a label line wrapped above or below it joins the
    nearer anchor; a code or total label on a line of its own takes the amounts printed
    just under or over it (a cell whose text is centred vertically)."""
    ys = _bands(hrules, body[0].top, body[-1].bottom, min(l.x0 for l in body), max(l.x1 for l in body))
    if len(ys) >= 3:
        banded: dict[int, list[TextLine]] = {}
        for line in body:
            banded.setdefault(sum(1 for y in ys if y <= line.cy), []).append(line)
        return [banded[k] for k in sorted(banded)]
    money = [_has_money(l) for l in body]
    anchors = [i for i, m in enumerate(money) if m]
    steps = [body[b].cy - body[a].cy for a, b in zip(anchors, anchors[1:])]
    close = 0.75 * (statistics.median(steps) if steps else 2 * height)

    def gap(a: int, b: int) -> float:
        return abs(body[b].cy - body[a].cy)

    groups: list[list[int]] = []
    pending: list[int] = []  # label lines waiting for the amounts printed under them
    for i, line in enumerate(body):
        last = groups[-1] if groups else None
        last_money = last is not None and any(money[k] for k in last)
        if money[i]:
            opens = last is not None and not last_money and _row_start(body[last[0]]) and gap(last[-1], i) < close
            if not pending and opens and (not _row_start(line) or not _has_text(line)):
                last.append(i)  # the amounts under their own code or total label
            else:
                groups.append(pending + [i])
            pending = []
            continue
        nxt = next((j for j in range(i + 1, len(body)) if money[j]), None)
        if _row_start(line):
            if last is not None and last_money and not any(_has_text(body[k]) for k in last) and gap(last[-1], i) < close:
                last.append(i)  # a total label printed under its amounts
            else:
                groups.append(pending + [i])
                pending = []
            continue
        up = last is not None and not pending and gap(last[-1], i) < close
        down = nxt is not None and gap(i, nxt) < close
        if up and down:  # between two rows: the one whose text it touches
            up = body[i].top - body[last[-1]].bottom <= body[nxt].top - body[i].bottom
        if up:
            last.append(i)
        elif down:
            pending.append(i)
        else:
            groups.append(pending + [i])
            pending = []
    if pending:
        groups.append(pending)
    return [[body[i] for i in g] for g in groups]


def _cells(row_lines: list[TextLine], bounds) -> tuple[list[str], list[BBox | None]]:
    texts: list[list[str]] = [[] for _ in bounds]
    boxes: list[BBox | None] = [None] * len(bounds)
    for line in row_lines:
        per_col: dict[int, list[Word]] = {}
        for word in line.words:
            per_col.setdefault(_column_of(word, bounds), []).append(word)
        for c, words in per_col.items():
            texts[c].append(" ".join(w.text for w in words))
            box = boxes[c]
            for w in words:
                box = (w.x0, w.top, w.x1, w.bottom) if box is None else (
                    min(box[0], w.x0), min(box[1], w.top), max(box[2], w.x1), max(box[3], w.bottom))
            boxes[c] = box
    return ["\n".join(t) for t in texts], boxes


def word_grid(header: list[TextLine], body: list[TextLine], page: int | None,
              hrules: list[tuple[float, float, float]] = (), vrules: list[float] = ()) -> Grid | None:
    """A Grid from a table's header and body lines, or None when they form no columns."""
    height = _usual_height(body)
    columns = _columns([l for l in body if len(l.words) >= 2] or body, list(vrules))
    if len(columns) < 2:
        return None
    bounds = _bounds(columns)
    rows: list[list[str | None]] = list(_header_rows(header, bounds, columns, height))
    boxes: list[list[BBox | None]] = [[None] * len(columns) for _ in rows]
    for group in _group_rows(body, list(hrules), height):
        texts, cell_boxes = _cells(group, bounds)
        rows.append(texts)
        boxes.append(cell_boxes)
    return Grid(rows, page=page, boxes=boxes)


# ---------------------------------------------------------------------------------- ruled


def _money_tokens(text: str) -> int:
    return sum(1 for t in text.split() if is_money(t))


def ruled_is_broken(table: RuledTable) -> bool:
    """Whether the drawn lines missed columns: cells holding two amounts, or most rows
    with amounts holding a label and an amount in one cell (a form's 'label 11.88' cell
    now and then is not a missing rule)."""
    doubled = mixed = money_rows = 0
    for row in table.rows:
        texts = [t for t in row if t]
        if any(_money_tokens(t) for t in texts):
            money_rows += 1
        for text in texts:
            tokens = text.split()
            money = _money_tokens(text)
            if money >= 2:
                doubled += 1
            elif money == 1 and any(not is_money(t) and parse_amount(t) is None for t in tokens):
                mixed += 1
    return doubled >= 2 or mixed >= 3 and mixed * 2 >= money_rows


def _inside(line: TextLine, bbox: BBox) -> bool:
    x0, top, x1, bottom = bbox
    return top - 1 <= line.cy <= bottom + 1 and x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1


# ---------------------------------------------------------------------------------- page


def page_blocks(content: PageContent) -> list[Block]:
    """The page's grids and the text lines outside them, top to bottom."""
    lines = group_lines(content.words)
    height = _usual_height(lines)
    placed: list[tuple[float, Block]] = []
    taken: set[int] = set()
    for table in content.ruled:
        inside = [i for i, l in enumerate(lines) if _inside(l, table.bbox)]
        taken.update(inside)
        grid = None
        if ruled_is_broken(table) and inside:
            tab = [lines[i] for i in inside]
            first = next((k for k, l in enumerate(tab) if _is_tabular(l, height)), 0)
            grid = word_grid(tab[:first], tab[first:], content.number, content.hrules)
        if grid is None:
            grid = Grid(table.rows, page=content.number, boxes=table.boxes)
        placed.append((table.bbox[1], grid))
    free = [l for i, l in enumerate(lines) if i not in taken]
    used: set[int] = set()
    for head, start, end in _regions(free, height):
        grid = word_grid(free[head:start], free[start:end], content.number, content.hrules)
        if grid is None:
            continue
        used.update(range(head, end))
        placed.append((free[head].top, grid))
    placed.extend((l.top, Line(l.text, page=content.number)) for i, l in enumerate(free) if i not in used)
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]
