"""What the comparison reads from the report library, in two narrow read-only queries.

`Library.facts` returns every fact of a report (≈300 rows each) and the money unit lives
only in the stored model; comparing 100 reports that way reads 30 000 rows and decodes 100
models (seconds). Here: only the facts whose keys match juesuan.compare.KEY_PATTERNS, and
each model's header.money_unit extracted by the database's own JSON functions (SQLite
json_extract, PostgreSQL's ->>), so nothing large crosses into Python. Rows have the
shape of Library.facts.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from .compare import KEY_PATTERNS
from .store import Library, entries, facts_table, models


def _like(pattern: str) -> str:
    """A compare key pattern as SQL LIKE (escape '\\'): `*` → `%`. `%` may span a dot where
    `*` may not, so a few extra rows can come back; compare's own matching drops them."""
    literal = [p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for p in pattern.split("*")]
    return "%".join(literal)


def comparison_rows(lib: Library, entry_ids: Iterable[int]) -> list[dict]:
    """The fact rows {entry_id, unit, year, key, value, page} the comparison uses, of these entries."""
    ids = list(entry_ids)
    if not ids:
        return []
    matches = [facts_table.c.key.like(_like(p), escape="\\") for p in KEY_PATTERNS]
    query = (
        sa.select(facts_table.c.entry_id, entries.c.unit, entries.c.year, facts_table.c.key, facts_table.c.value,
                  facts_table.c.numeric, facts_table.c.page)
        .join(entries, entries.c.id == facts_table.c.entry_id)
        .where(facts_table.c.entry_id.in_(ids), sa.or_(*matches))
        .order_by(facts_table.c.entry_id, facts_table.c.seq)
    )
    with lib.engine.connect() as conn:
        return [
            {"entry_id": r.entry_id, "unit": r.unit, "year": r.year, "key": r.key,
             "value": Decimal(r.value) if r.numeric else r.value, "page": r.page}
            for r in conn.execute(query)
        ]


def money_units(lib: Library, entry_ids: Iterable[int]) -> dict[int, str | None]:
    """entry id → the stored report's header.money_unit (万元, 元 …)."""
    ids = list(entry_ids)
    if not ids:
        return {}
    if lib.engine.dialect.name == "postgresql":
        unit = sa.cast(models.c.body, postgresql.JSONB)["header"]["money_unit"].astext
    else:  # SQLite (JSON1 is built in)
        unit = sa.func.json_extract(models.c.body, "$.header.money_unit")
    query = sa.select(models.c.entry_id, unit.label("money_unit")).where(models.c.entry_id.in_(ids))
    with lib.engine.connect() as conn:
        return {r.entry_id: r.money_unit for r in conn.execute(query)}
