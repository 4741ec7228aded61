"""The key numbers of a report, read by meaning: the one place that decides where each comes from.

The dashboard (components.page_data) and the meeting view (export.slides) both read their
numbers here, so a page and the deck never disagree. Tables come first and the narrative
only where the tables do not carry a number. Money is Decimal in the model and becomes a
float in 万元 here (a report printed in 元 is divided by 10 000), rounded to the 0.01万元
the reports print. Every number carries the fact keys it stands for (shared/spec/facts.md
vocabulary) and its page, so a view can point at the findings that involve it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import Report, Table
from .parse.normalize import key_part
from .vocab import NOT_AN_ITEM


@dataclass
class Value:
    """A number in 万元 (or a rate in percent) with the fact keys it stands for."""

    amount: float | None
    keys: tuple[str, ...] = ()
    page: int | None = None

    @property
    def known(self) -> bool:
        return self.amount is not None


MISSING = Value(None)


def factor(report: Report) -> float:
    """元 → 万元 factor of the report's money (1 when it is printed in 万元)."""
    return 1e-4 if (report.header.money_unit or "万元").strip() == "元" else 1.0


def to_wan(report: Report, value: Decimal | None) -> float | None:
    return None if value is None else round(float(value) * factor(report), 2)


def cell_key(table_id: str, row_key: str, column: str = "") -> str:
    return f"{table_id}.{row_key}" + (f".{column}" if column else "")


def first(*values: Value) -> Value:
    """The first known value: callers list their sources in order of preference."""
    return next((v for v in values if v.known), MISSING)


def table_value(report: Report, table_id: str, row_key: str, column: str = "") -> Value:
    table = report.table(table_id)
    cell = table.cell(row_key, column) if table else None
    if cell is None or cell.value is None:
        return MISSING
    return Value(to_wan(report, cell.value), (cell_key(table_id, row_key, column),), cell.page)


def stated(report: Report, subject: str, measure: str, money: bool = True) -> Value:
    """A figure the narrative states (说明.subject.measure); `money=False` for rates."""
    fig = report.figure(subject, measure)
    if fig is None:
        return MISSING
    amount = to_wan(report, fig.value) if money else float(fig.value)
    return Value(amount, (fig.key,), fig.page)


def total_row(table: Table | None) -> str | None:
    """The key of a function table's total line (no subject code, 合计 in its label)."""
    if table is None:
        return None
    for row in table.rows:
        if not row.code and "合计" in row.key:
            return row.key
    return None


def function_total(report: Report, table_id: str, column: str) -> Value:
    """One column of a function table's total line."""
    row = total_row(report.table(table_id))
    return table_value(report, table_id, row, column) if row else MISSING


# ---------------------------------------------------------------- items of one side of 公开01/04

@dataclass
class Item:
    name: str  # the row key's normalised label (enumeration prefix removed)
    amount: float
    key: str
    page: int | None


def side_items(report: Report, table_id: str, side: str, column: str = "") -> list[Item]:
    """The source (收入) or class (支出) lines of a two-sided table that carry an amount."""
    table = report.table(table_id)
    items = []
    for row in table.rows if table else []:
        if not row.key.startswith(side + ".") or NOT_AN_ITEM.search(row.key):
            continue
        value = row.value(column)
        if value is not None:
            items.append(Item(row.key.split(".", 1)[1], to_wan(report, value), cell_key(table_id, row.key, column), row.page))
    return items


def class_names(report: Report) -> set[str]:
    """Function classes: 公开01's expenditure lines, and prose subjects stated with a 占比 of spending."""
    names = {key_part(i.name) for i in side_items(report, "公开01", "支出") if i.amount}
    return names | {f.subject for f in report.figures if f.measure == "占比"}


def _row_named(table: Table, name: str):
    want = key_part(name)
    return next((row for row in table.rows if key_part(row.label) == want), None)


def _total_column(table: Table) -> str:
    """The table's total amount column ('合计', '本年支出合计' …), else its first."""
    return next((c for c in table.columns if "合计" in c), table.columns[0] if table.columns else "")


def class_general_outturn(report: Report, name: str) -> Value:
    """A function class's general-budget (一般公共预算) outturn, the counterpart of its 年初预算:
    公开05, else 公开04's 一般公共预算财政拨款 column, else 公开01, else the prose."""
    t05 = report.table("公开05")
    row = _row_named(t05, name) if t05 else None
    if row is not None and row.cells:
        column = _total_column(t05)
        cell = row.cells.get(column)
        if cell is None or cell.value is None:
            return MISSING
        return Value(to_wan(report, cell.value), (cell_key("公开05", row.key, column),), cell.page)
    return first(table_value(report, "公开04", f"支出.{name}", "一般公共预算财政拨款"),
                 table_value(report, "公开01", f"支出.{name}"), stated(report, name, "决算"))


# ---------------------------------------------------------------- headline numbers

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
    gp_completion: Value  # percent
    sangong_actual: Value
    sangong_budget: Value
    admin_cost: Value  # 机关运行经费


def basic_project(report: Report) -> tuple[Value, Value]:
    """基本支出 and 项目支出 totals: 公开03, else the prose, else 公开05."""
    return tuple(first(function_total(report, "公开03", kind), stated(report, "支出", kind),
                       function_total(report, "公开05", kind)) for kind in ("基本支出", "项目支出"))


def admin_cost(report: Report) -> Value:
    """机关运行经费: 公开10's amount (行政单位 or 参公 line), else the narrative."""
    table = report.table("公开10")
    rows = [r for r in (table.rows if table else []) if r.key.startswith("机关运行经费") and r.value() is not None]
    if rows:
        amount = sum(float(r.value()) for r in rows) * factor(report)
        return Value(round(amount, 2), tuple(cell_key("公开10", r.key) for r in rows), rows[0].page)
    return stated(report, "机关运行经费", "支出")


def headline(report: Report) -> Headline:
    gp_actual = first(stated(report, "一般公共预算", "支出"), function_total(report, "公开05", "合计"))
    gp_budget = stated(report, "一般公共预算", "年初预算")
    completion = stated(report, "一般公共预算", "完成率", money=False)
    if not completion.known and gp_actual.known and gp_budget.amount:
        completion = Value(round(gp_actual.amount / gp_budget.amount * 100, 2), gp_actual.keys + gp_budget.keys)
    basic, project = basic_project(report)
    return Headline(
        income_total=first(table_value(report, "公开01", "收入.本年收入合计"), stated(report, "收入", "本年收入合计"),
                           function_total(report, "公开02", "本年收入合计")),
        expenditure_total=first(table_value(report, "公开01", "支出.本年支出合计"), stated(report, "支出", "本年支出合计"),
                                function_total(report, "公开03", "本年支出合计")),
        change=stated(report, "收支总计", "较上年增减"),
        change_rate=stated(report, "收支总计", "较上年增减率", money=False),
        basic=basic,
        project=project,
        gp_actual=gp_actual,
        gp_budget=gp_budget,
        gp_completion=completion,
        sangong_actual=first(table_value(report, "公开09", "决算数", "合计"), stated(report, "三公经费", "决算")),
        sangong_budget=first(table_value(report, "公开09", "预算数", "合计"), stated(report, "三公经费", "预算")),
        admin_cost=admin_cost(report),
    )
