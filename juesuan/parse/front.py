"""The report's front matter: header (unit, year, kind, money unit, unit type), the table
of contents, and the 概况 (duties, organisation)."""
from __future__ import annotations

import io
import re
from collections import Counter

from pdfminer.high_level import extract_text

from ..model import Header, TocEntry
from .errors import BudgetNotFinalError
from .normalize import PART_HEADING, clean, fold_width, is_page_number, strip_enum
from .outline import ENUMERATED, LEVEL1, contents_entry, contents_span, heading_level
from .raw import RawDocument
from .titles import table_id_for_title

_YEAR_TITLE = re.compile(r"(20\d{2})\s*年度?\s*(?:[^\s，。]{0,12}?)(单位|部门)决算")
# A budget's cover title ('2023年度部门预算'), not a part's title ('2024年部门预算表').
_BUDGET_TITLE = re.compile(r"(20\d{2})\s*年度?\s*(?:[^\s，。]{0,12}?)(单位|部门)预算(?!报?表)")
# A table's title says which disclosure it belongs to: 收支预算总表 / 收入支出决算总表 ….
_TABLE_KIND = re.compile(r"(预算|决算)(?:总|明细)?表$")
_UNIT_FIELD = re.compile(r"(?:部门|单位)名称[:：]\s*([^\s0-9]+?)(?=\s|20\d{2}|$)")
_MONEY = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
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


def _cover_text(lines: list[str], toc: tuple[int, int] | None) -> str:
    """The cover: lines before the contents (or the first 15), less repeated watermarks
    ('仅供内部审核') and the date line."""
    head = lines[: toc[0] - 1] if toc else lines[:15]
    counts = Counter(clean(l) for l in head)
    kept = [clean(l) for l in head if counts[clean(l)] == 1 and not re.fullmatch(r"20\d{2}年\d{1,2}月(?:\d{1,2}日)?", clean(l))]
    return "".join(kept)


def parse_header(doc: RawDocument) -> Header:
    header = Header()
    lines = _lines(doc)
    toc = contents_span(lines)
    candidates = [_cover_text(lines, toc)] + [clean(l) for l in lines[:200]]
    for text in candidates:
        m = _YEAR_TITLE.search(text)
        if m:
            header.year = int(m.group(1))
            header.kind = m.group(2)
            header.title = text[m.start() :]
            header.unit = re.sub(r"^.*第[一二三四五六七八九十]+部分", "", text[: m.start()])
            break
    fields = Counter(m.group(1) for line in lines for m in [_UNIT_FIELD.search(line)] if m)
    if not header.unit and fields:
        header.unit = fields.most_common(1)[0][0]
    if header.year is None:  # no cover title (a workbook): the year the table headers print
        years = Counter(m.group(1) for line in lines for m in [re.search(r"(20\d{2})\s*年度", line)] if m)
        if years:
            header.year = int(years.most_common(1)[0][0])
    money = Counter(m.group(1) for line in lines for m in [_MONEY.search(clean(line))] if m)
    for grid in doc.grids():  # some layouts print the header line inside the grid
        for row in grid.rows[:2]:
            for cell in row:
                m = _MONEY.search(clean(cell))
                if m:
                    money[m.group(1)] += 1
    if money:
        header.money_unit = money.most_common(1)[0][0]
    body = lines[toc[1] :] if toc else lines
    header.unit_type = _unit_type(body)
    return header


def refuse_budget(doc: RawDocument) -> None:
    """Raise BudgetNotFinalError for a 部门预算/单位预算 disclosure: its cover or its tables'
    titles say 预算 and neither says 决算 (a part's title, '第二部分 部门预算表', is not a
    table's). Decided on titles, never on words in the text, so a 决算 report full of 预算数
    and 年初预算 is never refused."""
    lines = _lines(doc)
    titles: dict[str, list[str]] = {"预算": [], "决算": []}
    for line in lines:
        title = clean(line)
        m = _TABLE_KIND.search(title)
        if m and len(title) <= 40 and not re.search(r"[,，。;；]", title) and heading_level(title) != 0:
            titles[m.group(1)].append(title)
    if not titles["决算"]:
        _refuse_budget_cover(_cover_text(lines, contents_span(lines)), titles["预算"])


def refuse_budget_pdf_cover(data: bytes) -> None:
    """The same refusal from a PDF's first page alone, before any page is parsed: a cover
    saying 部门预算 with no 决算 anywhere on it. Anything else waits for refuse_budget."""
    if not data.startswith(b"%PDF"):
        return
    try:
        text = extract_text(io.BytesIO(data), maxpages=1)
    except Exception:  # an unreadable file: its reader says what is wrong with it
        return
    if "决算" not in text:
        _refuse_budget_cover(_cover_text([line.strip() for line in text.splitlines()], None), [])


def _refuse_budget_cover(cover: str, budget_tables: list[str]) -> None:
    """Refuse when the cover or the tables say 预算 and the cover does not say 决算; the
    message names the cover's title, else the first budget table."""
    budget = _BUDGET_TITLE.search(cover)
    if _YEAR_TITLE.search(cover) or not (budget or budget_tables):
        return
    seen = f"封面为“{budget.group()}”" if budget else f"表格为“{budget_tables[0]}”等预算表"
    kind = budget.group(2) if budget else "部门/单位"
    raise BudgetNotFinalError(
        f"该文件是{kind}预算公开文件（{seen}），不是决算公开文件，无法按决算进行审核。"
        f"请上传{kind}决算公开文件（含“收入支出决算总表”等决算表）。"
    )


def _unit_type(lines: list[str]) -> str:
    text = "".join(clean(l) for l in lines)
    for marker in ("机构设置", "单位构成", "概况"):
        start = text.find(marker)
        if start < 0:
            continue
        # "下属行政事业单位" names a mix, not this unit's type
        window = text[start : start + 800].replace("行政事业单位", "")
        for kind in UNIT_TYPES:
            if kind in window:
                return "参照公务员法管理事业单位" if kind.startswith("参照公务员法") else kind
    return ""


def parse_toc(doc: RawDocument) -> list[TocEntry]:
    """Entries under 目录, with the printed page where there is one; wrapped titles re-joined."""
    lines = _lines(doc)
    span = contents_span(lines)
    if not span:
        return []
    entries: list[TocEntry] = []
    for line in lines[span[0] : span[1]]:
        title, page = contents_entry(line)
        if not title or is_page_number(title):
            continue
        if entries and not ENUMERATED.match(title) and entries[-1].page is None:
            entries[-1].title += title  # a title wrapped onto the next line
            if page is not None:
                entries[-1].page = page
            continue
        entries.append(TocEntry(title=title, page=page))
    for entry in entries:
        entry.table_id = table_id_for_title(strip_enum(entry.title))
    return entries


def parse_overview(doc: RawDocument) -> tuple[str, str]:
    """(duties, organisation): the text under 职责 and under 机构设置, up to the next heading."""
    lines = [b.text.strip() for b in doc.lines()]
    toc = contents_span(lines)  # skip the table of contents, whose titles repeat
    toc_end = toc[1] if toc else 0
    duties, organisation = [], []
    target = None
    for line in lines[toc_end:]:
        s = clean(line)
        heading = heading_level(s) is not None  # a title (一、 or （二）), not a numbered duty
        if heading and re.search(r"职[责能]", s):
            target = duties
            continue
        if heading and re.search(r"机构设置|单位构成", s):
            target = organisation
            continue
        # Ends at the next 第X部分, 一、 or table title. (A part's title printed alone, such
        # as '某局2024年度部门决算表', is kept: the 文档.单位名称 check reads it there.)
        if target is not None and (PART_HEADING.match(s) or LEVEL1.match(s) or table_id_for_title(s)):
            if target is organisation:
                break
            target = None
            continue
        if target is not None and not is_page_number(s):
            target.append(re.sub(r"\s+", "", line))  # prose: keep its own punctuation
    return "".join(duties), "".join(organisation)
