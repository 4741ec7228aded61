"""The prose read in other layouts, generated from the seed: its headings rewritten into the
schemes other reports use (part titles split over two lines, printed without 第X部分, parts
numbered 一、二、三 with their sections demoted, sections named after the table they
explain, unit-type prefixes), its totals named as other prose names them, its amounts with
thousands separators — each laid out as a text file and as a wrapped PDF page would be.
Every variant must state the same facts as the seed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest

from juesuan.facts import narrative_facts
from juesuan.model import Report
from juesuan.parse.narrative import parse_narrative
from juesuan.parse.narrative_rules import FUNCTION_CLASSES
from juesuan.parse.raw import Grid, Line, RawDocument
from juesuan.parse.reader import read_document

from .corpus import corpus_file, truth

SEED = "yangquan-2024.txt"
Rewrite = Callable[[str], str | list[str]]  # one line of text → its new line(s)


@cache
def _seed() -> RawDocument:
    return read_document(corpus_file(SEED).read_bytes(), SEED)


def _facts(doc: RawDocument) -> dict:
    return _read(doc)[0]


def _read(doc: RawDocument) -> tuple[dict, dict[str, str]]:
    """(facts, the part each fact's section stands in) — the checks read the prose of the
    part 情况说明, so a figure found outside it is as good as lost."""
    sections, figures = parse_narrative(doc)
    part = {s.title: s.part for s in sections}
    first = {}
    for fig in figures:
        first.setdefault(fig.key, part[fig.section])
    return {f["key"]: f["value"] for f in narrative_facts(Report(figures=figures))}, first


@cache
def _seed_facts() -> dict:
    return _facts(_seed())


def _rewrite(doc: RawDocument, rewrite: Rewrite) -> RawDocument:
    """The document with every text line rewritten (a line may become several)."""
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Grid):
            blocks.append(block)
            continue
        new = rewrite(block.text)
        blocks.extend(Line(text, block.page) for text in ([new] if isinstance(new, str) else new))
    return RawDocument(blocks=blocks, kind=doc.kind)


def _width(text: str) -> float:
    return sum(0.5 if ord(c) < 128 else 1 for c in text)


def _as_pdf(doc: RawDocument, width: float = 26, lines_per_page: int = 36) -> RawDocument:
    """The text laid out as a PDF page would be: lines wrapped at a printed width (a number
    or '万元' may fall on the next line), pages of a fixed height with a footer '- n -'."""
    blocks: list = []
    page, used = 1, 0

    def place(block) -> None:
        nonlocal page, used
        if used >= lines_per_page:
            blocks.append(Line(f"- {page} -", page))
            page, used = page + 1, 0
        block.page = page
        blocks.append(block)
        used += 1 if isinstance(block, Line) else len(block.rows)

    for block in doc.blocks:
        if isinstance(block, Grid):
            place(Grid(block.rows))
            continue
        chunk = ""
        for char in block.text:
            if "\t" in block.text:  # a contents entry keeps its tab and page number on one line
                chunk = block.text
                break
            if _width(chunk + char) > width:
                place(Line(chunk))
                chunk = ""
            chunk += char
        place(Line(chunk))
    return RawDocument(blocks=blocks, kind="pdf")


LAYOUTS = {"text": lambda doc: doc, "pdf": _as_pdf}


def _title_and_page(text: str) -> tuple[str, str]:
    """A line split into its words and a contents entry's '\\tpage' ('' for a body line)."""
    title, tab, page = text.partition("\t")
    return title, tab + page


def _retitle(mapping: dict[str, str | list[str]]) -> Rewrite:
    """Rewrite the lines (contents entries and body headings alike) whose title is a key."""

    def rewrite(text: str) -> str | list[str]:
        title, page = _title_and_page(text)
        new = mapping.get(title)
        if new is None:
            return text
        lines = [new] if isinstance(new, str) else list(new)
        lines[-1] += page
        return lines

    return rewrite


def _demote(text: str) -> str | list[str]:
    """Parts numbered 一、二、三 (as sections are), each level below moved one down:
    一、 → （一）, （一） → 1."""
    title, page = _title_and_page(text)
    part = re.match(r"^第([一二三四五六七八九十]+)部分\s*(.*)$", title)
    if part:
        words = {"概况": "部门概况", "情况说明": "2024年度部门决算情况说明"}.get(part.group(2), part.group(2))
        return f"{part.group(1)}、{words}{page}"
    section = re.match(r"^([一二三四五六七八九十]+)、(.*)$", title)
    if section:
        return f"（{section.group(1)}）{section.group(2)}{page}"
    sub = re.match(r"^（([一二三四五六七八九十]+)）(.*)$", title)
    if sub:
        return f"{'一二三四五六七八九十'.index(sub.group(1)) + 1}.{sub.group(2)}{page}"
    return text


def _unnumbered_parts(text: str) -> str:
    title, page = _title_and_page(text)
    part = re.match(r"^第[一二三四五六七八九十]+部分\s*(.*)$", title)
    if not part:
        return text
    words = {"概况": "部门概况", "情况说明": "2024年度部门决算情况说明"}.get(part.group(1), part.group(1))
    return words + page


# The seed's prose sections renamed after the table each explains (with the unit-type
# prefix 高等学校 where `prefix` is given, as university reports print them).
_TABLE_NAMED = {
    "收入支出决算总体情况说明": "收支决算总表说明",
    "收入决算情况说明": "收入决算表说明",
    "支出决算情况说明": "支出决算表说明",
    "财政拨款收支决算总体情况说明": "财政拨款收入支出决算总表说明",
    "一般公共预算财政拨款支出决算情况说明": "一般公共预算财政拨款支出决算表说明",
    "一般公共预算财政拨款基本支出决算情况说明": "一般公共预算财政拨款基本支出决算表说明",
    "政府性基金预算财政拨款收支决算情况说明": "政府性基金预算财政拨款收入支出决算表说明",
    "国有资本经营预算财政拨款支出决算情况说明": "国有资本经营预算财政拨款支出决算表说明",
    "财政拨款“三公”经费支出决算情况说明": "财政拨款“三公”经费支出决算表说明",
}


def _table_named(prefix: str) -> Rewrite:
    def rewrite(text: str) -> str:
        title, page = _title_and_page(text)
        m = re.match(r"^([一二三四五六七八九十]+、)(.*)$", title)
        if m and m.group(2) in _TABLE_NAMED:
            return f"{m.group(1)}{prefix}{_TABLE_NAMED[m.group(2)]}{page}"
        return text

    return rewrite


def _wrapped_sections(text: str) -> str | list[str]:
    """Every section title of the prose printed over two lines, its last two words below."""
    title, page = _title_and_page(text)
    if not page and re.match(r"^[一二三四五六七八九十]+、.*情况说明$", title):
        return [title[:-2], title[-2:]]
    return text


HEADINGS = {
    "part-title-split-after-its-words": _retitle({"第三部分 情况说明": ["第三部分 2024年度部门决算情况", "说明"]}),
    "part-title-wrapped-before-its-last-words": _retitle(
        {"第三部分 情况说明": ["第三部分 阳泉市国库集中支付中心2024年度部门决算", "情况说明"]}),
    "part-number-alone-on-its-line": _retitle({"第三部分 情况说明": ["第三部分", "2024年度部门决算情况说明"]}),
    "parts-without-part-number": _unnumbered_parts,
    "parts-without-part-number-split": lambda t: (
        ["2024年度部门决算情况", "说明"] if t == "第三部分 情况说明" else _unnumbered_parts(t)
    ),
    "parts-numbered-like-sections-and-sections-demoted": _demote,
    "sections-named-after-their-tables": _table_named(""),
    "sections-named-after-their-tables-with-unit-type-prefix": _table_named("高等学校"),
    "section-titles-wrapped": _wrapped_sections,
}


def _changed(doc: RawDocument, variant: RawDocument) -> bool:
    return [b.text for b in doc.lines()] != [b.text for b in variant.lines()]


def test_the_seed_states_its_truth():
    expected = {f["key"]: f["value"] for f in truth(SEED)["facts"] if f["key"].startswith("说明.")}
    got, parts = _read(_seed())
    assert {k: got.get(k) for k in expected} == expected
    assert set(parts.values()) == {"情况说明"}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("scheme", list(HEADINGS))
def test_heading_schemes_state_the_same_facts(scheme, layout):
    variant = _rewrite(_seed(), HEADINGS[scheme])
    assert _changed(_seed(), variant), "the rewrite found nothing to rewrite"
    facts, parts = _read(LAYOUTS[layout](variant))
    assert facts == _seed_facts()
    assert set(parts.values()) == {"情况说明"}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_whole_named_as_the_year_total_and_shares_of_the_whole(layout):
    """收入/支出 sections naming 本年收入合计 '收入总计', 本年支出合计 '各项支出总计', and
    shares stated as '占收入总额x%' / '占总支出的x%' / '占支出总额x%'."""
    renamed = {
        "2024年度收入合计272.93万元，其中：": "2024年度收入总计272.93万元，其中：",
        "财政拨款收入272.93万元，占比100.00%。": "财政拨款收入272.93万元，占收入总额100.00%。",
        "2024年度支出合计272.93万元，其中：": "学校2024年度各项支出总计272.93万元，其中：",
        "基本支出136.04万元，占比49.84%；": "基本支出136.04万元，占总支出的49.84%；",
        "项目支出136.89万元，占比50.16%。": "项目支出136.89万元，占支出总额50.16%。",
    }
    found = {line.text for line in _seed().lines()} & set(renamed)
    assert found == set(renamed)
    variant = _rewrite(_seed(), lambda t: renamed.get(t, t))
    assert _facts(LAYOUTS[layout](variant)) == _seed_facts()


def _class_sentences(measure_text: Callable[[str, dict], str]) -> str:
    """One clause per function class the seed's truth states, joined as prose."""
    facts = {f["key"]: f["value"] for f in truth(SEED)["facts"]}
    classes = [c for c in FUNCTION_CLASSES if f"说明.{c}.决算" in facts]
    assert len(classes) >= 3
    return "；".join(measure_text(c, facts) for c in classes) + "。"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_function_classes_stated_in_the_expenditure_and_totals_sections(layout):
    """All-funds class figures: amount and share in the 支出 section ('按照支出功能科目划分，
    教育支出425,287.27万元，占总支出的92.92%'), change in the totals section ('其中：教育支出
    增加…'). The seed's money is all appropriation, so they equal its 一般公共预算 figures."""
    spent = "按照支出功能科目划分，" + _class_sentences(
        lambda c, f: f"{c}{f[f'说明.{c}.决算']:.2f}万元，占总支出的{f[f'说明.{c}.占比']:.2f}%")
    changed = "其中：" + _class_sentences(
        lambda c, f: f"{c}{'增加' if f[f'说明.{c}.较上年增减'] > 0 else '减少'}{abs(f[f'说明.{c}.较上年增减']):.2f}万元")

    def rewrite(text: str) -> str | list[str]:
        if text == "项目支出136.89万元，占比50.16%。":
            return [text, spent]
        if text.startswith("2024年度收入总计272.93万元，支出总计272.93万元。"):
            return [text, changed]
        return text

    variant = _rewrite(_seed(), rewrite)
    assert _changed(_seed(), variant)
    figures = parse_narrative(LAYOUTS[layout](variant))[1]
    assert {f["key"]: f["value"] for f in narrative_facts(Report(figures=figures))} == _seed_facts()
    first: dict[str, str] = {}
    for fig in figures:
        if fig.subject in FUNCTION_CLASSES:
            first.setdefault(fig.measure, fig.section)  # where each class measure is first stated
    assert first["决算"] == first["占比"] == "三、支出决算情况说明"
    assert first["较上年增减"] == "一、收入支出决算总体情况说明"


def _thousands(text: str) -> str:
    return re.sub(r"(?<![\d.,])(\d{1,3})(\d{3})(\.\d+)?(?=\s*万元)", r"\1,\2\3", text)


def test_amounts_with_thousands_separators():
    name = "shifan-transport-2024.pdf"
    path = corpus_file(name)
    doc = read_document(path.read_bytes(), name)
    variant = _rewrite(doc, _thousands)
    assert sum("," in b.text for b in variant.lines()) > sum("," in b.text for b in doc.lines())
    expected = _facts(doc)
    assert any(abs(v) >= 1000 for v in expected.values())
    assert _facts(variant) == expected
