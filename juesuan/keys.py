"""Fact keys (shared/spec/facts.md): the one place that builds them and reads them back.

A table cell is `公开05.201.合计` (the column left out where the table has a single amount
column), a narrative figure `说明.<subject>.<measure>`, a performance figure
`绩效.<project>.<measure>`; a table that says it has no data gives `<table>.无数据`. Key
patterns, as the measure table and the library's narrowed queries write them, put `*`
where one key part (no dot) may be anything.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

NARRATIVE = "说明"
PERFORMANCE = "绩效"
NO_DATA = "无数据"


def cell(table_id: str, row_key: str, column: str = "") -> str:
    return f"{table_id}.{row_key}" + (f".{column}" if column else "")


def row(*parts: str) -> str:
    """A row key of several parts: a two-sided table's side and label ('收入.事业收入'), a 公开10
    section and item ('政府采购.货物')."""
    return ".".join(parts)


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


def parts(key: str) -> list[str]:
    """Every part of a key (or of a row key), in order: '公开01.收入.事业收入' → 公开01, 收入, 事业收入."""
    return key.split(".")


def leading(key: str, n: int) -> str:
    """The key of its first `n` parts: leading('公开05.201.合计', 2) is the row '公开05.201'."""
    return ".".join(parts(key)[:n])


def last(key: str) -> str:
    """The last part: a cell's column (or its row where there is none), a figure's measure."""
    return key.rsplit(".", 1)[-1]


def below(key: str, prefix: str) -> str | None:
    """What follows `prefix` in `key` ('' for `prefix` itself), None when `key` is not under it:
    below('公开05.201.合计', '公开05.201') is '合计'."""
    if key == prefix:
        return ""
    return key[len(prefix) + 1:] if key.startswith(prefix + ".") else None


def differing(base: str, key: str) -> str:
    """The parts of `key` that differ from `base`, position by position (its row or its column):
    differing('公开05.合计.合计', '公开05.201.合计') is '201'; `key` itself when none do."""
    a, b = parts(base), parts(key)
    return ".".join(p for i, p in enumerate(b) if i >= len(a) or a[i] != p) or key


def _after_head(key: str) -> tuple[str, str]:
    _, first, rest = (key.split(".", 2) + ["", ""])[:3]
    return first, rest


def stated_parts(key: str) -> tuple[str, str]:
    """(subject, measure) of a narrative key ('' where missing)."""
    return _after_head(key)


def performance_parts(key: str) -> tuple[str, str]:
    """(project, measure) of a performance key; an indicator's measure is '指标.<name>.<measure>'."""
    return _after_head(key)


def is_no_data(key: str) -> bool:
    """Whether the key is a table's 本表无数据."""
    return row_part(key) == NO_DATA


def summed(keys: Iterable[str]) -> str:
    """Several keys added up, as one reference ('公开06.人员经费合计+公开06.公用经费合计')."""
    return "+".join(keys)


def summands(reference: str) -> list[str]:
    """The keys a reference adds up (a single key is its own one summand)."""
    return reference.split("+")


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
