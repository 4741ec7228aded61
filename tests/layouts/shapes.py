"""A truth file's tables as shapes: columns with their header paths, rows with their labels
and values, ready to be laid out in any style.

A truth lists only the cells that hold a number, keyed `<table>.<row>[.<column>]`
(shared/spec/facts.md). Its rows and columns are rebuilt from the keys and completed with
the national template's empty rows and columns, which a real report prints too.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import vocab

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
FAMILIES = {"公开01": "twosided", "公开04": "twosided", "公开06": "basic", "公开09": "sangong", "公开10": "info"}


@dataclass(frozen=True)
class Column:
    key: str  # the fact key's column part ('' for a table's single amount column)
    header: tuple[str, ...]  # printed header texts, top to bottom


@dataclass
class BodyRow:
    key: str  # the fact key's row part: '2010101', '合计', '收入.本年收入合计', '政府采购.货物'
    label: str  # printed name, without the code
    values: dict[str, Decimal | None] = field(default_factory=dict)  # by column key; None: nothing printed
    code: str | None = None
    level: int = 0  # indentation: 0 类 or total, 1 款, 2 项 (or a 其中 / carry-over sub-row)
    total: bool = False
    count: bool = False  # values are counts (vehicles), never scaled to 元
    section: str | None = None  # 公开10: the heading printed above its first row


@dataclass
class Side:
    name: str  # '收入' / '支出' for two-sided tables, '' otherwise
    columns: list[Column]
    rows: list[BodyRow]


@dataclass
class TableShape:
    id: str  # '公开02', or the title of a table outside the national list
    title: str  # national title (without unit-type prefix)
    family: str  # subject / twosided / basic / sangong / info
    sides: list[Side]
    no_data: bool = False

    @property
    def rows(self) -> list[BodyRow]:
        return [r for s in self.sides for r in s.rows]


@dataclass
class Truth:
    name: str
    unit: str
    year: int
    tables: list[TableShape]


def load_truth(path: Path) -> Truth:
    doc = json.loads(path.read_text(encoding="utf-8"))
    by_table: dict[str, dict[str, Decimal]] = {}
    for fact in doc["facts"]:
        key = fact["key"]
        if key.startswith(("说明.", "绩效.")) or not isinstance(fact["value"], (int, float)):
            continue
        table, rest = key.split(".", 1)
        by_table.setdefault(table, {})[rest] = Decimal(str(fact["value"])).quantize(Decimal("0.01"))
    tables = [shape_of(table, cells) for table, cells in by_table.items()]
    order = {t: i for i, t in enumerate(vocab.TITLES)}
    tables.sort(key=lambda t: order.get(t.id, len(order)))
    return Truth(path.name.removesuffix(".truth.json"), doc["unit"], int(doc["year"]), tables)


def shape_of(table: str, cells: dict[str, Decimal]) -> TableShape:
    title = vocab.TITLES.get(table, (table,))[0]
    family = FAMILIES.get(table, "subject")
    build = {"twosided": _two_sided, "basic": _basic, "sangong": _sangong, "info": _info}.get(family, _subject)
    if "无数据" in cells:  # the template's empty frame
        return TableShape(table, title, family, build(table, {}), no_data=True)
    return TableShape(table, title, family, build(table, cells))


def _split(rest: str) -> tuple[str, str]:
    row, _, column = rest.partition(".")
    return row, column


# --- subject-code tables (02, 03, 05, 07, 08 and tables outside the national list) ------

def _subject(table: str, cells: dict[str, Decimal]) -> list[Side]:
    rows: dict[str, BodyRow] = {}
    column_keys: list[str] = list(vocab.TEMPLATE_COLUMNS.get(table, ()))
    if table == "公开03" and any(_split(k)[1] == "合计" for k in cells):
        column_keys[0] = "合计"  # some reports head 03's total column 合计, not 本年支出合计
    for rest, value in cells.items():
        row_key, column = _split(rest)
        if column not in column_keys:
            group = column.split(".")[0]
            at = column_keys.index(group) + 1 if group in column_keys else len(column_keys)
            while at < len(column_keys) and column_keys[at].startswith(group + "."):
                at += 1
            column_keys.insert(at, column)
        code = row_key if _CODE.match(row_key) else None
        row = rows.setdefault(row_key, BodyRow(row_key, vocab.subject_name(code) if code else row_key, code=code,
                                                level=(len(code) - 3) // 2 if code else 0, total=code is None))
        row.values[column] = value
    group = vocab.PLAIN_GROUPS.get(table)
    if group and cells and not any(_split(k)[1] in group[1] for k in cells):
        # the report prints no part of the group (05 without 人员经费/公用经费): empty part
        # columns would break 基本支出 = 人员经费 + 公用经费, which the report does not claim
        column_keys = [k for k in column_keys if k not in group[1]]
    ordered = sorted(rows.values(), key=lambda r: (r.code is not None, r.code or ""))
    for row in ordered:
        for key in column_keys:
            row.values.setdefault(key, None)
    return [Side("", [Column(k, _subject_header(table, k, column_keys)) for k in column_keys], ordered)]


def _subject_header(table: str, key: str, keys: list[str]) -> tuple[str, ...]:
    """The printed header path of a column: 'G.X' is 其中：X under G, and G itself is G's
    金额 (or 小计) leaf when G has such sub-columns."""
    if "." in key:
        group, leaf = key.split(".", 1)
        return (group, f"其中：{leaf}")
    group = vocab.PLAIN_GROUPS.get(table)
    if any(k.startswith(key + ".") for k in keys) or (group and key == group[0] and any(k in group[1] for k in keys)):
        return (key, "小计" if key.endswith("支出") else "金额")
    if group and key in group[1]:
        return (group[0], key)
    return (key,)


# --- two-sided tables 01 / 04 --------------------------------------------------------------

def _two_sided(table: str, cells: dict[str, Decimal]) -> list[Side]:
    sides = []
    for side_name in ("收入", "支出"):
        template, columns = _two_sided_template(table, side_name)
        values: dict[str, dict[str, Decimal]] = {}
        for rest, value in cells.items():
            if rest.startswith(side_name + "."):
                rest = rest[len(side_name) + 1:]
                row_key, column = rest.rsplit(".", 1) if columns != [""] else (rest, "")
                values.setdefault(row_key, {})[column] = value
        tops = {k.split(".")[0] for k in values}
        if not tops <= {k.split(".")[0] for k in template}:  # the truth's own vocabulary: keep its rows
            template = list(vocab.TEMPLATE_CLASSES) if side_name == "支出" else []
        rows = []
        for key in _merge(template, list(values)):
            label = key.rsplit(".", 1)[-1]
            row = BodyRow(f"{side_name}.{key}", label, level=key.count("."), total=_is_total(label))
            row.values = {c: values.get(key, {}).get(c) for c in columns}
            rows.append(row)
        sides.append(Side(side_name, [Column(c, (c or "金额",)) for c in columns], rows))
    return sides


def _is_total(label: str) -> bool:
    return bool(re.search(r"合计|总计", label))


def _two_sided_template(table: str, side: str) -> tuple[list[str], list[str]]:
    """(row keys, column keys) of the national template's side."""
    if table == "公开01":
        items = vocab.INCOME_01 if side == "收入" else vocab.TEMPLATE_CLASSES
        return list(items + vocab.TAIL_01[side]), [""]
    rows = list(vocab.APPROPRIATIONS if side == "收入" else vocab.TEMPLATE_CLASSES)
    for tail in vocab.TAIL_04[side]:
        rows.append(tail)
        if tail == "年初财政拨款结转和结余":
            rows += [f"{tail}.{a}" for a in vocab.APPROPRIATIONS]
    return rows, [""] if side == "收入" else list(vocab.COLUMNS_04)


def _merge(template: list[str], keys: list[str]) -> list[str]:
    """The truth's row keys in their order, each template key they lack inserted after the
    template key before it (after that key's sub-rows), or before the first one present."""
    out = list(keys)
    for i, key in enumerate(template):
        if key in out:
            continue
        before = next((template[j] for j in range(i - 1, -1, -1) if template[j] in out), None)
        if before is None:
            at = next((out.index(k) for k in template if k in out), len(out))
        else:
            at = out.index(before) + 1
            while at < len(out) and out[at].startswith(before + "."):
                at += 1
        out.insert(at, key)
    return out


# --- 06, 09, 10 ---------------------------------------------------------------------------------

def _basic(table: str, cells: dict[str, Decimal]) -> list[Side]:
    sides = []
    for name, template in (("人员经费", vocab.PERSONNEL_CODES), ("公用经费", vocab.PUBLIC_CODES)):
        personnel = name == "人员经费"
        codes = dict(template)
        for key in cells:
            if _CODE.match(key) and key not in codes and (key[:3] in vocab.PERSONNEL_CLASSES) == personnel:
                codes[key] = vocab.subject_name(key)
        ordered = sorted(codes.items(), key=lambda kv: (kv[0][:3], kv[0]))
        rows = [BodyRow(c, n, {"": cells.get(c)}, code=c, level=0 if len(c) == 3 else 1) for c, n in ordered]
        total = f"{name}合计"
        rows.append(BodyRow(total, total, {"": cells.get(total)}, total=True))
        sides.append(Side(name, [Column("", ("决算数",))], rows))
    return sides


def _sangong(table: str, cells: dict[str, Decimal]) -> list[Side]:
    columns = [Column(f"{m}.{item}", (m,) + path) for m in ("预算数", "决算数") for item, path in vocab.SANGONG_COLUMNS]
    row = BodyRow("", "金额", {c.key: cells.get(c.key) for c in columns})
    return [Side("", columns, [row])]


def _info(table: str, cells: dict[str, Decimal]) -> list[Side]:
    rows = []
    for section, heading, items in vocab.INFO_SECTIONS:
        for i, (item, label) in enumerate(items):
            key = f"{section}.{item}"
            rows.append(BodyRow(key, label, {"": cells.get(key)}, count=section in vocab.COUNT_SECTIONS,
                                section=heading if i == 0 else None))
    known = {r.key for r in rows}
    for key, value in cells.items():  # an item the template lacks: at the end of its section
        if key not in known:
            section, _, item = key.partition(".")
            at = max((i for i, r in enumerate(rows) if r.key.startswith(section + ".")), default=len(rows) - 1) + 1
            rows.insert(at, BodyRow(key, item, {"": value}, count=section in vocab.COUNT_SECTIONS))
    return [Side("", [Column("", ("统计数",))], rows)]
