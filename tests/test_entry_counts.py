"""A library entry's counts are the problems the pages show, on SQLite and PostgreSQL: a
knock-on finding is not another problem, a dismissed finding is not counted, and 概览, the
sidebar and 对比分析 say the same numbers after every decision."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from components import state
from juesuan import compare, ingest, store
from juesuan.decisions import CONFIRMED, DISMISSED, PENDING, decide
from juesuan.store import Entry, Library, entries, schema_version
from juesuan.vocab import ERROR, SEVERITIES
from tests.corpus import corpus_file
from tests.store_support import app_library, library_url  # noqa: F401 — the fixture

ROOT = Path(__file__).parents[1]
DOC = "shifan-datacenter-2024.pdf"  # its review groups knock-on findings under the problem they follow from


def _entry_counts(entry: Entry) -> dict[str, int]:
    return dict(zip(SEVERITIES, (entry.errors, entry.warnings, entry.notes)))


def _compare_row(lib: Library, entry_id: int) -> dict[str, int]:
    """What 对比分析's table shows for the entry."""
    table = compare.metrics_table(lib.entries(), lib.facts([entry_id]))
    row = table[table["entry_id"] == entry_id].iloc[0]
    return {s: int(row[s]) for s in SEVERITIES}


def _overview(entry_id: int) -> str:
    """概览 and the sidebar as a user sees them with the entry chosen."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    at.session_state[state.PENDING] = entry_id
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return "\n".join(e.value for kind in ("markdown", "caption") for e in at.get(kind)
                     if isinstance(getattr(e, "value", None), str)).replace("\\", "")


def _shown(lib: Library, entry: Entry, expected: dict[str, int]) -> None:
    """The entry's counts, the bundle's, 对比分析's and the rendered pages' all say `expected`."""
    assert _entry_counts(entry) == expected
    assert state.bundle_of(entry).counts == expected
    assert _compare_row(lib, entry.id) == expected
    page = _overview(entry.id)
    assert f"自动审核发现{sum(expected.values())}个问题，其中{ERROR}{expected[ERROR]}个" in page
    for severity, count in expected.items():
        assert (f"{severity} {count}]" in page) == bool(count), severity  # the sidebar badge


def test_entry_counts_are_the_problems_shown_and_follow_the_decisions(library_url):  # noqa: F811
    with app_library(library_url):
        lib = state.library()
        entry = ingest.ingest(ingest.in_process, lib, corpus_file(DOC).read_bytes(), DOC).entry
        findings = ingest.stored_findings(lib, entry.id).findings
        problems = [f for f in findings if f.group is None]
        knock_ons = [f for f in findings if f.group is not None]
        assert knock_ons, "the report's review groups no finding"
        expected = {s: sum(f.severity == s for f in problems) for s in SEVERITIES}
        assert sum(expected.values()) < len(findings)
        _shown(lib, entry, expected)

        primary = next(f for f in problems if f.severity == ERROR and any(k.group == f.id for k in knock_ons))
        lib.add_review(entry.id, decide(primary, DISMISSED, "口径不同，属合理差异", "张三"))
        dismissed = {**expected, ERROR: expected[ERROR] - 1}
        _shown(lib, lib.get(entry.id), dismissed)

        follower = next(k for k in knock_ons if k.group == primary.id)
        lib.add_review(entry.id, decide(follower, DISMISSED, "随上一条排除", "张三"))  # was not counted
        assert _entry_counts(lib.get(entry.id)) == dismissed
        lib.add_review(entry.id, decide(primary, CONFIRMED, "", "李四"))  # the dismissal overruled
        assert _entry_counts(lib.get(entry.id)) == expected
        lib.add_review(entry.id, decide(primary, DISMISSED, "再议后排除", "李四"))
        lib.add_review(entry.id, decide(primary, PENDING, "", "李四"))  # taken back
        _shown(lib, lib.get(entry.id), expected)


def test_a_library_counting_rows_is_recounted_when_opened(library_url):  # noqa: F811
    lib = Library(library_url)
    entry = ingest.ingest(ingest.in_process, lib, corpus_file(DOC).read_bytes(), DOC).entry
    findings = ingest.stored_findings(lib, entry.id).findings
    lib.add_review(entry.id, decide(findings[0], DISMISSED, "口径不同，属合理差异", "张三"))
    shown = _entry_counts(lib.get(entry.id))
    rows = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    assert rows != shown
    with lib.engine.begin() as conn:  # the library as the program before left it: every finding row counted
        conn.execute(entries.update().values(**{store.SEVERITIES[s]: n for s, n in rows.items()}))
        conn.execute(schema_version.update().values(version=store.UPGRADES.index(store._standing_counts) + 1))
    lib.close()
    lib = Library(library_url)
    try:
        assert _entry_counts(lib.get(entry.id)) == shown
        with lib.engine.connect() as conn:
            assert conn.execute(sa.select(schema_version.c.version)).scalar() == store.SCHEMA_VERSION
    finally:
        lib.close()
