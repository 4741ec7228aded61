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
from .raw import Grid, RawDocument
from .titles import table_id_for_title

_CN = "一二三四五六七八九十"
_LEVEL1 = re.compile(rf"^[{_CN}]{{1,3}}[、.．]")
_LEVEL2 = re.compile(rf"^[（(][{_CN}]{{1,3}}[）)]")
# Any enumeration that opens a new paragraph: 1、 1. （1） as well as the section ones.
_ENUM_START = re.compile(rf"^(?:\d{{1,2}}[、．]|\d{{1,2}}\.(?!\d)|[（(]\d{{1,2}}[）)]|[{_CN}]{{1,3}}[、.．]|[（(][{_CN}]{{1,3}}[）)])")
# A contents entry: its title, then dot leaders, a tab or a wide gap, then its page number.
_TOC_ENTRY = re.compile(r"(?:[.…·．。\-]{3,}|…{2,}|\t|\s{2,})\s*\d{0,4}\s*$")
_TOC_TITLES = ("目录", "目次")
_PARAGRAPH_KINDS = ("docx", "txt", "xlsx")
_CONTINUATION = re.compile(r"^(?:万元|元|%|[，,。；;、）)])")
_SENTENCE_END = "。！？；：:;!?"
# Lines of a table's frame that stand outside its grid.
_TABLE_FRAME = re.compile(r"^(?:(?:金额)?单位[:：](?:万元|元)|(?:部门|单位)名称[:：]|公开\d{1,2}表$|表\d{1,2}(?:-\d+)?$)")
# The words a part title ends with; a title ending otherwise keeps its own words.
_PART_WORDS = ("情况说明", "名词解释", "概况", "附件", "决算表", "附表")
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


def heading_level(text: str) -> int | None:
    """0 for a 第X部分 title, 1 for 一、…, 2 for （一）…; None for a line of prose.

    A numbered line is a heading only when it reads like a title: short, no clause
    punctuation, no amounts (lists of duties and glossary entries are numbered too).
    """
    if PART_HEADING.match(text):
        return 0
    m = _LEVEL1.match(text) or _LEVEL2.match(text)
    if not m:
        return None
    body = text[m.end():]
    if not body or len(body) > 32 or re.search(r"[，,；;：:]", body) or body.count("、") >= 2:
        return None
    if "。" in body[:-1] or (body.endswith("。") and not re.search("说明|情况", body)):
        return None
    if re.search(r"\d", re.sub(r"20\d\d年度?", "", body)):
        return None
    return 1 if _LEVEL1.match(text) else 2


def _arabic_heading(text: str) -> bool:
    """'1.收入支出决算总体情况说明': reports numbering their sections 1. 2. … (an item line
    such as '1、预算绩效管理工作开展情况' stays prose: only a title ending in 说明 counts)."""
    m = re.match(r"^\d{1,2}(?:[、．]|\.(?!\d))", text)
    body = text[m.end():] if m else ""
    return bool(m) and 4 <= len(body) <= 32 and body.endswith("说明") and not re.search(r"[，,；;：:。\d]", body)


def part_name(title: str) -> str:
    """'第三部分 2024年度部门决算情况说明' → '情况说明'; '第一部分 X局概况' → '概况'."""
    body = PART_HEADING.sub("", title)
    for word in _PART_WORDS:
        if body.endswith(word):
            return word
    m = re.search(r"\d{4}年度?(?:部门|单位)?(.+)$", body)
    return m.group(1) if m else body


def _toc_key(line: _Line) -> str:
    """The title of a contents entry (leaders and page number dropped); a body line as is."""
    return re.sub(r"[.…·．。\-]*\d{0,4}$", "", line.text) if line.toc else line.text


def _body_start(lines: list[_Line]) -> int:
    """Index of the first body line: after the table of contents (the body repeats its
    entries), or the first part title when there is no contents; 0 when neither is found."""
    toc = next((i for i, l in enumerate(lines[:200]) if l.text in _TOC_TITLES), None)
    if toc is None:
        return next((i for i, l in enumerate(lines[:200]) if PART_HEADING.match(l.text)), 0)
    first = next((i for i in range(toc + 1, len(lines)) if _toc_key(lines[i])), None)
    if first is None:
        return toc + 1
    seen: set[str] = set()
    for i in range(first, len(lines)):  # the body starts where an entry repeats
        if lines[i].text in seen and not lines[i].toc:
            return i
        seen.add(_toc_key(lines[i]))
    i = first  # no repeat: the contents is the run of titles under 目录
    while i < len(lines) and (lines[i].toc or heading_level(lines[i].text) is not None):
        i += 1
    return i


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


def _doc_lines(doc: RawDocument) -> list[_Line | None]:
    """Cleaned lines in reading order; None where a grid stands (it ends a paragraph)."""
    out: list[_Line | None] = []
    for block in doc.blocks:
        if isinstance(block, Grid):
            out.append(None)
            continue
        text = clean_line(block.text)
        if text:
            toc = bool(_TOC_ENTRY.search(block.text) and re.search(r"\d\s*$", block.text)) and not re.search(r"[，。；]", text)
            out.append(_Line(text, block.page, toc))
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
    return short and bool(_ENUM_START.match(text)) and not re.search(r"[，,；;。]", text)


def _is_table_title(text: str) -> bool:
    return bool(table_id_for_title(text)) or (text.endswith("决算表") and not re.search(r"[，。；：,;:]", text))


def _opens_table(text: str, lines: list[_Line | None], after: int) -> bool:
    """Whether a line is a table's title: a grid, a label or a header line follows closely
    (a sentence ending in '…决算表' — '详见附表5…决算表' — does not open one)."""
    if not _is_table_title(text):
        return False
    return any(l is None or _TABLE_FRAME.match(l.text) or _is_table_title(l.text) for l in lines[after : after + 3])


def _join_wrapped_heading(lines: list[_Line | None], i: int, level: int) -> tuple[str, int]:
    """A heading whose last words wrapped onto a short next line ('…部门决算情况' + '说明')."""
    text = lines[i].text
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    complete = text.endswith(_PART_WORDS) if level == 0 else _HEADING_END.search(text)
    if (
        nxt is not None
        and not complete
        and len(nxt.text) <= 8
        and re.fullmatch(r"[\u4e00-\u9fff“”\"]+", nxt.text)
        and nxt.text not in ("无", "略")
        and heading_level(nxt.text) is None
    ):
        return text + nxt.text, i + 2
    return text, i + 1


def layout_sections(doc: RawDocument) -> list[_Draft]:
    """The body's sections in order, each with its paragraphs as layout lines."""
    lines = _doc_lines(doc)
    real = [l for l in lines if l is not None]
    marks = _watermarks(real)
    # Word and text files hold whole paragraphs per line; only a page layout wraps them.
    full = _full_width(real) if doc.kind not in _PARAGRAPH_KINDS else None
    body = _body_start(real)
    start_line = real[body] if body < len(real) else None  # None: contents to the end, no body
    start = next((i for i, l in enumerate(lines) if l is start_line), len(lines))
    drafts: list[_Draft] = []
    part, parent, in_table = "", "", False
    current: _Draft | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if line is None:
            if current:
                current.open = False
            i += 1
            continue
        text = line.text
        if is_page_number(text) or text in marks or line.toc and len(_toc_key(line)) < 40:
            i += 1
            continue
        level = heading_level(text)
        if level is None and _arabic_heading(text):
            level = 2 if parent else 1
        if level is not None:
            title, i = _join_wrapped_heading(lines, i, level)
            if level == 0:
                part = part_name(title)
                in_table = part.endswith("表")
                parent = ""
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
        if not (current.open or continues) or _ENUM_START.match(text):
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
