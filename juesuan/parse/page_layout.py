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

from ..classification import begins_known_row, known_row
from ..model import BBox, is_blank_text
from ..vocab import COLUMN_NAMES
from .normalize import COLUMN_WORDS, ENUMERATION, PART_HEADING, is_page_number, parse_amount, strip_enum, subject_code
from .raw import Block, Grid, Line
from .titles import read_title

# An amount as tables print it: decimals or thousands separators (a bare integer may be a
# code, a 行次 or a year, so it never decides alone that a line is tabular).
_MONEY = re.compile(r"^[-−(（]?\d{1,3}(?:,\d{3})+(?:\.\d+)?[)）]?$|^[-−(（]?\d+\.\d{1,4}[)）]?$")
_SENTENCE = re.compile(r"[，。；！？]|[,;](?!\d)")
_STOP = re.compile(r"^(?:注|备注|说明|填报说明)\s*\d*\s*[:：]|(?:部门|单位)名称[:：]|金额单位|^单位[:：]|编制(?:单位|部门)[:：]")
# Labels that open a row of the national tables without a number in front: totals and the
# carry-over rows of 01/04 (使用非财政拨款结余, 年初结转和结余, 结余分配 …).
_TOTAL_WORD = re.compile(r"^(?:合计|总计|本年.*合计|小计|使用.*结余|年[初末].*结转|上年结转|结余分配|用事业基金)|^.{2,6}合计$")
_LEVEL_WORDS = re.compile(r"^[类款项]+$")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_NUMBERING = re.compile(r"^(?:栏次|行次|\d{1,2})$")  # the 栏次 line under a header: 栏次 1 2 3
_CODED_NAME = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}[\u4e00-\u9fff]")


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
class _Words:
    """Words standing together (a line, a header cell) and the box around them."""

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
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


@dataclass
class TextLine(_Words):
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
    """Words into lines: a word joins the line whose first word's vertical centre is within
    a third of their height (baselines that jitter by a point stay one line; a wrapped
    line, or the next row, does not)."""
    lines: list[TextLine] = []
    for word in sorted(words, key=lambda w: (w.cy, w.x0)):
        # an amount may also join by another amount of the line: a row's figures, centred
        # between its label's two lines, jitter about the middle and so apart from the label
        money = is_money(word.text)
        best, nearest = None, None
        for line in lines[-3:]:
            if any(_overlaps(w, word.x0, word.x1) for w in line.words):
                continue  # (a line never holds two words one over the other)
            for w in line.words[:1] + ([v for v in line.words[1:] if is_money(v.text)] if money else []):
                off = abs(w.cy - word.cy)
                if off <= 0.35 * min(word.height, w.height) + 0.5 and (nearest is None or off < nearest):
                    best, nearest = line, off
        if best is not None:
            best.words.append(word)
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
    """A table's body line with figures: an amount among words standing in columns."""
    if any(_SENTENCE.search(w.text) for w in line.words) or not any(is_money(w.text) for w in line.words):
        return False
    # (amounts of a dense table stand closer than a character apart, yet are columns)
    return len(line.words) == 1 or max(_gaps(line)) > 0.8 * height or all(is_money(w.text) for w in line.words)


def _is_cells(line: TextLine, height: float) -> bool:
    """A line that may belong to a table: words in columns, or one short label."""
    if any(_SENTENCE.search(w.text) for w in line.words):
        return False
    if len(line.words) == 1:
        return len(line.words[0].text) <= 24
    # more than a space apart (tight header columns stand 4 pt apart), or short pieces of
    # header text wrapped in narrow columns, or a code or a number (1.) and its name in one cell
    return (max(_gaps(line)) > 0.35 * height or all(len(w.text) <= 4 for w in line.words)
            or bool(subject_code(line.words[0].text) or ENUMERATION.fullmatch(line.words[0].text)))


def _is_stop(line: TextLine) -> bool:
    """A line no table runs through: a note, a header field, a part heading, a page
    number, a table title."""
    text = "".join(line.text.split())
    page_number = len(line.words) == 1 and is_page_number(text)
    return bool(_STOP.search(text) or PART_HEADING.match(text) or page_number or read_title(text))


def _is_prose(line: TextLine, height: float) -> bool:
    return not _is_cells(line, height)


def _opens_body(line: TextLine, height: float) -> bool:
    """The first line of a table's body: figures (or the dashes of blank ones), or a code or
    enumerated label first (a 合计/小计 with no figures is as likely a header's)."""
    first = line.words[0].text
    return (_is_tabular(line, height) or _dashes(line) >= 2 or _row_start_word(first) and not _TOTAL_WORD.match(first)
            or any(ENUMERATION.match(w.text) for w in line.words))  # (二十六、… beside its 行次: no header word)


# ---------------------------------------------------------------------------------- regions


def _regions(lines: list[TextLine], height: float) -> list[tuple[int, int, int]]:
    """(header start, body start, end) line indexes of each table with no drawn grid: a run
    of column-like lines holding aligned amounts, the header being the lines before the
    first body line."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(lines):
        if not _is_cells(lines[i], height) or _is_stop(lines[i]) or _lone_long(lines[i]):
            i += 1  # (a long line on its own above a table is a title or a running header)
            continue
        end = i + 1
        while end < len(lines):
            line = lines[end]
            gap = line.top - lines[end - 1].bottom
            # a lone number set close under the rows is a 行次 knocked off its line, no page number
            lone_number = len(line.words) == 1 and line.words[0].text.isdigit() and gap < 1.5 * height
            if (_is_stop(line) and not lone_number) or _is_prose(line, height) or gap > 4 * height:  # blank rows, tall headers
                break
            end += 1
        run = lines[i:end]
        body = _body_start(run, height)
        if body is not None and (_aligned_amounts([l for l in run[body:] if _is_tabular(l, height) or _dashes(l) >= 2])
                                 or _under_column_names(run[body:], run[:body]) or _coded_rows(run[body:], height)):
            last = max(k for k, l in enumerate(run) if _is_tabular(l, height) or _row_start_line(l))
            out.append((i, i + body, i + last + 1 + _wrapped_tail(run, last, height)))
        i = end
    return out


def _body_start(lines: list[TextLine], height: float) -> int | None:
    """The first body line: the first opening one, or the line its label wrapped down from
    (the first row's label set over its amounts, under no header or a repeated one)."""
    body = next((k for k, l in enumerate(lines) if _opens_body(l, height)), None)
    while body and _wraps_onto(lines[body - 1], lines[body], height, lines[body + 1] if body + 1 < len(lines) else None):
        body -= 1
    while body and _same_line_numbers(lines[body - 1], lines[body], height):
        body -= 1  # blank rows over the first with figures, their 行次 under its 行次
    return body


def _same_line_numbers(line: TextLine, below: TextLine, height: float) -> bool:
    """`line` carries 行次 numbers where `below` does (right edges aligned), and words
    besides: a blank row, not the 栏次 line."""
    numbers = [w for w in line.words if re.fullmatch(r"\d{1,3}", w.text)]
    others = [w.x1 for w in below.words if re.fullmatch(r"\d{1,3}", w.text)]
    return bool(numbers) and len(numbers) < len(line.words) and not any(_NUMBERING.match(w.text) and not w.text.isdigit() for w in line.words) \
        and all(any(abs(w.x1 - x) < 0.5 * height for x in others) for w in numbers)


def _wraps_onto(above: TextLine, line: TextLine, height: float, after: TextLine | None = None) -> bool:
    """A one-word label line set close over a line with figures: the first line of a label
    going on beside them, or on under them (figures centred between a label's lines: they
    overlap both), or a total label printed over figures that have none. Over the two sides
    of a table (several words), the first goes on into the name it begins."""
    if line.top - above.bottom >= 0.8 * height or _column_words(above) or _NUMBERING.match(above.words[0].text):
        return False
    if len(above.words) > 1:
        first = above.words[0]
        label = next((w for w in line.words if abs(w.x0 - first.x0) < 0.5 * height and parse_amount(w.text) is None), None)
        return label is not None and not any(parse_amount(w.text) is not None for w in above.words) \
            and begins_known_row(strip_enum(first.text + label.text))
    # (the 类 款 项 words of a sub-header carrying the 合计 row's figures name no row)
    sub_header = sum(len(w.text) for w in line.words if _LEVEL_WORDS.match(w.text)) >= 2
    label = next((w for w in line.words if parse_amount(w.text) is None and not is_blank_text(w.text)
                  and not (sub_header and _LEVEL_WORDS.match(w.text)) and _overlaps(w, above.x0, above.x1)), None)
    if label is None:  # (labels of the other side of a two-sided table stand elsewhere)
        centred = after is not None and line.top < above.bottom and after.top < line.bottom and \
            abs(after.words[0].x0 - above.x0) < 0.5 * height and parse_amount(after.words[0].text) is None
        return centred or bool(_TOTAL_WORD.match(above.words[0].text)) and _has_money(line)
    return abs(label.x0 - above.x0) < 0.5 * height


def _lone_long(line: TextLine) -> bool:
    return len(line.words) == 1 and len(line.words[0].text) >= 12


def _wrapped_tail(run: list[TextLine], last: int, height: float) -> int:
    """Lines close under the last row, part of the table: a label's tail (with or without its
    row's 行次 beside it), or a row whose amount cells are blank."""
    starts = [w.x0 for l in run[max(0, last - 1):last + 1] for w in l.words]  # (its label may stand a line up)
    above = [w for l in run[max(0, last - 3):last + 1] for w in l.words]

    def in_place(w: Word) -> bool:  # where the row's words start, or under a column's words above
        return any(abs(w.x0 - x) < 0.5 * height for x in starts) or any(_overlaps(w, o.x0, o.x1) for o in above if o.text[0].isdigit())
    n = 0
    while last + n + 1 < len(run) and run[last + n + 1].top - run[last + n].bottom < 0.8 * height and (
            all(len(w.text) <= 6 or w.text.isdigit() for w in run[last + n + 1].words)
            # a label's tail (its row's figures beside it), or a row with nothing in its amount columns
            or all(in_place(w) for w in run[last + n + 1].words)):
        n += 1
    return n


def _coded_rows(body: list[TextLine], height: float) -> bool:
    """Rows opening with subject codes set one under another, each with a cell beside: a
    table's tail on a page of its own, its amounts blank ('-') but for a total or two."""
    coded = [l for l in body if len(l.words) >= 2 and subject_code(l.words[0].text)]
    return len(coded) >= 2 and max(l.x0 for l in coded) - min(l.x0 for l in coded) < 0.5 * height


def _under_column_names(body: list[TextLine], header: list[TextLine]) -> bool:
    """A row or two of counts under a line naming its columns (项目 行次 统计数): a
    continuation page of 公开10 may hold one row, and whole numbers are no amounts."""
    named = next((l.words for l in header if len(l.words) >= 2 and _column_words(l)), None)
    if not named or not body or len(body) > 2:
        return False
    numbers = [w for l in body for w in l.words[1:] if parse_amount(w.text) is not None]
    return bool(numbers) and all(any(_overlaps(w, n.x0, n.x1) for n in named) for w in numbers)


def _dashes(line: TextLine) -> int:
    """Blank amount cells printed as dashes ('-', '——')."""
    return sum(1 for w in line.words if w.text.strip() and is_blank_text(w.text))


def _aligned_amounts(lines: list[TextLine]) -> bool:
    """Amounts (or the dashes of blank ones) standing in columns: most lines share one's
    x-range with another line (numbers scattered through prose do not)."""
    spans = [[(w.x0, w.x1) for w in l.words if is_money(w.text) or w.text.strip() and is_blank_text(w.text)] for l in lines]
    if len(lines) < 2:  # one row of a table (公开09's twelve amounts) is no sentence
        return bool(spans) and len(spans[0]) >= 3
    aligned = sum(
        1 for i, own in enumerate(spans)
        if any(min(a1, b1) - max(a0, b0) > 0 for j, other in enumerate(spans) if j != i for a0, a1 in own for b0, b1 in other)
    )
    return aligned * 2 >= len(lines)


# ---------------------------------------------------------------------------------- columns


def _union(spans: list[tuple[float, float]], vrules: list[float]) -> list[tuple[float, float]]:
    """Overlapping x-intervals merged (never across a drawn vertical rule)."""
    columns: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if columns and x0 < columns[-1][1] + 0.5 and not any(columns[-1][1] > v > x0 for v in vrules):
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _body_columns(body: list[TextLine], vrules: list[float]) -> list[tuple[float, float]]:
    """The union of the body's word intervals. One-word label lines count only where they
    touch no other column: a section label may run across columns, while labels set on
    lines of their own (figures centred between a label's two lines) are a column."""
    spans = [(w.x0, w.x1) for l in body if (len(l.words) >= 2 or _has_money(l)) and not _column_words(l) for w in l.words]
    columns = _union(spans, vrules)
    alone = [(w.x0, w.x1) for l in body if len(l.words) == 1 and not _has_money(l) for w in l.words]
    # (a column of them: two or more, as one label's tail under a header is no column)
    apart = [(a, b) for a, b in _union(alone, vrules) if not any(min(b, y) - max(a, x) > 0 for x, y in columns)
             and sum(1 for x, y in alone if a <= x and y <= b) >= 2]
    return _union(spans + apart, vrules) if columns else _union([(w.x0, w.x1) for l in body for w in l.words], vrules)


def _column_words(line: TextLine) -> bool:
    """A line that only names columns (项目 行次 统计数), as tables repeat inside."""
    return all(w.text in COLUMN_WORDS for w in line.words)


def _overlaps(w: Word, a: float, b: float) -> bool:
    return min(w.x1, b) - max(w.x0, a) > 0


def _columns(header: list[TextLine], body: list[TextLine], vrules: list[float]) -> list[tuple[float, float]]:
    """Column extents: the body's, plus the columns only a header names (a column with
    nothing printed in it). A header word standing in the gap between two body columns
    heads the column beside it that has no header of its own (amounts set to the right
    under a centred header); where both have theirs, it names a column of its own."""
    columns = _body_columns(body, vrules)
    words = [w for l in header for w in l.words]
    headed = [any(_overlaps(w, a, b) for w in words) for a, b in columns]
    # (a group header over body columns owns none of the words under it, nor does a word
    # grazing a column's edge)
    owned = [w for w in words if any(min(w.x1, b) - max(w.x0, a) > 1.0 for a, b in columns)
             and not _spanning(w, words)]
    extra = []
    for w in words:
        if w in owned or any(_overlaps(o, w.x0, w.x1) for o in owned) or _spanning(w, words):
            continue  # a body column's header, a line of one wrapped under it, or a group's
        after = next((i for i, (a, _) in enumerate(columns) if a >= w.x1), None)
        before = after - 1 if after else (len(columns) - 1 if after is None else None)
        if after is not None and not headed[after] or before is not None and not headed[before]:
            continue
        extra.append((w.x0, w.x1))
    return sorted(columns + _union(extra, vrules))


def _spanning(word: Word, words: list[Word]) -> bool:
    """A group header over two or more columns: it stands over words, lower down, that stand
    apart from each other (本年收入 over 上级补助收入 | 事业收入)."""
    under = [o for o in words if o.top > word.bottom - 1 and _overlaps(o, word.x0, word.x1)]
    return any(not _overlaps(a, b.x0, b.x1) for i, a in enumerate(under) for b in under[i + 1:])


def _alignment(words: list[Word]) -> str:
    """'right', 'left' or 'centre': which edge of a column's words lines up."""
    if len(words) < 2:
        return "centre"
    spread = {
        "right": max(w.x1 for w in words) - min(w.x1 for w in words),
        "left": max(w.x0 for w in words) - min(w.x0 for w in words),
        "centre": max((w.x0 + w.x1) / 2 for w in words) - min((w.x0 + w.x1) / 2 for w in words),
    }
    return min(spread, key=spread.get)


def _bounds(columns: list[tuple[float, float]], body: list[TextLine], height: float) -> list[tuple[float, float]]:
    """Where each column's cells begin and end. A column set flush right ends just after
    its words (and the next begins there), one set flush left begins just before them;
    otherwise the cells meet in the middle of the gutter."""
    pad = 0.3 * height
    members: list[list[Word]] = [[] for _ in columns]
    for line in body:
        for w in line.words:
            for i, (a, b) in enumerate(columns):
                if _overlaps(w, a, b):
                    members[i].append(w)
                    break
    aligned = [_alignment(m) for m in members]
    cuts = []
    for i in range(len(columns) - 1):
        (_, end), (start, _) = columns[i], columns[i + 1]
        if aligned[i] == "right":
            cut = min(end + pad, start)
        elif aligned[i + 1] == "left":
            cut = max(start - pad, end)
        else:
            cut = (end + start) / 2
        cuts.append(cut)
    edges = [float("-inf"), *cuts, float("inf")]
    return [(edges[i], edges[i + 1]) for i in range(len(columns))]


def _column_of(word: Word, bounds: list[tuple[float, float]]) -> int:
    centre = (word.x0 + word.x1) / 2
    for i, (left, right) in enumerate(bounds):
        if left <= centre < right:
            return i
    return len(bounds) - 1


# ---------------------------------------------------------------------------------- header


@dataclass
class _HeaderCell(_Words):
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
            own.setdefault(_column_of(word, bounds), _HeaderCell([], _column_of(word, bounds))).words.append(word)
        numbering = all(_NUMBERING.match(w.text) for w in line.words)
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


def _header_rows(lines: list[TextLine], bounds, columns, height: float) -> tuple[list[list[str | None]], list[list[BBox | None]]]:
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


# ---------------------------------------------------------------------------------- rows


def _row_start_word(text: str) -> bool:
    return bool(subject_code(text) or ENUMERATION.match(text) or _TOTAL_WORD.match(text) or _CODED_NAME.match(text))


def _row_start_line(line: TextLine) -> bool:
    """A line that opens a row of its own: a code, or an enumerated or total label."""
    return any(_row_start_word(w.text) for w in line.words if not is_money(w.text))


def _has_money(line: TextLine) -> bool:
    return any(is_money(w.text) for w in line.words)


def _bands(hrules: list[tuple[float, float, float]], top: float, bottom: float, x0: float, x1: float) -> list[float]:
    """The y of drawn rules crossing most of the region's width (row separators)."""
    width = x1 - x0
    return sorted({round(y, 1) for y, a, b in hrules if top - 2 <= y <= bottom + 2 and min(b, x1) - max(a, x0) > 0.5 * width})


def _wrap_edge(ends: list[float], height: float) -> float:
    """The right edge a column's wrapped lines reach: the farthest reached by two lines."""
    ends = sorted(ends, reverse=True)
    return next((a for a, b in zip(ends, ends[1:]) if a - b < 0.3 * height), ends[0] if ends else 0.0)


class _Rows:
    """Body lines into rows where no rule separates them.

    Each row has at most one line of amounts. A label wraps onto the next line only when it
    filled its column (it reached the column's right edge); a line opening with a code, an
    enumeration or a total starts a row — or takes the amounts printed just over it, when
    those stand alone (a label centred under its amounts)."""

    def __init__(self, body: list[TextLine], bounds, label_cols: set[int], height: float):
        self.body, self.bounds, self.label_cols, self.height = body, bounds, label_cols, height
        self.numbering = _numbering_columns(body, bounds)
        # where a label column's text wraps: as far right as two of its lines reach (a section
        # heading may run wider once), else its longest line
        self.right = {c: _wrap_edge([w.x1 for l in body for w in l.words if self._label_word(w, c)], height) for c in label_cols}

    def _label_word(self, word: Word, col: int | None = None) -> bool:
        own = _column_of(word, self.bounds)
        return own in self.label_cols and (col is None or own == col) and parse_amount(word.text) is None

    def labels(self, line: TextLine) -> list[Word]:
        return [w for w in line.words if self._label_word(w)]

    def full(self, line: TextLine) -> bool:
        """Its label reaches the right edge of its column: it may go on below."""
        return any(w.x1 >= self.right[_column_of(w, self.bounds)] - self.height for w in self.labels(line))

    def _opens(self, line: TextLine) -> bool:
        """Figures, a row label, or a 行次 of its own: each printed row has one."""
        return _has_money(line) or _row_start_line(line) or any(
            _column_of(w, self.bounds) in self.numbering for w in line.words)

    def _starts(self, line: TextLine) -> bool:
        return _row_start_line(line) or any(_column_of(w, self.bounds) in self.numbering for w in line.words)

    def _numbered(self, line: TextLine) -> bool:
        return any(_column_of(w, self.bounds) in self.numbering for w in line.words)

    def _keyed(self, i: int) -> bool:
        """A line carrying its row's key: a 行次, a code, an enumerated or total label. Where
        rows have a 行次, a label opening with （一） whose 行次 comes on a following line (the
        lines between opening nothing) is the first line of that row's label, not a row."""
        line = self.body[i]
        if self._numbered(line):
            return True
        opening = next((w for w in line.words if not is_money(w.text) and _row_start_word(w.text)), None)
        if opening is None:
            return False
        if self.numbering:  # (in a two-sided table the other side's labels run on their own)
            col = _column_of(opening, self.bounds)
            for nxt in self.body[i + 1:i + 3]:
                same_col = [w for w in nxt.words if _column_of(w, self.bounds) == col]
                if any(_row_start_word(w.text) for w in same_col) or _column_words(nxt):
                    return True
                if self._numbered(nxt):
                    return False
        return True

    def group(self) -> list[list[TextLine]]:
        """Where every printed row carries a key (a 行次 or a code), the lines between two keyed
        lines are wrapped text of one or the other, split where the gap between lines is
        widest (a row's own lines are set closer than two rows); otherwise by labels."""
        body = self.body
        keyed = [self._keyed(i) and not _column_words(l) for i, l in enumerate(body)]
        coded = sum(1 for l in body if any(subject_code(w.text) or _CODED_NAME.match(w.text) for w in l.words))
        if not (self.numbering or coded * 2 >= sum(1 for l in body if _has_money(l))):
            return self._name_rows(keyed)
        return self._split_between_keys(keyed) if any(keyed) else self._by_labels()

    def _name_rows(self, keyed: list[bool]) -> list[list[TextLine]]:
        """Rows of a table of names, perhaps enumerated: a row starts at a keyed line, or at a
        line with figures or a label that does not go on from a label filling its column above
        (a blank row's label starts one; a row has one line of figures, so the next figures
        start the next row); every other line goes on with the row above."""
        rows: list[list[TextLine]] = []
        figures = False
        for i, line in enumerate(self.body):
            money = _has_money(line)
            start = not rows or not _column_words(line) and (
                keyed[i] or (money or bool(self.labels(line))) and not self._continues(i, rows[-1]) or money and figures)
            if start:
                rows.append([line])
            else:
                rows[-1].append(line)
            figures = money if start else figures or money
        return rows

    def _continues(self, i: int, row: list[TextLine]) -> bool:
        """Line i goes on from the label above it: that label filled its column and stands close
        over it (figures set between a label's lines notwithstanding) — unless the row's label
        is already a whole row name that this line's words do not go on."""
        above = next((j for j in range(i - 1, -1, -1) if self.labels(self.body[j])), None)
        if above is None or not self.full(self.body[above]):
            return False
        if self.body[i].top - self.body[above].bottom >= 0.8 * self.height:
            return False
        name = self._label_text(row)
        more = "".join(w.text for w in self.labels(self.body[i]))
        return not known_row(name) or not more or more[0] in "（(" or begins_known_row(name + more)  # (（含专用结余）: an aside)

    def _split_between_keys(self, keyed: list[bool]) -> list[list[TextLine]]:
        body = self.body
        anchors = [i for i, k in enumerate(keyed) if k]
        groups: dict[int, list[int]] = {a: [a] for a in anchors}
        runs: list[tuple[int | None, list[int], int | None]] = []  # (anchor above, loose lines, anchor below)
        bounds = [None, *anchors, None]
        for above, below in zip(bounds, bounds[1:]):
            start = 0 if above is None else above + 1
            stop = len(body) if below is None else below
            if stop > start:
                runs.append((above, list(range(start, stop)), below))
        styles: list[str] = []
        cuts: dict[int, int | None] = {}
        for n, (above, loose, below) in enumerate(runs):
            if above is None or below is None:
                cuts[n] = None
                continue
            named = self._named_cut(above, loose, below)
            if named is not None:
                cuts[n] = named
                continue
            chain = [above, *loose, below]
            gaps = [body[b].top - body[a].bottom for a, b in zip(chain, chain[1:])]
            widest = max(range(len(gaps)), key=gaps.__getitem__)
            clear = sorted(gaps)[-1] - (sorted(gaps)[-2] if len(gaps) > 1 else 0) > 1.0
            cuts[n] = widest if clear else None
            if clear and widest in (0, len(loose)):
                styles.append("down" if widest == 0 else "up")
        style = max(set(styles), key=styles.count) if styles else "up"
        for n, (above, loose, below) in enumerate(runs):
            cut = cuts[n]
            if cut is None:
                cut = len(loose) if above is not None and (style == "up" or below is None) else 0
            for k, i in enumerate(loose):
                owner = above if k < cut and above is not None else below if below is not None else above
                groups[owner].append(i)
        return [[body[i] for i in sorted(g)] for _, g in sorted(groups.items())]

    def _label_text(self, lines: list[TextLine]) -> str:
        return strip_enum("".join(w.text for l in lines for w in self.labels(l)))

    def _named_cut(self, above: int, loose: list[int], below: int) -> int | None:
        """Where the lines between two keyed rows divide by meaning: the one cut that makes the
        most whole row names of the two labels (其他行 / 政事业单位养 / 老支出 go up), or None."""
        body = self.body
        scores = []
        for cut in range(len(loose) + 1):
            up = self._label_text([body[above], *(body[i] for i in loose[:cut])])
            down = self._label_text([*(body[i] for i in loose[cut:]), body[below]])
            scores.append(known_row(up) + known_row(down))
        best = max(scores)
        return scores.index(best) if best and scores.count(best) == 1 else None

    def _by_labels(self) -> list[list[TextLine]]:
        rows: list[list[TextLine]] = []
        pending: list[TextLine] = []  # label lines waiting for the amounts printed under them
        body = self.body
        for i, line in enumerate(body):
            row = rows[-1] if rows else None
            close = row is not None and line.top - row[-1].bottom < 0.8 * self.height
            row_money = row is not None and any(_has_money(l) for l in row)
            row_label = [l for l in row if self.labels(l)] if row else []
            if _column_words(line):  # a header repeated inside the table
                rows.append(pending + [line])
                pending = []
                continue
            if self._opens(line):
                starts, money, labelled = self._starts(line), _has_money(line), bool(self.labels(line))
                joins = not pending and close and (
                    # amounts (with no label of their own) under their label or code line
                    money and not starts and not row_money and (not labelled or self.full(row_label[-1]) if row_label else True)
                    # a total or code label centred under amounts that stand alone
                    or starts and not money and row_money and not row_label)
                if joins:
                    row.append(line)
                else:
                    rows.append(pending + [line])
                    pending = []
                continue
            ahead = next((j for j in range(i + 1, min(i + 4, len(body))) if self._opens(body[j])), None)
            nxt = body[ahead] if ahead is not None else None
            # the label goes on down to amounts within a few lines, each set close under the last
            chained = ahead is not None and all(body[j + 1].top - body[j].bottom < 0.8 * self.height for j in range(i, ahead))
            up = close and not pending and (not row_label or self.full(row_label[-1]))
            down = chained and (not self.labels(nxt) or self.full(line))
            if up and down:  # between a row and the next: the one whose text it touches
                up = line.top - row[-1].bottom <= nxt.top - line.bottom
            if up:
                row.append(line)
            elif down:
                pending.append(line)
            else:
                rows.append(pending + [line])
                pending = []
        if pending:
            rows.append(pending)
        return rows


def _group_rows(body: list[TextLine], bounds, label_cols: set[int], hrules, height: float) -> list[list[TextLine]]:
    """Body lines into rows: between the drawn rules where rows are ruled, else _Rows."""
    ys = _bands(hrules, body[0].top, body[-1].bottom, min(l.x0 for l in body), max(l.x1 for l in body))
    if len(ys) >= 3:
        banded: dict[int, list[TextLine]] = {}
        for line in body:
            banded.setdefault(sum(1 for y in ys if y <= line.cy), []).append(line)
        return [banded[k] for k in sorted(banded)]
    return _Rows(body, bounds, label_cols, height).group()


def _numbering_columns(body: list[TextLine], bounds) -> set[int]:
    """Columns of 行次: small whole numbers only, on most lines."""
    words: dict[int, list[str]] = {}
    rows = [line for line in body if not _column_words(line)]  # (项目 行次 统计数 repeated inside)
    for line in rows:
        for w in line.words:
            words.setdefault(_column_of(w, bounds), []).append(w.text)
    return {c for c, texts in words.items() if len(texts) * 2 >= len(rows) and all(re.fullmatch(r"\d{1,3}", t) for t in texts)
            and _counting(texts)}


def _counting(texts: list[str]) -> bool:
    """1, 2, 3 …: numbers that mostly go up by one (a 行次, not a column of class codes)."""
    numbers = [int(t) for t in texts]
    return sum(b == a + 1 for a, b in zip(numbers, numbers[1:])) >= 0.6 * (len(numbers) - 1)


def _label_columns(body: list[TextLine], bounds) -> set[int]:
    """Columns whose words are mostly text: words with Chinese characters, not figures or
    the dashes of empty cells."""
    words: dict[int, list[bool]] = {}
    for line in body:
        for w in line.words:
            words.setdefault(_column_of(w, bounds), []).append(bool(_CHINESE.search(w.text)) and parse_amount(w.text) is None)
    return {c for c, texts in words.items() if sum(texts) * 2 > len(texts)}


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
    columns = _columns(header, body, list(vrules))
    if len(columns) < 2:
        return None
    bounds = _bounds(columns, body, height)
    rows, boxes = _header_rows(header, bounds, columns, height)
    label_cols = _label_columns(body, bounds)
    read: list[tuple[float, list[str], list[BBox | None]]] = []
    for first, stop in _sides(body, bounds, label_cols):
        lines = [TextLine(words) for l in body if (words := [w for w in l.words if first <= _column_of(w, bounds) < stop])]
        for group in _group_rows(lines, bounds, label_cols, list(hrules), height):
            read.append((group[0].top, *_cells(group, bounds)))
    for _, texts, cell_boxes in sorted(read, key=lambda r: r[0]):
        rows.append(texts)
        boxes.append(cell_boxes)
    return Grid(rows, page=page, boxes=boxes)


def _sides(body: list[TextLine], bounds, label_cols: set[int]) -> list[tuple[int, int]]:
    """The two sides of a two-sided table (收入 | 支出), whose rows run independently (a label
    wraps on one side while the other's rows go on): the columns up to the last amount
    column before the second label column, and the rest. Any other table is one side (the
    blocks of 公开06 share their total rows)."""
    whole = [(0, len(bounds))]
    if len(label_cols) != 2:
        return whole
    first, second = sorted(label_cols)
    money = _money_columns(body, bounds)
    cut = next((c + 1 for c in range(second - 1, first, -1) if c in money), None)
    return [(0, cut), (cut, len(bounds))] if cut is not None else whole


def _money_columns(body: list[TextLine], bounds) -> set[int]:
    """Columns holding amounts."""
    return {_column_of(w, bounds) for line in body for w in line.words if is_money(w.text)}


# ---------------------------------------------------------------------------------- ruled


def _money_tokens(text: str) -> int:
    return sum(1 for t in text.split() if is_money(t))


def ruled_is_broken(table: RuledTable) -> bool:
    """Whether the drawn lines missed columns: cells holding two amounts, or most rows
    with amounts holding a label and an amount in one cell (a form's 'label 11.88' cell
    now and then is not a missing rule)."""
    doubled = mixed = money_rows = most = 0
    for row in table.rows:
        texts = [t for t in row if t]
        if any(_money_tokens(t) for t in texts):
            money_rows += 1
        for text in texts:
            tokens = text.split()
            money = _money_tokens(text)
            most = max(most, money)
            if money >= 2:
                doubled += 1
            elif money == 1 and any(not is_money(t) and parse_amount(t) is None for t in tokens):
                mixed += 1
    # a frame drawn round the whole table with no inner rules: one cell holding many
    # amounts, or, in a table with no amounts, a few cells holding several lines of words
    framed = len(table.rows) <= 3 and any(t and "\n" in t and len(t.split()) >= 4 for row in table.rows for t in row)
    return doubled >= 2 or most >= 4 or mixed >= 3 and mixed * 2 >= money_rows or framed


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
            # the body opens at figures or a code; in a table with none (本表无数据), at its 合计
            first = _body_start(tab, height)
            if first is None:
                first = next((k for k, l in enumerate(tab) if _row_start_word(l.words[0].text)), len(tab))
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
