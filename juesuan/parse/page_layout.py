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
grid cell's box on the page. Words and lines are page_words'; a word-read table's header is
page_header's, its rows page_rows'; here are the regions, the columns and the page.
"""
from __future__ import annotations

import re

from ..classification import begins_known_row
from ..model import BBox, is_blank_text
from .normalize import ENUMERATION, parse_amount, strip_enum, subject_code
from .page_header import header_rows
from .page_rows import group_rows, label_columns
from .page_words import (
    LINE_NUMBER,
    NUMBERING,
    TOTAL_WORD,
    PageContent,
    RuledTable,
    TextLine,
    Word,
    column_of,
    column_words,
    dashes,
    group_lines,
    has_money,
    is_cells,
    is_figure,
    is_money,
    is_prose,
    is_stop,
    is_tabular,
    overlaps,
    row_start_line,
    row_start_word,
    usual_height,
)
from .raw import Block, Grid, Line

_LEVEL_WORDS = re.compile(r"^[类款项]+$")


# ---------------------------------------------------------------------------------- lines


def _opens_body(line: TextLine, height: float) -> bool:
    """The first line of a table's body: figures (or the dashes of blank ones), or a code or
    enumerated label first (a 合计/小计 with no figures is as likely a header's)."""
    first = line.words[0].text
    return (is_tabular(line, height) or dashes(line) >= 2 or row_start_word(first) and not TOTAL_WORD.match(first)
            or any(ENUMERATION.match(w.text) for w in line.words))  # (二十六、… beside its 行次: no header word)
# ---------------------------------------------------------------------------------- regions


def _regions(lines: list[TextLine], height: float) -> list[tuple[int, int, int]]:
    """(header start, body start, end) line indexes of each table with no drawn grid: a run
    of column-like lines holding aligned amounts, the header being the lines before the
    first body line."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(lines):
        if not is_cells(lines[i], height) or is_stop(lines[i]) or _lone_long(lines[i]):
            i += 1  # (a long line on its own above a table is a title or a running header)
            continue
        end = i + 1
        while end < len(lines):
            line = lines[end]
            gap = line.top - lines[end - 1].bottom
            # a lone number set close under the rows is a 行次 knocked off its line, no page number
            lone_number = len(line.words) == 1 and line.words[0].text.isdigit() and gap < 1.5 * height
            if (is_stop(line) and not lone_number) or is_prose(line, height) or gap > 4 * height:  # blank rows, tall headers
                break
            end += 1
        run = lines[i:end]
        body = _body_start(run, height)
        if body is not None and (_aligned_amounts([l for l in run[body:] if is_tabular(l, height) or dashes(l) >= 2])
                                 or _under_column_names(run[body:], run[:body]) or _keyed_rows(run[body:], height)):
            last = max(k for k, l in enumerate(run) if is_tabular(l, height) or row_start_line(l))
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
    numbers = [w for w in line.words if LINE_NUMBER.fullmatch(w.text)]
    others = [w.x1 for w in below.words if LINE_NUMBER.fullmatch(w.text)]
    return bool(numbers) and len(numbers) < len(line.words) and not any(NUMBERING.match(w.text) and not w.text.isdigit() for w in line.words) \
        and all(any(abs(w.x1 - x) < 0.5 * height for x in others) for w in numbers)


def _wraps_onto(above: TextLine, line: TextLine, height: float, after: TextLine | None = None) -> bool:
    """A one-word label line set close over a line with figures: the first line of a label
    going on beside them, or on under them (figures centred between a label's lines: they
    overlap both), or a total label printed over figures that have none. Over the two sides
    of a table (several words), the first goes on into the name it begins."""
    if line.top - above.bottom >= 0.8 * height or column_words(above) or NUMBERING.match(above.words[0].text):
        return False
    if len(above.words) > 1:
        first = above.words[0]
        label = next((w for w in line.words if abs(w.x0 - first.x0) < 0.5 * height and parse_amount(w.text) is None), None)
        return label is not None and not any(parse_amount(w.text) is not None for w in above.words) \
            and begins_known_row(strip_enum(first.text + label.text))
    # (the 类 款 项 words of a sub-header carrying the 合计 row's figures name no row)
    sub_header = sum(len(w.text) for w in line.words if _LEVEL_WORDS.match(w.text)) >= 2
    label = next((w for w in line.words if parse_amount(w.text) is None and not is_blank_text(w.text)
                  and not (sub_header and _LEVEL_WORDS.match(w.text)) and overlaps(w, above.x0, above.x1)), None)
    if label is None:  # (labels of the other side of a two-sided table stand elsewhere)
        centred = after is not None and line.top < above.bottom and after.top < line.bottom and \
            abs(after.words[0].x0 - above.x0) < 0.5 * height and parse_amount(after.words[0].text) is None
        return centred or bool(TOTAL_WORD.match(above.words[0].text)) and has_money(line)
    return abs(label.x0 - above.x0) < 0.5 * height


def _lone_long(line: TextLine) -> bool:
    return len(line.words) == 1 and len(line.words[0].text) >= 12


def _wrapped_tail(run: list[TextLine], last: int, height: float) -> int:
    """Lines close under the last row, part of the table: a label's tail (with or without its
    row's 行次 beside it), or a row whose amount cells are blank."""
    starts = [w.x0 for l in run[max(0, last - 1):last + 1] for w in l.words]  # (its label may stand a line up)
    above = [w for l in run[max(0, last - 3):last + 1] for w in l.words]

    def in_place(w: Word) -> bool:  # where the row's words start, or under a column's words above
        return any(abs(w.x0 - x) < 0.5 * height for x in starts) or any(overlaps(w, o.x0, o.x1) for o in above if o.text[0].isdigit())
    n = 0
    while last + n + 1 < len(run) and run[last + n + 1].top - run[last + n].bottom < 0.8 * height and (
            all(len(w.text) <= 6 or w.text.isdigit() for w in run[last + n + 1].words)
            # a label's tail (its row's figures beside it), or a row with nothing in its amount columns
            or all(in_place(w) for w in run[last + n + 1].words)):
        n += 1
    return n


def _keyed_rows(body: list[TextLine], height: float) -> bool:
    """Rows opening with subject codes (each with a cell beside), or three or more with
    enumerated labels (十三、…) among figures, set one under another: a table's part on a page
    of its own, its amounts blank but for a row or two."""
    def aligned(lines: list[TextLine]) -> bool:
        return max(l.x0 for l in lines) - min(l.x0 for l in lines) < 0.5 * height
    coded = [l for l in body if len(l.words) >= 2 and subject_code(l.words[0].text)]
    listed = [l for l in body if ENUMERATION.match(l.words[0].text)]
    return len(coded) >= 2 and aligned(coded) or len(listed) >= 3 and aligned(listed) and any(has_money(l) for l in body)


def _under_column_names(body: list[TextLine], header: list[TextLine]) -> bool:
    """A row or two of counts under a line naming its columns (项目 行次 统计数): a
    continuation page of 公开10 may hold one row, and whole numbers are no amounts."""
    named = next((l.words for l in header if len(l.words) >= 2 and column_words(l)), None)
    if not named or not body or len(body) > 2:
        return False
    numbers = [w for l in body for w in l.words[1:] if parse_amount(w.text) is not None]
    return bool(numbers) and all(any(overlaps(w, n.x0, n.x1) for n in named) for w in numbers)


def _aligned_amounts(lines: list[TextLine]) -> bool:
    """Amounts (or the dashes of blank ones) standing in columns: most lines share one's
    x-range with another line (numbers scattered through prose do not)."""
    spans = [[(w.x0, w.x1) for w in l.words if is_figure(w.text)] for l in lines]
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
    spans = [(w.x0, w.x1) for l in body if (len(l.words) >= 2 or has_money(l)) and not column_words(l) for w in l.words]
    columns = _union(spans, vrules)
    alone = [(w.x0, w.x1) for l in body if len(l.words) == 1 and not has_money(l) for w in l.words]
    # (a column of them: two or more, as one label's tail under a header is no column)
    apart = [(a, b) for a, b in _union(alone, vrules) if not any(min(b, y) - max(a, x) > 0 for x, y in columns)
             and sum(1 for x, y in alone if a <= x and y <= b) >= 2]
    return _union(spans + apart, vrules) if columns else _union([(w.x0, w.x1) for l in body for w in l.words], vrules)


def _columns(header: list[TextLine], body: list[TextLine], vrules: list[float]) -> list[tuple[float, float]]:
    """Column extents: the body's, plus the columns only a header names (a column with
    nothing printed in it). A header word standing in the gap between two body columns
    heads the column beside it that has no header of its own (amounts set to the right
    under a centred header); where both have theirs, it names a column of its own."""
    columns = _body_columns(body, vrules)
    words = [w for l in header for w in l.words]
    headed = [any(overlaps(w, a, b) for w in words) for a, b in columns]
    # (a group header over body columns owns none of the words under it, nor does a word
    # grazing a column's edge)
    owned = [w for w in words if any(min(w.x1, b) - max(w.x0, a) > 1.0 for a, b in columns)
             and not _spanning(w, words)]
    extra = []
    for w in words:
        if w in owned or any(overlaps(o, w.x0, w.x1) for o in owned) or _spanning(w, words):
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
    under = [o for o in words if o.top > word.bottom - 1 and overlaps(o, word.x0, word.x1)]
    return any(not overlaps(a, b.x0, b.x1) for i, a in enumerate(under) for b in under[i + 1:])


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
                if overlaps(w, a, b):
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
def _cells(row_lines: list[TextLine], bounds) -> tuple[list[str], list[BBox | None]]:
    texts: list[list[str]] = [[] for _ in bounds]
    boxes: list[BBox | None] = [None] * len(bounds)
    for line in row_lines:
        per_col: dict[int, list[Word]] = {}
        for word in line.words:
            per_col.setdefault(column_of(word, bounds), []).append(word)
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
    height = usual_height(body)
    columns = _columns(header, body, list(vrules))
    if len(columns) < 2:
        return None
    bounds = _bounds(columns, body, height)
    rows, boxes = header_rows(header, bounds, columns, height)
    label_cols = label_columns(body, bounds)
    read: list[tuple[float, list[str], list[BBox | None]]] = []
    for first, stop in _sides(body, bounds, label_cols):
        lines = [TextLine(words) for l in body if (words := [w for w in l.words if first <= column_of(w, bounds) < stop])]
        for group in group_rows(lines, bounds, label_cols, list(hrules), height):
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
    return {column_of(w, bounds) for line in body for w in line.words if is_money(w.text)}
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
    height = usual_height(lines)
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
                first = next((k for k, l in enumerate(tab) if row_start_word(l.words[0].text)), len(tab))
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
