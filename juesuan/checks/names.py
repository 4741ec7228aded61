"""Fact keys as a finance reviewer reads them: table, row and column in Chinese, with the unit.

Findings keep the fact keys (shared/spec/facts.md) for the data; their messages name the
same figures the way the report prints them, e.g. 公开05.208.合计 →
公开05表“208 社会保障和就业支出”行“合计”栏.
"""
from __future__ import annotations

import re

from .. import keys
from ..model import Report, Row, Table
from ..parse.normalize import strip_enum

_PERCENT_MEASURES = ("率", "占比", "占本年支出比")
_COUNTS = {"车辆数": "辆", "大型设备数": "台（套）", "项目个数": "个"}
# Narrative measures that read as "<subject>的<measure>数".
_AMOUNT_OF = {"决算": "决算数", "预算": "预算数", "年初预算": "年初预算数"}
# Narrative subjects that are the topic of a section, not part of the quantity's name.
_TOPICS = ("收入", "支出", "收支总计")


def _label(row: Row) -> str:
    label = strip_enum(re.sub(r"\s+", "", row.label or "")) or keys.last(row.key)
    return f"{row.code} {label}" if row.code and row.code not in label else label


class FactNames:
    """Names and units of one report's fact keys."""

    def __init__(self, report: Report):
        self.report = report
        self.money = (report.header.money_unit or "万元").strip() or "万元"

    # -- tables
    def _table_row(self, key: str) -> tuple[Table, Row | None, str] | None:
        table_id = keys.head(key)
        table = self.report.tables.get(table_id)
        if table is None:
            return None
        best: Row | None = None
        column = keys.row_part(key)
        for row in table.rows:
            rest = keys.below(key, keys.cell(table_id, row.key))
            if rest is not None and (best is None or len(row.key) > len(best.key)):
                best, column = row, rest
        return table, best, column

    def __call__(self, key: str) -> str:
        """The figure a key stands for, in words; a text that is not a key comes back as it is."""
        head = keys.head(key)
        if head.startswith("公开") and head != key:
            return self._table_name(key)
        if head == keys.NARRATIVE:
            return self._stated_name(key)
        if head == keys.PERFORMANCE:
            project, measure = keys.performance_parts(key)
            return f"绩效自评表“{project}”的{''.join(keys.parts(measure))}"
        return key

    def _table_name(self, key: str) -> str:
        table_id, rest = keys.head(key), keys.row_part(key)
        if keys.is_no_data(key):
            return f"{table_id}表（本表无数据）"
        found = self._table_row(key)
        if found is None or found[1] is None:
            return f"{table_id}表“{'”“'.join(keys.parts(rest))}”"
        _, row, column = found
        row_parts = keys.parts(row.key)
        two_sided = table_id in ("公开01", "公开04") and len(row_parts) > 1
        side = row_parts[0] if two_sided else ""
        # 公开10's sections (政府采购, 机关运行经费, 国有资产) name the row as much as its label
        label = "·".join(row_parts) if len(row_parts) > 1 and not two_sided else _label(row)
        where = f"{table_id}表{side + '方' if side else ''}“{label}”行"
        return where + (f"“{'·'.join(keys.parts(column))}”栏" if column else "")

    def _stated_name(self, key: str) -> str:
        subject, measure = keys.stated_parts(key)
        fig = next((f for f in self.report.figures if f.key == key), None)
        if measure == "合计" or measure == subject:
            phrase = subject
        elif subject in _TOPICS or subject in measure:
            phrase = measure
        elif measure in _AMOUNT_OF:
            phrase = subject + _AMOUNT_OF[measure]
        else:
            phrase = subject + measure
        section = re.sub(r"\s+", "", fig.section) if fig is not None and fig.section else ""
        return f"情况说明“{section[:24]}”所写的{phrase}" if section else f"情况说明所写的{phrase}"

    # -- units
    def unit(self, key: str) -> str:
        """The unit an amount under `key` is printed in: the money unit, %, 分, or a count."""
        head, last = keys.head(key), keys.last(key)
        if head.startswith("公开"):
            if key.startswith(keys.cell("公开10", "国有资产")):
                return "台（套）" if "设备" in key else "辆"
            table = self.report.tables.get(head)
            return ((table.money_unit if table is not None else None) or self.money).strip()
        if head == keys.NARRATIVE:
            if last in _COUNTS:
                return _COUNTS[last]
            return "%" if any(w in last for w in _PERCENT_MEASURES) else self.money
        if head == keys.PERFORMANCE:
            if "率" in last:
                return "%"
            return "分" if "得分" in last or "分" in last else ("" if last == "等级" else self.money)
        return ""

    def amount(self, key: str, value) -> str:
        """'35.97万元', '68.79%': a value with its unit."""
        from .engine import fmt

        return f"{fmt(value)}{self.unit(key)}"
