"""The headline measures of a report: one table saying where each number comes from.

Every surface — the dashboard pages (components.page_data), the meeting deck and brief
(export.slides), the workbook (export.xlsx) and the comparison across the library (compare) —
reads its numbers through `read`, so a figure is the same number on the same basis everywhere.

A measure lists candidate facts (shared/spec/facts.md keys) in order of preference, each with
its basis (口径: vocab.ALL_FUNDS, APPROPRIATION or GENERAL_BUDGET). The rule that orders them:
a table first, always; the prose only where no table of the measure's basis carries it; a
table of a narrower basis last, shown with its own basis label. The candidate that decides is
the first the report has:
- its table is marked unreliable, or its cell could not be read → 未能识别 (never a number,
  never 报告未列示);
- its table says it has no data (本表无数据) → 0;
- its cell is printed → that number (a printed 0.00 is 0);
- blank or absent → the next candidate. When none has it, the report does not list it.

The same reading runs on a parsed model (`Facts.of_report`) and on the library's fact rows
(`Facts.of_rows`), so the comparison needs no stored model. Money becomes 万元 through
vocab.to_wan, exact; floats appear only in `Value.amount`, for charts and display.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType

from . import keys
from .facts import table_cells
from .model import Report
from .parse.normalize import key_part
from .vocab import (
    ALL_FUNDS,
    APPROPRIATION,
    GENERAL_BUDGET,
    NOT_AN_ITEM,
    NOT_LISTED,
    STANDARD_CLASSES,
    UNREADABLE,
    chart_number,
    to_wan,
)

# ---------------------------------------------------------------- what a report says, by key


@dataclass(frozen=True)
class Reading:
    value: Decimal | None  # None: something is printed there that could not be read
    page: int | None = None


@dataclass
class Facts:
    """What one report states under each fact key, with what it could not read."""

    money_unit: str | None
    readings: dict[str, Reading] = field(default_factory=dict)  # in the facts' order
    unreliable: set[str] = field(default_factory=set)  # table ids
    no_data: dict[str, int | None] = field(default_factory=dict)  # table id → page of 本表无数据

    def __post_init__(self):
        self._by_head: dict[str, list[str]] = {}
        for key in self.readings:
            self._by_head.setdefault(keys.head(key), []).append(key)

    @classmethod
    def of_report(cls, report: Report) -> Facts:
        readings: dict[str, Reading] = {}
        for table in report.tables.values():
            for key, cell, page in table_cells(table):
                if cell.value is not None or cell.unread:  # a blank cell states nothing
                    readings.setdefault(key, Reading(cell.value, page))
        for fig in report.figures:  # the first statement of a key is its fact
            readings.setdefault(fig.key, Reading(fig.value, fig.page))
        return cls(report.header.money_unit, readings, {t.id for t in report.unreliable_tables},
                   {t.id: t.page for t in report.tables.values() if t.no_data})

    @classmethod
    def of_rows(cls, rows: Iterable[dict], money_unit: str | None, unreadable: Mapping[str, int | None] = MappingProxyType({})) -> Facts:
        """From the library's fact rows of one report (Library.facts) and what its model could
        not read (Library.unreadable: unreliable table ids, unread cell keys → their page)."""
        readings: dict[str, Reading] = {}
        no_data: dict[str, int | None] = {}
        for row in rows:
            if not isinstance(row["value"], Decimal):
                continue
            if keys.is_no_data(row["key"]):
                no_data[keys.head(row["key"])] = row["page"]
            else:
                readings.setdefault(row["key"], Reading(row["value"], row["page"]))
        unreliable = set()
        for key, page in unreadable.items():
            if keys.head(key) != key:  # a cell's key; a bare table id is a table not reliably read
                readings[key] = Reading(None, page)
            else:
                unreliable.add(key)
        return cls(money_unit, readings, unreliable, no_data)

    def matching(self, key: str) -> list[tuple[str, Reading]]:
        """The readings under a key or a key pattern, in the report's order."""
        if not keys.is_pattern(key):
            return [(key, self.readings[key])] if key in self.readings else []
        regex = keys.pattern(key)
        return [(k, self.readings[k]) for k in self._by_head.get(keys.head(key), ()) if regex.match(k)]


# ---------------------------------------------------------------- the measure table


@dataclass(frozen=True)
class Candidate:
    key: str  # a fact key or pattern (`*` = one key part)
    basis: str
    lines: bool = False  # the sum of every matching line (or the printed 合计 line among them)


@dataclass(frozen=True)
class Measure:
    name: str
    candidates: tuple[Candidate, ...]
    money: bool = True  # False for a rate (percent) or a count

    @property
    def basis(self) -> str:
        """The basis the measure is meant on (its first candidate's)."""
        return self.candidates[0].basis


def _measure(name: str, *candidates: tuple, money: bool = True) -> Measure:
    return Measure(name, tuple(Candidate(*c) for c in candidates), money)


_ALL, _APPR, _GP = ALL_FUNDS, APPROPRIATION, GENERAL_BUDGET
GRAND_INCOME = _measure("收入总计", ("公开01.收入.总计", _ALL), (keys.stated("收支总计", "收入总计"), _ALL))
INCOME = _measure("本年收入合计", ("公开01.收入.本年收入合计", _ALL), ("公开02.*合计.本年收入合计", _ALL),
                  (keys.stated("收入", "本年收入合计"), _ALL))
# (公开03's total column is printed 本年支出合计, or 合计 by some reports)
EXPENDITURE = _measure("本年支出合计", ("公开01.支出.本年支出合计", _ALL), ("公开03.*合计.本年支出合计", _ALL),
                       ("公开03.*合计.合计", _ALL), (keys.stated("支出", "本年支出合计"), _ALL))
APPROPRIATION_INCOME = _measure("财政拨款收入", ("公开04.收入.本年收入合计", _APPR), (keys.stated("收入", "财政拨款收入"), _APPR))
APPROPRIATION_TOTAL = _measure("财政拨款收支总计", ("公开04.收入.总计", _APPR), (keys.stated("财政拨款", "收入总计"), _APPR))
# 公开05 covers the general-budget appropriation only: the whole unit's split comes from 公开03 or the prose
BASIC = _measure("基本支出", ("公开03.*合计.基本支出", _ALL), (keys.stated("支出", "基本支出"), _ALL),
                 ("公开05.*合计.基本支出", _GP))
PROJECT = _measure("项目支出", ("公开03.*合计.项目支出", _ALL), (keys.stated("支出", "项目支出"), _ALL),
                   ("公开05.*合计.项目支出", _GP))
GENERAL_SPENDING = _measure("一般公共预算财政拨款支出", ("公开05.*合计.合计", _GP),
                            ("公开04.支出.本年支出合计.一般公共预算财政拨款", _GP), (keys.stated("一般公共预算", "支出"), _GP))
GENERAL_BUDGET_PLAN = _measure("一般公共预算年初预算", (keys.stated("一般公共预算", "年初预算"), _GP))
# stated, else computed (see `completion`)
GENERAL_COMPLETION = _measure("一般公共预算完成率", (keys.stated("一般公共预算", "完成率"), _GP), money=False)
SANGONG = _measure("三公经费", ("公开09.决算数.合计", _APPR), (keys.stated("三公经费", "决算"), _APPR))
SANGONG_BUDGET = _measure("三公经费预算", ("公开09.预算数.合计", _APPR), (keys.stated("三公经费", "预算"), _APPR))
# 行政单位 / 参照公务员法管理事业单位 … lines, or their 合计 where printed
ADMIN = _measure("机关运行经费", ("公开10.机关运行经费.*", _GP, True), (keys.stated("机关运行经费", "支出"), _GP))
PERSONNEL = _measure("人员经费", ("公开06.人员经费合计", _GP), ("公开05.*合计.人员经费", _GP),
                     (keys.stated("基本支出", "人员经费"), _GP))
PUBLIC_USE = _measure("公用经费", ("公开06.公用经费合计", _GP), ("公开05.*合计.公用经费", _GP),
                      (keys.stated("基本支出", "公用经费"), _GP))
# year-on-year changes exist only in the prose
CHANGE = _measure("收支总计较上年增减", (keys.stated("收支总计", "较上年增减"), _ALL))
CHANGE_RATE = _measure("收支总计较上年增减率", (keys.stated("收支总计", "较上年增减率"), _ALL), money=False)

# The headline numbers every surface shows, in display order.
HEADLINE = (INCOME, EXPENDITURE, BASIC, PROJECT, GENERAL_SPENDING, GENERAL_BUDGET_PLAN, GENERAL_COMPLETION,
            SANGONG, SANGONG_BUDGET, ADMIN)
CLASS_CODES = {name: code for code, name in STANDARD_CLASSES.items()}


def class_outturn(name: str) -> Measure:
    """A function class's outturn on the basis of its 年初预算 (the general budget): 公开05's 类
    line, 公开04's 一般公共预算 column, the prose; 公开01 (all funds) last."""
    code = CLASS_CODES.get(name)
    candidates = ((keys.cell("公开05", code, "合计"), _GP),) if code else ()
    candidates += ((keys.cell("公开04", keys.row("支出", name), "一般公共预算财政拨款"), _GP),
                   (keys.stated(name, "决算"), _GP), (keys.cell("公开01", keys.row("支出", name)), _ALL))
    return _measure(name, *candidates)


def stated_measure(subject: str, measure: str, basis: str = _GP, money: bool = True) -> Measure:
    """A figure only the prose states (a class's 年初预算, 完成率, 较上年增减 …)."""
    return _measure(f"{subject}{measure}", (keys.stated(subject, measure), basis), money=money)


def sangong_item(item: str, side: str = "决算数") -> Measure:
    """One 三公 item (vocab.SANGONG_ITEMS) or 合计, 预算数 or 决算数: 公开09, else the prose."""
    if item == "合计":
        return SANGONG if side == "决算数" else SANGONG_BUDGET
    candidates = [(keys.cell("公开09", side, item), _APPR)]
    if side == "决算数":  # the prose states the items' outturns only
        candidates.append((keys.stated("三公经费", item), _APPR))
    return _measure(f"{item}{side}", *candidates)


# ---------------------------------------------------------------- reading a measure


@dataclass(frozen=True)
class Value:
    """One number (万元, or a percent/count for a measure that is not money), the fact keys it
    stands for, its page and basis; or why there is none."""

    number: Decimal | None = None
    keys: tuple[str, ...] = ()
    page: int | None = None
    basis: str = ""
    unreadable: bool = False  # the report prints it where it could not be read

    @property
    def known(self) -> bool:
        return self.number is not None

    @property
    def amount(self) -> float | None:
        """The number as charts and tables show it (two decimals)."""
        return chart_number(self.number)

    @property
    def missing(self) -> str:
        """What to say instead of the number: '' when known, 未能识别 or 报告未列示."""
        return "" if self.known else UNREADABLE if self.unreadable else NOT_LISTED

    def also(self, *others: Value) -> Value:
        """The same number standing for the others' fact keys too (a change with its rate)."""
        return replace(self, keys=self.keys + tuple(k for o in others for k in o.keys))


def total(*values: Value) -> Value:
    """The sum of known values on one basis (unknown where any is unknown)."""
    if not all(v.known for v in values):
        return Value(unreadable=any(v.unreadable for v in values))
    bases = {v.basis for v in values}
    return Value(sum((v.number for v in values), Decimal(0)), tuple(k for v in values for k in v.keys),
                 basis=bases.pop() if len(bases) == 1 else "")


MISSING = Value()


def _lines(found: list[tuple[str, Reading]]) -> list[tuple[str, Reading]]:
    totals = [f for f in found if "合计" in f[0]]
    return totals[:1] or found


def read(facts: Facts, measure: Measure) -> Value:
    """The measure in this report: the first candidate it has decides (see the module doc)."""
    for cand in measure.candidates:
        table = keys.table_of(cand.key)
        if table in facts.unreliable:
            return Value(keys=(table,), basis=cand.basis, unreadable=True)
        if table in facts.no_data:
            return Value(Decimal(0), (keys.no_data(table),), facts.no_data[table], cand.basis)
        found = facts.matching(cand.key)
        if cand.lines:
            found = _lines(found)
        elif found:
            found = found[:1]
        if not found:
            continue
        unread = [k for k, r in found if r.value is None]
        if unread:
            return Value(keys=tuple(unread), page=found[0][1].page, basis=cand.basis, unreadable=True)
        number = sum((r.value for _, r in found), Decimal(0))
        if measure.money:
            number = to_wan(number, facts.money_unit)
        return Value(number, tuple(k for k, _ in found), found[0][1].page, cand.basis)
    return MISSING


def first(*values: Value) -> Value:
    """The first value that decides: known, or known to be unreadable."""
    return next((v for v in values if v.known or v.unreadable), MISSING)


def ratio(part: Value, whole: Value) -> Value:
    """part ÷ whole in percent, standing for both (unknown where either is, or the whole is 0)."""
    if not part.known or not whole.known or not whole.number:
        return Value(keys=part.keys + whole.keys, unreadable=part.unreadable or whole.unreadable)
    return Value(part.number / whole.number * 100, part.keys + whole.keys, part.page, part.basis)


def completion(facts: Facts, subject: str, outturn: Value, budget: Value) -> Value:
    """A completion rate (percent): the one the prose states, else outturn ÷ 年初预算."""
    rate = read(facts, stated_measure(subject, "完成率", money=False))
    return rate if rate.known or rate.unreadable else ratio(outturn, budget)


# ---------------------------------------------------------------- items of one side of 公开01


@dataclass(frozen=True)
class Item:
    name: str  # the row key's normalised label
    value: Value


def items(facts: Facts, side: str) -> list[Item]:
    """The source (收入) or class (支出) lines of 公开01 that carry an amount — all funds; totals,
    carry-overs and 其中 lines left out. An unreliable 公开01 lists none."""
    if "公开01" in facts.unreliable:
        return []
    found = []
    for key, reading in facts.matching(keys.cell("公开01", keys.row(side, "*"))):
        name = keys.last(key)
        if NOT_AN_ITEM.search(name):
            continue
        if reading.value is None:
            found.append(Item(name, Value(keys=(key,), page=reading.page, basis=_ALL, unreadable=True)))
        else:
            found.append(Item(name, Value(to_wan(reading.value, facts.money_unit), (key,), reading.page, _ALL)))
    return found


# ---------------------------------------------------------------- on a parsed report


def value_of(report: Report, m: Measure) -> Value:
    return read(Facts.of_report(report), m)


def side_items(report: Report, side: str) -> list[Item]:
    return items(Facts.of_report(report), side)


def class_names(report: Report) -> set[str]:
    """Function classes: 公开01's expenditure lines, and prose subjects stated with a 占比 of spending."""
    names = {key_part(i.name) for i in side_items(report, "支出") if i.value.number}
    return names | {f.subject for f in report.figures if f.measure == "占比"}


@dataclass
class Headline:
    income_total: Value  # 本年收入合计
    expenditure_total: Value  # 本年支出合计
    change: Value  # 较上年增减 of 收支总计
    change_rate: Value
    basic: Value
    project: Value
    gp_actual: Value  # 一般公共预算财政拨款支出
    gp_budget: Value
    gp_completion: Value  # percent: stated, else 支出 ÷ 年初预算
    sangong_actual: Value
    sangong_budget: Value
    admin_cost: Value  # 机关运行经费

    def by_measure(self) -> dict[str, Value]:
        """The HEADLINE measures by name, as every surface lists them."""
        fields = (self.income_total, self.expenditure_total, self.basic, self.project, self.gp_actual,
                  self.gp_budget, self.gp_completion, self.sangong_actual, self.sangong_budget, self.admin_cost)
        return {m.name: v for m, v in zip(HEADLINE, fields)}


def headline(report: Report) -> Headline:
    facts = Facts.of_report(report)
    got = {m.name: read(facts, m) for m in (*HEADLINE, CHANGE, CHANGE_RATE)}
    rate = completion(facts, "一般公共预算", got[GENERAL_SPENDING.name], got[GENERAL_BUDGET_PLAN.name])
    return Headline(
        income_total=got[INCOME.name], expenditure_total=got[EXPENDITURE.name],
        change=got[CHANGE.name], change_rate=got[CHANGE_RATE.name],
        basic=got[BASIC.name], project=got[PROJECT.name],
        gp_actual=got[GENERAL_SPENDING.name], gp_budget=got[GENERAL_BUDGET_PLAN.name], gp_completion=rate,
        sangong_actual=got[SANGONG.name], sangong_budget=got[SANGONG_BUDGET.name], admin_cost=got[ADMIN.name],
    )


def headline_measures(report: Report) -> dict[str, Value]:
    """Measure name → value of the HEADLINE measures, in display order."""
    return headline(report).by_measure()


def patterns(measures: Iterable[Measure]) -> tuple[str, ...]:
    """Every key (pattern) the measures may read, with the 无数据 key of each table among them:
    what a library query must fetch to read them."""
    found = [c.key for m in measures for c in m.candidates]
    tables = {t for k in found if (t := keys.table_of(k))}
    return tuple(dict.fromkeys(found + [keys.no_data(t) for t in sorted(tables)]))

