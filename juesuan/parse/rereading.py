"""A second reading of a PDF table its first reading could not verify.

The lattice finder can be misled by a missing or stray rule (a column merged, a row cut);
the words' positions can be misled by alignment. Where the table read from the drawn
lines fails its own arithmetic, the same pages are read again by the other mechanisms
(horizontal rules only, then words alone) and a reading that balances replaces it: where
a reading is ambiguous, the one that balances is chosen.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Report
from .reader import read_document
from .settings import RULINGS, ParseSettings
from .tables import parse_tables


def reread_unreliable(report: Report, data: bytes, filename: str, settings: ParseSettings) -> None:
    """Replace each unreliable PDF table by a reliable reading of it from other rulings."""
    doubtful = {t.id for t in report.unreliable_tables}
    if report.source.kind != "pdf" or not doubtful:
        return
    for rulings in RULINGS:
        if rulings == settings.rulings or not doubtful:
            continue
        tables, _ = parse_tables(read_document(data, filename, replace(settings, rulings=rulings)))
        for table_id in sorted(doubtful):
            other = tables.get(table_id)
            if other is not None and other.reliable and not other.no_data and other.pages == report.tables[table_id].pages:
                report.tables[table_id] = other
                report.problems = [p for p in report.problems if p.table_id != table_id]
                doubtful.discard(table_id)
