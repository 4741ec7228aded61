"""The report's front matter: header (unit, year, kind, money unit, unit type), the table
of contents, and the 概况 (duties, organisation)."""
from __future__ import annotations

import re
from collections import Counter

from ..model import Header, TocEntry
from .normalize import clean, fold_width, strip_enum
from .raw import RawDocument
from .titles import table_id_for_title

_YEAR_TITLE = re.compile(r"(20\d{2})\s*年度?\s*(?:[^\s，。]{0,12}?)(单位|部门)决算")
_UNIT_FIELD = re.compile(r"(?:部门|单位)名称[:：]\s*([^\s0-9]+?)(?=\s|20\d{2}|$)")
_MONEY = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
_TOC_LINE = re.compile(r"^(.*?)(?:[.…·\-\s]{2,}|\t+)\s*(\d{1,3})$")
# Unit types named in 机构设置, most specific first.
UNIT_TYPES = (
    "参照公务员法管理事业单位",
    "参照公务员法管理的事业单位",
    "公益一类事业单位",
    "公益二类事业单位",
    "公益三类事业单位",
    "生产经营类事业单位",
    "全额拨款事业单位",
    "差额拨款事业单位",
    "自收自支事业单位",
    "行政单位",
    "事业单位",
)


def _lines(doc: RawDocument) -> list[str]:
    return [fold_width(b.text).strip() for b in doc.lines()]


def parse_header(doc: RawDocument) -> Header:
    header = Header()
    lines = _lines(doc)
    for i, line in enumerate(lines[:80]):
        m = _YEAR_TITLE.search(clean(line))
        if m:
            header.year = int(m.group(1))
            header.kind = m.group(2)
            header.title = clean(line)
            unit = clean(line)[: m.start()]
            if not unit:  # the unit stands on the line(s) above the title
                unit = next((clean(l) for l in reversed(lines[max(0, i - 3) : i]) if _looks_like_unit(l)), "")
            header.unit = unit
            break
    fields = Counter(m.group(1) for line in lines for m in [_UNIT_FIELD.search(line)] if m)
    if not header.unit and fields:
        header.unit = fields.most_common(1)[0][0]
    money = Counter(m.group(1) for line in lines for m in [_MONEY.search(clean(line))] if m)
    for grid in doc.grids():  # some layouts print the header line inside the grid
        for row in grid.rows[:2]:
            for cell in row:
                m = _MONEY.search(clean(cell))
                if m:
                    money[m.group(1)] += 1
    if money:
        header.money_unit = money.most_common(1)[0][0]
    header.unit_type = _unit_type(lines)
    return header


def _looks_like_unit(line: str) -> bool:
    s = clean(line)
    return 4 <= len(s) <= 40 and not any(w in s for w in ("审核", "目录", "决算")) and not s.isdigit()


def _unit_type(lines: list[str]) -> str:
    text = "".join(clean(l) for l in lines)
    start = text.find("机构设置")
    window = text[start : start + 600] if start >= 0 else text[:3000]
    for kind in UNIT_TYPES:
        if kind in window:
            return "参照公务员法管理事业单位" if kind.startswith("参照公务员法") else kind
    return ""


def parse_toc(doc: RawDocument) -> list[TocEntry]:
    """Entries under 目录: a title followed by dot leaders (or a tab) and a page number."""
    entries: list[TocEntry] = []
    lines = _lines(doc)
    start = next((i for i, l in enumerate(lines) if clean(l) in ("目录", "目次")), None)
    if start is None:
        return entries
    misses = 0
    for line in lines[start + 1 :]:
        m = _TOC_LINE.match(line)
        if not m:
            misses += 1
            if entries and misses > 2:
                break
            continue
        misses = 0
        title = clean(m.group(1)).rstrip(".…·-")
        entries.append(TocEntry(title=title, page=int(m.group(2)), table_id=table_id_for_title(strip_enum(title))))
    return entries


def parse_overview(doc: RawDocument) -> tuple[str, str]:
    """(duties, organisation): the text under 职责 and under 机构设置, up to the next heading."""
    lines = _lines(doc)
    toc_end = 0
    for i, line in enumerate(lines):  # skip the table of contents, whose titles repeat
        if _TOC_LINE.match(line):
            toc_end = i + 1
    duties, organisation = [], []
    target = None
    for line in lines[toc_end:]:
        s = clean(line)
        if re.match(r"^[一二三四五六七八九十]+、.*职[责能]", s) or re.match(r"^[一二三四五六七八九十]+、(?:部门|单位)?主要职[责能]", s):
            target = duties
            continue
        if re.match(r"^[一二三四五六七八九十]+、.*机构设置", s):
            target = organisation
            continue
        if target is not None and (re.match(r"^第[一二三四五六七八九十]+部分", s) or re.match(r"^[一二三四五六七八九十]+、", s) or table_id_for_title(s)):
            if target is organisation:
                break
            target = None
            continue
        if target is not None and not re.fullmatch(r"-?\s*\d+\s*-?", s):
            target.append(s)
    return "".join(duties), "".join(organisation)
