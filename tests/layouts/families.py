"""One Sheet per table shape, in the layout's style: the subject-code tables, the two-sided
01/04, 06's side-by-side blocks, 09 and 10.
"""
from __future__ import annotations

import random
from decimal import Decimal

from . import vocab
from .features import Layout, tag
from .shapes import BodyRow, Column, Side, TableShape
from .sheets import Cell, Line, Sheet, amount_cell, fact_key, header_cells, numbering_line, used

_CN = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens - 1]) + "十" if tens else "") + (_CN[ones - 1] if ones else "")


def build_sheet(shape: TableShape, layout: Layout, rng: random.Random) -> Sheet:
    build = {"twosided": _two_sided, "basic": _basic, "sangong": _sangong, "info": _info}.get(shape.family, _subject)
    sheet = build(shape, layout, rng)
    sheet.no_data = shape.no_data
    sheet.tags |= used(layout, "ruling", "zero", "thousands", "money_unit", "font_size", "landscape")
    if layout.numbering_row and sheet.numbering is None and shape.family != "info":
        sheet.numbering = numbering_line(sheet.kinds)
    sheet.tags.add(tag("numbering_row", sheet.numbering is not None))
    return sheet


def _amounts(table_id: str, row: BodyRow, columns: list[Column], layout: Layout) -> list[Cell]:
    return [amount_cell(fact_key(table_id, row.key, c.key), row.values.get(c.key), layout, row.count) for c in columns]


# --- subject-code tables --------------------------------------------------------------------

def _amount_paths(shape: TableShape, columns: list[Column], layout: Layout) -> tuple[list[tuple[str, ...]], set[str]]:
    """Header paths of the amount columns in the layout's header style, and the tags used."""
    paths = [c.header for c in columns]
    tags = set()
    keys = [c.key for c in columns]
    # a group whose own total is its 小计 column, over plain leaves (05's 基本支出 → 小计 | 人员经费 | 公用经费)
    groups = {k for k, p in zip(keys, paths) if p == (k, "小计") and not any(x.startswith(k + ".") for x in keys)}
    if layout.header_style == "flat" and all("." not in k and k != "小计" for k in keys):
        paths = [(k,) for k in keys]
    elif layout.header_style == "qizhong" and groups:  # 基本支出 | 其中 → 人员经费 | 公用经费
        paths = [p if p[0] not in groups else (p[0],) if k == p[0] else ("其中", p[1]) for p, k in zip(paths, keys)]
    if any(len(c.header) > 1 for c in columns) and not shape.no_data:  # shows where the template groups columns
        style = "qizhong" if any(p[0] == "其中" for p in paths) else "grouped" if any(len(p) > 1 for p in paths) else "flat"
        tags.add(tag("header_style", style))
    if layout.span_group and shape.id != "公开07":
        word = "本年收入" if shape.id == "公开02" else "本年支出"
        paths = [(word,) + p for p in paths]
        tags.add(tag("span_group", True))
    return paths, tags


def _code_text(code: str, style: str) -> list[str]:
    if style == "split":
        return [code[:3], code[3:5], code[5:7]]
    if style == "spaced":
        return [" ".join(filter(None, (code[:3], code[3:5], code[5:7])))]
    return [code]


def _subject(shape: TableShape, layout: Layout, rng: random.Random) -> Sheet:
    side = shape.sides[0]
    style = layout.codes
    code_cols = {"column": 1, "spaced": 1, "split": 3}.get(style, 0)
    place = layout.total_place if code_cols or layout.total_place != "subheader" else "top"
    flat = layout.header_style == "flat"
    if style == "split":
        struct = [("科目编码",) if place == "subheader" else ("科目编码", s) for s in "类款项"] + [("科目名称",)]
    elif code_cols:
        group = () if flat or place == "subheader" else ("项目",)
        struct = [group + ("科目编码",), group + ("科目名称",)]
    else:
        struct = [("项目",) if style == "absent" else ("科目编码及名称",)]
    amount_paths, tags = _amount_paths(shape, side.columns, layout)
    header, depth = header_cells(struct + amount_paths)
    kinds = ["code"] * code_cols + ["label"] + ["amount"] * len(side.columns)
    sheet = Sheet(shape.id, shape.title, kinds, header, depth, [], tags=tags)
    if not shape.no_data:  # an empty frame shows neither codes nor where its 合计 stands
        sheet.tags |= {tag("codes", style), tag("total_place", place)}
    totals = [r for r in side.rows if r.total]
    items = [r for r in side.rows if not r.total]
    if shape.no_data:
        totals = [BodyRow("合计", "合计", {c.key: None for c in side.columns}, total=True)]
    ordered = {"top": totals + items, "subheader": totals + items, "bottom": items + totals, "twice": totals + items + totals}[place]
    labels = [r.label for r in items]
    for i, row in enumerate(ordered):
        amounts = [] if shape.no_data else _amounts(shape.id, _keyed(row, style), side.columns, layout)
        if shape.no_data:
            amounts = [Cell() for _ in side.columns]
        if row.total:
            sheet.lines.append(_total_line(row, code_cols, amounts, layout, subheader=place == "subheader" and i == 0))
            continue
        if style == "absent" and labels.count(row.label) > 1:
            sheet.ambiguous.add(fact_key(shape.id, row.label))
        codes = [Cell(t, align="left") for t in _code_text(row.code, style)] if code_cols else []
        text = f"{row.code} {row.label}" if style == "in_name" else row.label
        indent = row.level if style in ("absent", "in_name") else 0
        sheet.lines.append(Line(codes + [Cell(text, align="left", indent=indent, wraps=True)] + amounts, place=_place(layout)))
    for line in sheet.lines:  # a repeated name's cells print, but no key can say which row they are
        for cell in line.cells:
            if cell is not None and cell.fact and any(cell.fact[0].startswith(p + ".") for p in sheet.ambiguous):
                cell.fact = None
    if layout.total_label != "none" and totals and not shape.no_data:
        sheet.tags.add(tag("total_label", layout.total_label))
    return sheet


def _keyed(row: BodyRow, style: str) -> BodyRow:
    """A names-only layout prints no code: its rows are keyed by their label."""
    if style == "absent" and row.code:
        return BodyRow(row.label, row.label, row.values, level=row.level, count=row.count)
    return row


def _place(layout: Layout) -> str:
    return "middle" if layout.label_wrap == "none" else layout.label_wrap


def _total_line(row: BodyRow, code_cols: int, amounts: list[Cell], layout: Layout, subheader: bool) -> Line:
    """The 合计 row: its label across the code and name columns (or in the name column,
    beside 类/款/项 where the sub-header shares its line), perhaps above or below its amounts."""
    if subheader:
        lead: list[Cell | None] = [Cell(t, align="center") for t in (["类", "款", "项"] if code_cols == 3 else ["类 款 项"])]
        lead.append(Cell(row.label, align="center"))
    else:
        lead = [Cell(row.label, align="center", span=code_cols + 1)] + [None] * code_cols
    line = Line(lead + amounts)
    if layout.total_label != "none":
        label = next(c for c in reversed(lead) if c is not None)
        label.place = "first" if layout.total_label == "above" else "last"
        line.place = "last" if layout.total_label == "above" else "first"
        line.min_lines = 2
    return line


# --- 公开01 / 公开04 --------------------------------------------------------------------------

def _side_lines(side: Side) -> tuple[list[BodyRow], list[BodyRow]]:
    """(items, tail): the tail starts at the first total (本年收入合计)."""
    at = next((i for i, r in enumerate(side.rows) if r.total), len(side.rows))
    return side.rows[:at], side.rows[at:]


def _two_sided(shape: TableShape, layout: Layout, rng: random.Random) -> Sheet:
    numbered = rng.random() < 0.8
    paths: list[tuple[str, ...]] = []
    kinds: list[str] = []
    columns_of: list[list[Column]] = []
    for side in shape.sides:
        word = "项目（按功能分类）" if side.name == "支出" and rng.random() < 0.2 else "项目"
        paths.append((side.name, word))
        kinds.append("label")
        if layout.line_numbers:
            paths.append((side.name, "行次"))
            kinds.append("lineno")
        for c in side.columns:
            paths.append((side.name, c.header[0] if c.key else rng.choice(("金额", "决算数"))))
            kinds.append("amount")
        columns_of.append(side.columns)
    header, depth = header_cells(paths)
    sheet = Sheet(shape.id, shape.title, kinds, header, depth, [], two_sided=True, tags=used(layout, "line_numbers"))
    halves = [_side_lines(s) for s in shape.sides]
    n_items = max(len(items) for items, _ in halves)
    n_tail = max(len(tail) for _, tail in halves)
    columns: list[list[BodyRow | None]] = []
    for items, tail in halves:
        padded_tail = tail[:-1] + [None] * (n_tail - len(tail)) + tail[-1:] if tail else [None] * n_tail
        columns.append(items + [None] * (n_items - len(items)) + padded_tail)
    line_no = 0
    for s in range(len(shape.sides)):
        items = {id(r) for r in halves[s][0]}
        top_n = sub_n = 0
        parent = ""
        for i, row in enumerate(columns[s]):
            line_no += 1
            if row is None:
                text = ""
            elif row.level == 0:
                parent, sub_n = row.label, 0
                top_n += id(row) in items
                text = f"{cn_number(top_n)}、{row.label}" if numbered and id(row) in items else row.label
            elif "结转" in parent:  # 年初财政拨款结转和结余's appropriations
                sub_n += 1
                text = f"{cn_number(sub_n)}、{row.label}" if numbered else row.label
            else:
                text = f"其中：{row.label}"
            cells: list[Cell | None] = [Cell(text, align="left", wraps=True, indent=row.level if row else 0)]
            if layout.line_numbers:
                cells.append(Cell(str(line_no), align="center"))
            if row is None or shape.no_data:
                cells += [Cell() for _ in columns_of[s]]
            else:
                cells += _amounts(shape.id, row, columns_of[s], layout)
            if s == 0:
                sheet.lines.append(Line(cells, place=_place(layout)))
            else:
                sheet.lines[i].cells += cells
    return sheet


# --- 公开06 ------------------------------------------------------------------------------------

def _chunks(rows: list[BodyRow], n: int) -> list[list[BodyRow]]:
    size = -(-len(rows) // n)
    return [rows[i * size:(i + 1) * size] for i in range(n)]


def _basic(shape: TableShape, layout: Layout, rng: random.Random) -> Sheet:
    personnel, public = shape.sides
    blocks_n = layout.basic_blocks
    p_rows, p_total = personnel.rows[:-1], personnel.rows[-1]
    q_rows, q_total = public.rows[:-1], public.rows[-1]
    column = personnel.columns[0]
    if blocks_n == 1:
        blocks = [p_rows + [p_total] + q_rows + [q_total]]
        groups = [None]
    else:
        blocks = [p_rows] + _chunks(q_rows, blocks_n - 1)
        groups = ["人员经费"] + ["公用经费"] * (blocks_n - 1)
    paths = []
    for group in groups:
        for text in ("科目代码", "科目名称", "决算数"):
            paths.append(((group,) if group else ()) + (text,))
    header, depth = header_cells(paths)
    sheet = Sheet(shape.id, shape.title, ["code", "label", "amount"] * len(blocks), header, depth, [],
                  tags=used(layout, "basic_blocks"))
    for i in range(max(len(b) for b in blocks)):
        cells: list[Cell | None] = []
        for block in blocks:
            row = block[i] if i < len(block) else None
            if row is None:
                cells += [Cell(), Cell(), Cell()]
            elif row.total:
                cells += [Cell(row.label, align="center", span=2), None] + _amounts(shape.id, row, [column], layout)
            else:
                cells += [Cell(row.code or "", align="left"), Cell(row.label, align="left", wraps=True, indent=row.level)]
                cells += _amounts(shape.id, row, [column], layout)
        sheet.lines.append(Line(cells, place=_place(layout)))
    if blocks_n > 1:
        rest = 3 * (blocks_n - 1) - 1
        cells = [Cell(p_total.label, align="center", span=2), None] + _amounts(shape.id, p_total, [column], layout)
        cells += [Cell(q_total.label, align="center", span=rest)] + [None] * (rest - 1)
        cells += _amounts(shape.id, q_total, [column], layout)
        sheet.lines.append(Line(cells, place=_place(layout)))
    if shape.no_data:
        sheet.lines = []
    return sheet


# --- 公开09 ------------------------------------------------------------------------------------

def _sangong(shape: TableShape, layout: Layout, rng: random.Random) -> Sheet:
    side = shape.sides[0]
    row = side.rows[0]
    if layout.sangong_rows:
        header, depth = header_cells([("项目",), ("预算数",), ("决算数",)])
        sheet = Sheet(shape.id, shape.title, ["label", "amount", "amount"], header, depth, [],
                      tags=set() if shape.no_data else {tag("sangong_rows", True)})
        for item, path in vocab.SANGONG_COLUMNS:
            label = path[0] if item == "小计" else (f"其中：{item}" if item == "公务用车购置费" else item)
            cells = [amount_cell(fact_key(shape.id, m, item), row.values.get(f"{m}.{item}"), layout) for m in ("预算数", "决算数")]
            if shape.no_data:
                cells = [Cell(), Cell()]
            sheet.lines.append(Line([Cell(label, align="left", wraps=True, indent=int(item.startswith("公务用车")))] + cells, place=_place(layout)))
        return sheet
    header, depth = header_cells([c.header for c in side.columns])
    sheet = Sheet(shape.id, shape.title, ["amount"] * len(side.columns), header, depth, [])
    if not shape.no_data:
        sheet.lines.append(Line(_amounts(shape.id, row, side.columns, layout)))
    return sheet


# --- 公开10 ------------------------------------------------------------------------------------

def _info(shape: TableShape, layout: Layout, rng: random.Random) -> Sheet:
    side = shape.sides[0]
    paths = [("项目",)] + ([("行次",)] if layout.line_numbers else []) + [("统计数",)]
    kinds = ["label"] + (["lineno"] if layout.line_numbers else []) + ["amount"]
    header, depth = header_cells(paths)
    sheet = Sheet(shape.id, shape.title, kinds, header, depth, [], tags=used(layout, "line_numbers"))
    for n, row in enumerate(side.rows, start=1):
        if row.section:
            sheet.lines.append(Line([Cell(row.section, align="left", span=len(kinds))] + [None] * (len(kinds) - 1)))
        cells: list[Cell | None] = [Cell(row.label, align="left", wraps=True)]
        if layout.line_numbers:
            cells.append(Cell(str(n), align="center"))
        cells += [Cell()] if shape.no_data else _amounts(shape.id, row, side.columns, layout)
        sheet.lines.append(Line(cells, place=_place(layout)))
    return sheet


def no_data_fact(table_id: str) -> tuple[str, Decimal]:
    return (f"{table_id}.无数据", Decimal(1))

