"""Fact keys (shared/spec/facts.md): the one place that builds them and reads them back.

A table cell is `公开05.201.合计` (the column left out where the table has a single amount
column), a narrative figure `说明.<subject>.<measure>`, a performance figure
`绩效.<project>.<measure>`; a table that says it has no data gives `<table>.无数据`. Key
patterns, as the measure table and the library's narrowed queries write them, put `*`
where one key part (no dot) may be anything.
"""
from __future__ import annotations

import re
from functools import cache

NARRATIVE = "说明"
PERFORMANCE = "绩效"
NO_DATA = "无数据"


def cell(table_id: str, row_key: str, column: str = "") -> str:
    return f"{table_id}.{row_key}" + (f".{column}" if column else "")


def stated(subject: str, measure: str) -> str:
    return f"{NARRATIVE}.{subject}.{measure}"


def performance(project: str, measure: str) -> str:
    return f"{PERFORMANCE}.{project}.{measure}"


def indicator(project: str, name: str, measure: str) -> str:
    return performance(project, f"指标.{name}.{measure}")


def no_data(table_id: str) -> str:
    return f"{table_id}.{NO_DATA}"


def head(key: str) -> str:
    """The first part: a table id, 说明 or 绩效."""
    return key.split(".", 1)[0]


def part_name(key: str) -> str:
    """The part of the report a key stands in, as a reader names it: 公开01表, 情况说明, 绩效自评表."""
    first = head(key)
    return {NARRATIVE: "情况说明", PERFORMANCE: "绩效自评表"}.get(first, f"{first}表")


def table_of(key: str) -> str | None:
    """The table a cell key (or pattern) reads, None for a narrative or performance key."""
    first = head(key)
    return None if first in (NARRATIVE, PERFORMANCE) else first


def row_part(key: str) -> str:
    """What follows the table id: the row key and column ('收入.本年收入合计', '201.合计')."""
    return key.split(".", 1)[1] if "." in key else ""


@cache
def pattern(text: str) -> re.Pattern:
    """A key pattern as a regex; each `*` captures one key part's text."""
    return re.compile("([^.]*)".join(re.escape(part) for part in text.split("*")) + "$")


def is_pattern(text: str) -> bool:
    return "*" in text
