"""The flat facts export (shared/spec/facts.md): one key, one value, one page."""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from . import keys
from .model import BBox, Cell, PerfProject, Report, StatedFigure, Table, is_blank_text


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)


def _fact(key: str, value: Any, page: int | None, bbox: BBox | None = None) -> dict:
    fact = {"key": key, "value": _number(value) if isinstance(value, Decimal) else value}
    if page is not None:
        fact["page"] = page
    if bbox is not None:
        fact["bbox"] = [round(v, 2) for v in bbox]
    return fact


def table_cells(table: Table) -> Iterator[tuple[str, Cell, int | None]]:
    """Every cell of a table, blank and unread ones too, in the facts' order: (key, cell, page)."""
    for row in table.rows:
        for column, cell in row.cells.items():
            yield keys.cell(table.id, row.key, column), cell, cell.page if cell.page is not None else row.page


def table_facts(report: Report) -> list[dict]:
    facts = []
    for table in report.tables.values():
        if table.no_data:
            facts.append(_fact(keys.no_data(table.id), 1, table.page))
        facts += [_fact(key, cell.value, page, cell.bbox) for key, cell, page in table_cells(table) if cell.value is not None]
    return facts


def narrative_facts(report: Report) -> list[dict]:
    seen: set[str] = set()
    facts = []
    for fig in report.figures:  # the first statement of a key is its fact; repeats stay in the model
        if fig.key in seen:
            continue
        seen.add(fig.key)
        facts.append(_fact(fig.key, fig.value, fig.page))
    return facts


def performance_cells(project: PerfProject) -> dict[str, Cell | None]:
    """Measure → the cell its fact is read from (fact key 绩效.<project>.<measure>)."""
    return {
        "预算金额": project.budget,
        "实际到位金额": project.funded,
        "实际执行金额": project.spent,
        "预算执行率": project.execution_rate,
        # the table's 总分; where that cell is empty, the score the conclusion states
        "自评得分": project.score if project.score and project.score.value is not None else project.stated_score,
    }


def sources(report: Report) -> Iterator[tuple[str, Cell | StatedFigure, int | None]]:
    """Every figure the report prints, as (fact key, what holds it, page): each table cell,
    each statement of a narrative figure (a key stated twice comes twice, the fact's first),
    each performance-table figure."""
    for table in report.tables.values():
        yield from table_cells(table)
    for fig in report.figures:
        yield fig.key, fig, fig.page
    for project in report.projects:
        for measure, cell in performance_cells(project).items():
            if cell is not None:
                yield keys.performance(project.name, measure), cell, cell.page


def performance_facts(report: Report) -> list[dict]:
    facts = []
    for project in report.projects:
        for measure, cell in performance_cells(project).items():
            if cell is not None and cell.value is not None:
                facts.append(_fact(keys.performance(project.name, measure), cell.value, cell.page))
        if project.grade:
            facts.append(_fact(keys.performance(project.name, "等级"), project.grade, project.grade_page))
        for ind in project.indicators:
            for measure, text in (("年度指标值", ind.target), ("全年完成值", ind.actual)):
                if text:
                    facts.append(_fact(keys.indicator(project.name, ind.name, measure), text, ind.page))
    return facts


def report_facts(report: Report) -> dict:
    return {
        "unit": report.header.unit,
        "year": report.header.year,
        "money_unit": report.header.money_unit,
        "facts": table_facts(report) + narrative_facts(report) + performance_facts(report),
        "unreliable": [{"table": t.id, "reason": t.unreliable} for t in report.unreliable_tables],
    }


def unreadable_keys(model: dict) -> dict[str, int | None]:
    """What a stored model (serialize.report_to_dict) could not read, without decoding it: the
    ids of tables marked unreliable and the keys of cells whose text is not an amount (with
    the cell's page) — the counterpart of `Table.unreliable` and `Cell.unread` for a report
    kept in the library."""
    found: dict[str, int | None] = {}
    for table_id, table in (model.get("tables") or {}).items():
        if table.get("unreliable"):
            found[table_id] = None
        for row in table.get("rows") or ():
            for column, cell in (row.get("cells") or {}).items():
                if cell.get("value") is None and not is_blank_text(cell.get("text")):
                    page = cell.get("page") if cell.get("page") is not None else row.get("page")
                    found.setdefault(keys.cell(table_id, row["key"], column), page)
    return found
