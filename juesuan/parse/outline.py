"""The document's outline: where the table of contents ends and the body begins, and which
lines are headings — parts (第X部分, or a part's title printed alone or numbered 一、),
sections (一、) and sub-sections (（一）). The front matter and the prose both read it here,
so the two agree on where the body starts and on what a heading looks like.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .normalize import PART_HEADING, clean, is_page_number
from .raw import Line, RawDocument

CN_NUMBERS = "一二三四五六七八九十"
LEVEL1 = re.compile(rf"^[{CN_NUMBERS}]{{1,3}}[、.．]")
LEVEL2 = re.compile(rf"^[（(][{CN_NUMBERS}]{{1,3}}[）)]")
_ARABIC = re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")
# Any enumeration that opens a heading, a contents entry or a new paragraph.
ENUMERATED = re.compile(
    rf"^(?:第[{CN_NUMBERS}\d]+部分|[{CN_NUMBERS}]{{1,3}}[、.．]|[（(][{CN_NUMBERS}\d]{{1,3}}[）)]|\d{{1,2}}(?:[、．]|\.(?!\d)))"
)
CONTENTS_TITLES = ("目录", "目次")
# A contents entry: its title, then dot leaders, a tab or a wide gap, then its page number.
_ENTRY_LEADER = re.compile(r"(?:[.…·．。\-]{3,}|…{2,}|\t|\s{2,})\s*\d{0,4}\s*$")
# What follows an entry's title: leaders and a page number, or a page number right after the words.
_ENTRY_TAIL = re.compile(r"(?:[.…·．。\-]{2,}|\t+|\s{2,})\s*(\d{1,4})\s*$|(?<=[^\d\s])\s*(\d{1,3})\s*$")

# Part titles by meaning, on a heading's words without its number. What may stand before
# 决算: the unit's name and the year, or 部门/单位 ('西南大学2023年度部门决算情况说明').
_LEAD = r"(?:[^，。；：,;:]{0,40}?(?:\d{4}年度?|部门|单位))?"
_PART_TITLES = (
    ("情况说明", re.compile(rf"^{_LEAD}决算(?:公开)?(?:报表|情况)?说明$|^情况说明$")),
    ("决算表", re.compile(rf"^{_LEAD}决算(?:公开)?(?:报)?表$|^附表$")),
    ("概况", re.compile(r"^[\u4e00-\u9fff（）]{0,16}概况$")),
    ("名词解释", re.compile(r"^名词解释$")),
    ("附件", re.compile(r"^附件$")),
)
# The words a 第X部分 title ends with; a title ending otherwise keeps its own words.
_PART_WORDS = ("情况说明", "名词解释", "概况", "附件", "决算表", "附表")
_NOT_A_TITLE = re.compile(r"[，,；;：:。！？!?]")


def _title_words(text: str) -> str:
    """A heading's words without its number (第X部分, 一、, （一）, 1.)."""
    return ENUMERATED.sub("", clean(text), count=1)


def part_of(title: str) -> str | None:
    """The part of the report a heading names — 情况说明, 决算表, 概况, 名词解释, 附件 —
    or None for a heading that names a section ('一、收入决算情况说明')."""
    words = _title_words(title)
    if _NOT_A_TITLE.search(words):
        return None
    return next((part for part, pattern in _PART_TITLES if pattern.match(words)), None)


def names_part(title: str) -> bool:
    """Whether a 第X部分 title is complete: it names a part (a wrapped one does not yet)."""
    return part_of(title) is not None or clean(title).endswith(_PART_WORDS)


def part_name(title: str) -> str:
    """'第三部分 2024年度部门决算情况说明' → '情况说明'; '第一部分 X局概况' → '概况';
    a 第X部分 title naming no known part keeps its own words."""
    known = part_of(title)
    if known:
        return known
    body = PART_HEADING.sub("", clean(title))
    for word in _PART_WORDS:
        if body.endswith(word):
            return word
    m = re.search(r"\d{4}年度?(?:部门|单位)?(.+)$", body)
    return m.group(1) if m else body


def heading_level(text: str) -> int | None:
    """0 for a part's title (第X部分 …, or a part's title standing alone), 1 for 一、…,
    2 for （一）…; None for a line of prose.

    A numbered line is a heading only when it reads like a title: short, no clause
    punctuation, no amounts (lists of duties and glossary entries are numbered too).
    """
    if PART_HEADING.match(text):
        return 0
    m = LEVEL1.match(text) or LEVEL2.match(text)
    if not m:
        return 0 if len(text) <= 50 and part_of(text) else None
    body = text[m.end():]
    if not body or len(body) > 32 or re.search(r"[，,；;：:]", body) or body.count("、") >= 2:
        return None
    if "。" in body[:-1] or (body.endswith("。") and not re.search("说明|情况", body)):
        return None
    if re.search(r"\d", re.sub(r"20\d\d年度?", "", body)):
        return None
    return 1 if LEVEL1.match(text) else 2


def arabic_heading(text: str) -> bool:
    """'1.收入支出决算总体情况说明': reports numbering their sections 1. 2. … (an item line
    such as '1、预算绩效管理工作开展情况' stays prose: only a title ending in 说明 counts)."""
    m = _ARABIC.match(text)
    body = text[m.end():] if m else ""
    return bool(m) and 4 <= len(body) <= 32 and body.endswith("说明") and not re.search(r"[，,；;：:。\d]", body)


def is_contents_entry(text: str) -> bool:
    """A line printed as a contents entry: a title, leaders or a gap, a page number."""
    return bool(_ENTRY_LEADER.search(text) and re.search(r"\d\s*$", text)) and not re.search(r"[，。；]", clean(text))


def contents_entry(text: str) -> tuple[str, int | None]:
    """(title, printed page) of a contents entry: its leaders and page number dropped."""
    m = _ENTRY_TAIL.search(text.strip())
    title = clean(text.strip()[: m.start()] if m else text).rstrip(".…·．-")
    return title, int(m.group(1) or m.group(2)) if m else None


def entry_title(text: str) -> str:
    return contents_entry(text)[0]


def contents_span(texts: Sequence[str]) -> tuple[int, int] | None:
    """(first entry, first body line) indices of the table of contents among the document's
    text lines, or None when it has none.

    The body starts where a title printed in the contents is printed again; where none
    is, the contents are the run of entries and headings under 目录."""
    cleaned = [clean(t) for t in texts]
    start = next((i for i, t in enumerate(cleaned[:200]) if t in CONTENTS_TITLES), None)
    if start is None:
        return None
    first = next((i for i in range(start + 1, len(texts)) if cleaned[i]), None)
    if first is None:
        return start + 1, len(texts)
    seen: set[str] = set()
    for i in range(first, len(texts)):
        text = cleaned[i]
        if not text or is_page_number(text):
            continue
        if text in seen and not is_contents_entry(texts[i]):
            return start + 1, i
        seen.add(entry_title(texts[i]))
    i = first
    while i < len(texts) and (not cleaned[i] or is_contents_entry(texts[i]) or heading_level(cleaned[i]) is not None):
        i += 1
    return start + 1, i


def body_start(doc: RawDocument) -> int:
    """Index in doc.blocks of the body's first block: after the table of contents, or at
    the first 第X部分 title when there are no contents; 0 when neither is found."""
    lines = [(i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Line)]
    span = contents_span([b.text for _, b in lines])
    if span is not None:
        return lines[span[1]][0] if span[1] < len(lines) else len(doc.blocks)
    return next((i for i, b in lines[:200] if PART_HEADING.match(clean(b.text))), 0)
