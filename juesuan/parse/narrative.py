"""The prose: sections and the figures they state (说明.<subject>.<measure>).

The document's lines are laid out by the PDF, so this module first undoes the layout:
it skips the cover and the table of contents (whose titles repeat the body's), page
footers ("- 3 -"), running watermarks and the lines that belong to tables (titles,
header lines, 注/说明 notes); it joins lines broken mid-sentence (a number can stand
on one line and its unit on the next) and splits the rest into parts (第X部分) and
numbered sections (一、… and （一）…). The figures of each section are then read by
`narrative_rules`, clause by clause.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Paragraph, Section, StatedFigure
from .narrative_rules import section_figures
from .normalize import PART_HEADING, is_page_number
from .outline import (
    ENUMERATED,
    arabic_heading,
    body_start,
    entry_title,
    heading_level,
    is_contents_entry,
    names_part,
    part_name,
    part_of,
)
from .raw import Block, Grid, RawDocument
from .titles import read_title

_PARAGRAPH_KINDS = ("docx", "txt", "xlsx")
_CONTINUATION = re.compile(r"^(?:万元|元|%|[，,。；;、）)])")
_SENTENCE_END = "。！？；：:;!?"
# Lines of a table's frame that stand outside its grid.
_TABLE_FRAME = re.compile(r"^(?:(?:金额)?单位[:：](?:万元|元)|(?:部门|单位)名称[:：]|公开\d{1,2}表$|表\d{1,2}(?:-\d+)?$)")
_HEADING_END = re.compile(r"(?:说明|情况|概况|解释|附件|表|职责|职能|构成|设置|事项|[。.])$")
_WIDTH = str.maketrans({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "（），：；！？、"})


def clean_line(text: str) -> str:
    """A prose line without whitespace, full-width digits/letters/%/. folded to ASCII
    (Chinese punctuation is kept: it is the text the user reads)."""
    return re.sub(r"\s+", "", text.translate(_WIDTH).replace("\u3000", ""))


@dataclass
class _Line:
    text: str
    page: int | None
    toc: bool = False  # printed as a contents entry (title … page)


@dataclass
class _Draft:
    """A section being collected: its heading, its part, and its paragraphs as lines."""

    title: str
    part: str
    level: int  # 0 part-level text, 1 一、 2 （一）
    parent: str = ""  # title of the enclosing 一、 section for a （一）
    paragraphs: list[list[_Line]] = field(default_factory=list)
    open: bool = False  # whether the last paragraph still takes lines


def _watermarks(lines: list[_Line]) -> set[str]:
    """Running headers and stamps ('仅供内部审核'): a line without sentence punctuation
    repeated on a third of the pages or more (prose such as '决算数同预算数持平。' repeats too)."""
    pages: dict[str, set] = defaultdict(set)
    for line in lines:
        pages[line.text].add(line.page)
    page_count = len({line.page for line in lines})
    return {
        t for t, p in pages.items()
        if len(p) >= max(3, page_count / 3) and len(t) >= 4 and heading_level(t) is None and not re.search(r"[。；，]", t)
    }


def _doc_lines(blocks: list[Block]) -> list[_Line | None]:
    """Cleaned lines in reading order; None where a grid stands (it ends a paragraph)."""
    out: list[_Line | None] = []
    for block in blocks:
        if isinstance(block, Grid):
            out.append(None)
            continue
        text = clean_line(block.text)
        if text:
            out.append(_Line(text, block.page, is_contents_entry(block.text)))
    return out


def _width(text: str) -> float:
    """Printed width in CJK characters: ASCII digits and letters take half a cell."""
    return sum(0.5 if ord(c) < 128 else 1 for c in text)


def _full_width(lines: list[_Line]) -> float:
    """The width of a full line of prose: lines this wide were wrapped by the layout."""
    widths = sorted(_width(l.text) for l in lines if heading_level(l.text) is None)
    return widths[int(len(widths) * 0.75)] if widths else 0.0


def _ends_paragraph(text: str, full: float) -> bool:
    """A line ends its paragraph when it stops short of the full width after a sentence
    (a full line ending in '。' may still go on) or is a short numbered title ('1、…情况')."""
    short = _width(text) < full * 0.8
    if text.endswith(tuple(_SENTENCE_END)):
        return short
    return short and bool(ENUMERATED.match(text)) and not re.search(r"[，,；;。]", text)


def _is_table_title(text: str) -> bool:
    """A table's title, with or without its label and a unit-type prefix ('表1：高等学校收支决算总表')."""
    return read_title(text) is not None


def _opens_table(text: str, lines: list[_Line | None], after: int) -> bool:
    """Whether a line is a table's title: a grid, a label or a header line follows closely
    (a sentence ending in '…决算表' — '详见附表5…决算表' — does not open one)."""
    if not _is_table_title(text):
        return False
    return any(l is None or _TABLE_FRAME.match(l.text) or _is_table_title(l.text) for l in lines[after : after + 3])


def _join_wrapped_heading(lines: list[_Line | None], i: int, level: int | None) -> tuple[str, int]:
    """A heading whose words wrapped onto the next line: '第三部分' + '2024年度部门决算情况说明',
    '…部门决算情况' + '说明' (level None: a part's title printed without 第X部分)."""
    text = lines[i].text
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is None:
        return text, i + 1
    # the rest of a title: not numbered itself ('说明', '情况说明', '2024年度部门决算情况说明')
    title_like = heading_level(nxt.text) in (None, 0) and not PART_HEADING.match(nxt.text)
    if level == 0 and PART_HEADING.fullmatch(text):  # the part's number alone, its title below
        if title_like and len(nxt.text) <= 30 and not re.search(r"[，,；;：:。]", nxt.text):
            return text + nxt.text, i + 2
        return text, i + 1
    complete = names_part(text) if level in (None, 0) else _HEADING_END.search(text)
    if (
        not complete
        and title_like
        and len(nxt.text) <= 8
        and re.fullmatch(r"[\u4e00-\u9fff“”\"]+", nxt.text)
        and nxt.text not in ("无", "略")
        and (level is not None or part_of(text + nxt.text))
    ):
        return text + nxt.text, i + 2
    return text, i + 1


def _heading(lines: list[_Line | None], i: int, parent: str) -> tuple[int, str, int] | None:
    """(level, title, index after it) when line i opens a heading, its wrapped words re-joined."""
    text = lines[i].text
    level = heading_level(text)
    if level is None and arabic_heading(text):
        level = 2 if parent else 1
    title, after = _join_wrapped_heading(lines, i, level)
    if level is None:  # a part's title without 第X部分, wrapped: '2024年度部门决算情况' + '说明'
        return (0, title, after) if after > i + 1 else None
    return level, title, after


def _names_part(level: int, title: str, numbered_parts: bool) -> str | None:
    """The part a heading opens: any level-0 title, or a 一、 title naming a part in a report
    whose parts are not numbered 第X部分 (those number their sections 一、 inside them)."""
    if level == 0:
        return part_name(title)
    return part_of(title) if level == 1 and not numbered_parts else None


def layout_sections(doc: RawDocument) -> list[_Draft]:
    """The body's sections in order, each with its paragraphs as layout lines.

    A part is a 第X部分 title, a part's title printed alone, or a 一、 heading that names a
    part ('三、决算报表说明' in reports that number their parts 一、二、三)."""
    start = body_start(doc)
    lines = _doc_lines(doc.blocks[start:])
    real = [l for l in _doc_lines(doc.blocks[:start]) + lines if l is not None]
    marks = _watermarks(real)
    # Word and text files hold whole paragraphs per line; only a page layout wraps them.
    full = _full_width(real) if doc.kind not in _PARAGRAPH_KINDS else None
    numbered_parts = any(l is not None and PART_HEADING.match(l.text) for l in lines)
    drafts: list[_Draft] = []
    part, part_title, parent, in_table = "", "", "", False
    current: _Draft | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line is None:
            if current:
                current.open = False
            i += 1
            continue
        text = line.text
        if is_page_number(text) or text in marks or line.toc and len(entry_title(text)) < 40:
            i += 1
            continue
        heading = _heading(lines, i, parent)
        if heading is not None:
            level, title, i = heading
            named = _names_part(level, title, numbered_parts)
            if named is not None:
                if title == part_title or (numbered_parts and not PART_HEADING.match(title)):
                    continue  # the part's title repeated atop its pages: a running header
                part, part_title, parent = named, title, ""
                in_table = part.endswith("表")
                current = _Draft(title=title, part=part, level=0)
            elif _opens_table(title, lines, i):
                in_table = True
                current = None
                continue
            else:
                in_table = False
                if level == 1:
                    parent = title
                current = _Draft(title=title, part=part, level=level, parent=parent if level == 2 else "")
            drafts.append(current)
            continue
        i += 1
        if _opens_table(text, lines, i) or _TABLE_FRAME.match(text):
            in_table = True
            continue
        if in_table:
            continue
        if current is None:
            current = _Draft(title=part or "", part=part, level=0)
            drafts.append(current)
        continues = current.paragraphs and _CONTINUATION.match(text)  # '万元，下降…' after '减少219.83'
        if not (current.open or continues) or ENUMERATED.match(text):
            current.paragraphs.append([])
        current.paragraphs[-1].append(line)
        current.open = full is not None and not _ends_paragraph(text, full)
    return drafts


def parse_narrative(doc: RawDocument) -> tuple[list[Section], list[StatedFigure]]:
    sections: list[Section] = []
    figures: list[StatedFigure] = []
    for draft in layout_sections(doc):
        paragraphs = [p for p in draft.paragraphs if p]
        section = Section(
            title=draft.title,
            part=draft.part,
            paragraphs=[Paragraph("".join(l.text for l in p), p[0].page) for p in paragraphs],
        )
        if not section.paragraphs and draft.level == 0:
            continue  # a part title with its sections below it
        sections.append(section)
        lines = [line for paragraph in paragraphs for line in paragraph]
        text = "".join(line.text for line in lines)
        pages = [line.page for line in lines for _ in line.text]  # the page of every character
        figures.extend(section_figures(draft.title, draft.parent, draft.part, text, pages))
    return sections, figures
