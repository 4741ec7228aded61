"""Positioned words and the lines they make: the vocabulary page_layout, page_header and
page_rows share — a word, a text line, a page's content, and what a line's words say
(amounts, a row's opening label, column names)."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ..model import BBox, is_blank_text
from .normalize import COLUMN_WORDS, ENUMERATION, PART_HEADING, is_page_number, subject_code
from .titles import read_title

# An amount as tables print it: decimals or thousands separators (a bare integer may be a
# code, a 行次 or a year, so it never decides alone that a line is tabular).
_MONEY = re.compile(r"^[-−(（]?\d{1,3}(?:,\d{3})+(?:\.\d+)?[)）]?$|^[-−(（]?\d+\.\d{1,4}[)）]?$")

_SENTENCE = re.compile(r"[，。；！？]|[,;](?!\d)")

_STOP = re.compile(r"^(?:注|备注|说明|填报说明)\s*\d*\s*[:：]|(?:部门|单位)名称[:：]|金额单位|^单位[:：]|编制(?:单位|部门)[:：]")

# Labels that open a row of the national tables without a number in front: totals and the
# carry-over rows of 01/04 (使用非财政拨款结余, 年初结转和结余, 结余分配 …).
TOTAL_WORD = re.compile(r"^(?:合计|总计|本年.*合计|小计|使用.*结余|年[初末].*结转|上年结转|结余分配|用事业基金)|^.{2,6}合计$")

NUMBERING = re.compile(r"^(?:栏次|行次|\d{1,2})$")  # the 栏次 line under a header: 栏次 1 2 3
LINE_NUMBER = re.compile(r"\d{1,3}")  # a 行次

CODED_NAME = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}[\u4e00-\u9fff]")


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
class Words:
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
class TextLine(Words):
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
            if any(overlaps(w, word.x0, word.x1) for w in line.words):
                continue  # (a line never holds two words one over the other)
            for w in line.words[:1] + ([v for v in line.words[1:] if is_money(v.text)] if money else []):
                off = abs(w.cy - word.cy)
                if off <= 0.35 * min(word.height, w.height) + 0.5 and (nearest is None or off < nearest):
                    best, nearest = line, off
        if best is not None:
            best.words.append(word)
        else:
            lines.append(TextLine([word]))
    lines.sort(key=lambda l: l.top)
    _gather_figures(lines)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return [line for line in lines if line.words]


def is_dash(text: str) -> bool:
    """A blank amount printed as a dash ('-', '——')."""
    return bool(text.strip()) and is_blank_text(text)


def is_figure(text: str) -> bool:
    """An amount, or the dash of a blank one."""
    return is_money(text) or is_dash(text)


def _gather_figures(lines: list[TextLine]) -> None:
    """One row's words jittered apart: figures centred between a label's two lines fall,
    some to the upper line's height, some just under it. A line whose words all stand about
    the height of the figures of a line just above (two rows stand a line apart), in other
    columns, with figures among them, is the rest of that line."""
    for i, lower in enumerate(lines):
        upper = next((l for l in reversed(lines[max(0, i - 2):i]) if l.words and any(is_figure(w.text) for w in l.words)), None)
        if upper is None or not any(is_figure(w.text) for w in lower.words):
            continue
        middle = sum(w.cy for w in upper.words if is_figure(w.text)) / sum(1 for w in upper.words if is_figure(w.text))
        if all(abs(w.cy - middle) < 0.6 * w.height and not any(overlaps(o, w.x0, w.x1) for o in upper.words) for w in lower.words):
            upper.words.extend(lower.words)
            lower.words.clear()


def _gaps(line: TextLine) -> list[float]:
    return [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:])]


def usual_height(lines: list[TextLine]) -> float:
    heights = [w.height for l in lines for w in l.words if w.height > 0]
    return statistics.median(heights) if heights else 10.0


def is_tabular(line: TextLine, height: float) -> bool:
    """A table's body line with figures: an amount among words standing in columns."""
    if any(_SENTENCE.search(w.text) for w in line.words) or not any(is_money(w.text) for w in line.words):
        return False
    # (amounts of a dense table stand closer than a character apart, yet are columns)
    return len(line.words) == 1 or max(_gaps(line)) > 0.8 * height or all(is_money(w.text) for w in line.words)


def is_cells(line: TextLine, height: float) -> bool:
    """A line that may belong to a table: words in columns, or one short label."""
    if any(_SENTENCE.search(w.text) for w in line.words):
        return False
    if len(line.words) == 1:
        return len(line.words[0].text) <= 24
    # more than a space apart (tight header columns stand 4 pt apart), or short pieces of
    # header text wrapped in narrow columns, or a code or a number (1.) and its name in one cell
    return (max(_gaps(line)) > 0.35 * height or all(len(w.text) <= 4 for w in line.words)
            or bool(subject_code(line.words[0].text) or ENUMERATION.fullmatch(line.words[0].text)))


def is_stop(line: TextLine) -> bool:
    """A line no table runs through: a note, a header field, a part heading, a page
    number, a table title."""
    text = "".join(line.text.split())
    page_number = len(line.words) == 1 and is_page_number(text)
    return bool(_STOP.search(text) or PART_HEADING.match(text) or page_number or read_title(text))


def is_prose(line: TextLine, height: float) -> bool:
    return not is_cells(line, height)


def dashes(line: TextLine) -> int:
    """Blank amount cells printed as dashes ('-', '——')."""
    return sum(1 for w in line.words if is_dash(w.text))


def column_words(line: TextLine) -> bool:
    """A line that only names columns (项目 行次 统计数), as tables repeat inside."""
    return all(w.text in COLUMN_WORDS for w in line.words)


def overlaps(w: Word, a: float, b: float) -> bool:
    return min(w.x1, b) - max(w.x0, a) > 0


def column_of(word: Word, bounds: list[tuple[float, float]]) -> int:
    centre = (word.x0 + word.x1) / 2
    for i, (left, right) in enumerate(bounds):
        if left <= centre < right:
            return i
    return len(bounds) - 1


def row_start_word(text: str) -> bool:
    return bool(subject_code(text) or ENUMERATION.match(text) or TOTAL_WORD.match(text) or CODED_NAME.match(text))


def row_start_line(line: TextLine) -> bool:
    """A line that opens a row of its own: a code, or an enumerated or total label."""
    return any(row_start_word(w.text) for w in line.words if not is_money(w.text))


def has_money(line: TextLine) -> bool:
    return any(is_money(w.text) for w in line.words)
