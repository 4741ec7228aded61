"""年初预算 per 项: where the prose gives the initial budget subject by subject.

The national template's "一般公共预算财政拨款支出决算具体情况" may go through the subjects
one by one — "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于：……
年初预算为54.53万元，支出决算为54.53万元，完成年初预算的100.00%" (the Shanghai layout) — where
other reports state budgets per 类 only. Each item's outturn is read from the general-budget
table (公开05) where a 项 row of that name sits under a 款 of that name — tables first, as every
measure — and from the sentence itself otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from . import keys
from .metrics import Value
from .model import Report, Row, Table
from .parse.normalize import key_part
from .vocab import GENERAL_BUDGET, to_wan

GENERAL_BUDGET_TABLE = "公开05"
_AMOUNT = r"(-?[\d,]+(?:\.\d+)?)"
_ITEM = re.compile(r"([^（）。：:；;、\d]+)（类）([^（）。]+)（款）([^（）。]+)（项）[^（]*?"
                   rf"年初预算(?:数)?为{_AMOUNT}万元[，,]\s*(?:支出)?决算(?:数)?为{_AMOUNT}万元")


@dataclass(frozen=True)
class BudgetItem:
    cls: str  # 类
    section: str  # 款
    name: str  # 项
    budget: Value  # 年初预算 (万元), as the prose states it
    outturn: Value  # 决算 (万元): 公开05's 项 row, else the prose


def _row_of(table: Table | None, section: str, name: str) -> Row | None:
    """The 项 row named `name` under the 款 named `section` (names compared as normalised)."""
    if table is None or not table.reliable:
        return None
    sections = {r.code: key_part(r.label or "") for r in table.rows if r.level == "款"}
    return next((r for r in table.rows if r.level == "项" and key_part(r.label or "") == key_part(name)
                 and sections.get((r.code or "")[:5]) == key_part(section)), None)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def budget_items(report: Report) -> list[BudgetItem]:
    """Every 项 the prose gives a 年初预算 and an outturn for, in the order it states them."""
    table = report.table(GENERAL_BUDGET_TABLE)
    found: list[BudgetItem] = []
    for part in report.sections:
        for m in _ITEM.finditer(part.text):
            cls, section, name = (re.sub(r"\s+", "", g).lstrip("0123456789、.．") for g in m.groups()[:3])
            page = part.pages[0] if part.pages else None
            budget = Value(_number(m.group(4)), page=page, basis=GENERAL_BUDGET)
            row = _row_of(table, section, name)
            total = row.value(table.columns[0]) if row is not None and table.columns else None
            outturn = (Value(to_wan(total, table.money_unit or report.header.money_unit),
                             (keys.cell(table.id, row.key, table.columns[0]),), row.page, GENERAL_BUDGET)
                       if total is not None else Value(_number(m.group(5)), page=page, basis=GENERAL_BUDGET))
            found.append(BudgetItem(cls, section, name, budget, outturn))
    return found
