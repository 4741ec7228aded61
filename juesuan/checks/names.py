"""Fact keys as a finance reviewer reads them: table, row and column in Chinese, with the unit.

Findings keep the fact keys (shared/spec/facts.md) for the data; their messages name the
same figures the way the report prints them, e.g. 公开05.208.合计 →
公开05表“208 社会保障和就业支出”行“合计”栏.
"""
from __future__ import annotations

import re

from ..model import Report, Row, Table
from ..parse.normalize import strip_enum

_PERCENT_MEASURES = ("率", "占比", "占本年支出比")
_COUNTS = {"车辆数": "辆", "大型设备数": "台（套）", "项目个数": "个"}
# Narrative measures that read as "<subject>的<measure>数".
_AMOUNT_OF = {"决算": "决算数", "预算": "预算数", "年初预算": "年初预算数"}
# Narrative subjects that are the topic of a section, not part of the quantity's name.
_TOPICS = ("收入", "支出", "收支总计")


def _label(row: Row) -> str:
    label = strip_enum(re.sub(r"\s+", "", row.label or "")) or row.key.split(".")[-1]
    return f"{row.code} {label}" if row.code and row.code not in label else label


class FactNames:
    """Names and units of one report's fact keys."""

    def __init__(self, report: Report):
        self.report = report
        self.money = (report.header.money_unit or "万元").strip() or "万元"

    # -- tables
    def _table_row(self, key: str) -> tuple[Table, Row | None, str] | None:
        table_id = key.split(".", 1)[0]
        table = self.report.tables.get(table_id)
        if table is None:
            return None
        best: Row | None = None
        for row in table.rows:
            prefix = f"{table_id}.{row.key}"
            if (key == prefix or key.startswith(prefix + ".")) and (best is None or len(row.key) > len(best.key)):
                best = row
        column = key[len(f"{table_id}.{best.key}") + 1:] if best is not None else key[len(table_id) + 1:]
        return table, best, column

    def __call__(self, key: str) -> str:
        """The figure a key stands for, in words; a text that is not a key comes back as it is."""
        head = key.split(".", 1)[0]
        if head.startswith("公开") and "." in key:
            return self._table_name(key)
        if head == "说明":
            return self._stated_name(key)
        if head == "绩效":
            _, project, measure = (key.split(".", 2) + ["", ""])[:3]
            return f"绩效自评表“{project}”的{measure.replace('.', '')}"
        return key

    def _table_name(self, key: str) -> str:
        table_id, rest = key.split(".", 1)
        if rest == "无数据":
            return f"{table_id}表（本表无数据）"
        found = self._table_row(key)
        if found is None or found[1] is None:
            return f"{table_id}表“{rest.replace('.', '”“')}”"
        _, row, column = found
        two_sided = table_id in ("公开01", "公开04") and "." in row.key
        side = row.key.split(".")[0] if two_sided else ""
        # 公开10's sections (政府采购, 机关运行经费, 国有资产) name the row as much as its label
        label = row.key.replace(".", "·") if "." in row.key and not two_sided else _label(row)
        where = f"{table_id}表{side + '方' if side else ''}“{label}”行"
        return where + (f"“{column.replace('.', '·')}”栏" if column else "")

    def _stated_name(self, key: str) -> str:
        parts = key.split(".", 2)
        subject, measure = (parts + ["", ""])[1:3]
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
        head = key.split(".", 1)[0]
        last = key.rsplit(".", 1)[-1]
        if head.startswith("公开"):
            if key.startswith("公开10.国有资产"):
                return "台（套）" if "设备" in key else "辆"
            table = self.report.tables.get(head)
            return ((table.money_unit if table is not None else None) or self.money).strip()
        if head == "说明":
            if last in _COUNTS:
                return _COUNTS[last]
            return "%" if any(w in last for w in _PERCENT_MEASURES) else self.money
        if head == "绩效":
            if "率" in last:
                return "%"
            return "分" if "得分" in last or "分" in last else ("" if last == "等级" else self.money)
        return ""

    def amount(self, key: str, value) -> str:
        """'35.97万元', '68.79%': a value with its unit."""
        from .engine import fmt

        return f"{fmt(value)}{self.unit(key)}"
