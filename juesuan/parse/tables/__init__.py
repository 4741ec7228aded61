"""Find the ten standard tables in a RawDocument and read them into Table models.

`locate` finds each table by its title and gathers its grid rows; a family parser per
layout turns the rows into Rows keyed as shared/spec/facts.md says:
two-sided 01/04, subject-code 02/03/05/07/08, 06, 09 and 10. A table whose frame
holds no amount at all, or that says 本表无数据, is marked no_data. A table that is
found but cannot be understood becomes a Problem, never an exception.
"""
from __future__ import annotations

from functools import partial

from ...model import TABLE_TITLES, Problem, Table
from ..normalize import is_amount
from ..raw import RawDocument
from .basic import parse_basic
from .by_subject import parse_subject_table
from .header import line_numbers
from .info import parse_info
from .locate import Located, locate_tables
from .sangong import parse_sangong
from .twosided import parse_two_sided
from .verify import unreliable_reason

# Each family parser takes the table's rows and returns (column names, rows, problem or None);
# every other table has rows by subject code.
_FAMILIES = {"公开01": parse_two_sided, "公开04": parse_two_sided, "公开06": parse_basic, "公开09": parse_sangong, "公开10": parse_info}


def _column_numbers(row) -> bool:
    texts = [c.text for c in row.cells.values() if c.value is not None]
    return bool(texts) and all(t.isdigit() and len(t) <= 2 for t in texts)


def _read(found: Located) -> tuple[Table, str | None]:
    table = Table(
        id=found.table_id,
        title=found.title,
        label=found.label,
        pages=found.pages,
        unit_name=found.unit_name,
        year=found.year,
        money_unit=found.money_unit,
        notes=list(found.notes),
        no_data_note=found.no_data_note,
    )
    problem = None
    if found.rows:
        parser = _FAMILIES.get(found.table_id) or partial(parse_subject_table, found.table_id)
        table.columns, table.rows, problem = parser(found.rows)
        table.line_numbers = line_numbers(found.rows)
    if found.no_data_note is not None:  # 本表无数据: rows of bare column numbers are its 栏次, not amounts
        table.rows = [r for r in table.rows if not _column_numbers(r)]
    has_amount = any(cell.value is not None for row in table.rows for cell in row.cells.values())
    # 本表无数据 as the report says it, or a frame with no amount printed anywhere in it (rows
    # that hold amounts but were not read are no empty table)
    printed = any(is_amount(t) and not (t.isdigit() and len(t) <= 2) for r in found.rows for c in r.cells for t in c.split())
    table.no_data = found.no_data_note is not None or (not has_amount and not printed and problem is None)
    if table.rows and not table.no_data:
        table.unreliable = problem or unreliable_reason(table)
    return table, problem


def parse_tables(doc: RawDocument) -> tuple[dict[str, Table], list[Problem]]:
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    found_tables, untitled = locate_tables(doc)
    for page in untitled:
        problems.append(Problem(f"第{page}页有一张表格未能识别表名（标题缺失或不是标准决算表），其中的数字未读取，请对照原文核对", page=page))
    for found in found_tables:
        try:
            table, problem = _read(found)
        except (IndexError, ValueError, KeyError) as err:  # a layout no family parser foresaw
            table, problem = None, f"解析出错（{type(err).__name__}）"
        if problem:
            title = TABLE_TITLES.get(found.table_id, found.title)
            problems.append(Problem(f"{found.table_id}（{title}）无法识别：{problem}", table_id=found.table_id, page=found.page))
        if table is not None and (problem is None or table.rows or table.no_data_note):
            tables[found.table_id] = table  # (a table saying 本表无数据 is kept as such, whatever its frame)
    return tables, problems
