"""The review log in the report library, on SQLite and PostgreSQL: decisions survive a
restart, an older library gains the log, and two reviewers deciding at once lose nothing."""
from __future__ import annotations

import multiprocessing

import pytest

from juesuan import store
from juesuan.checks import run_checks
from juesuan.decisions import CONFIRMED, DISMISSED, Reviews, correct, decide
from juesuan.store import Library, schema_version
from tests.corpus import corpus_file, parsed
from tests.store_support import library_url  # noqa: F401 — the fixture

SEED = "yangquan-2024.pdf"
ROUNDS = 12  # decisions each reviewer takes in the concurrency test


def _store_seed(url: str) -> tuple[int, list]:
    report = parsed(SEED)
    findings = run_checks(report).findings
    library = Library(url)
    try:
        entry = library.add(corpus_file(SEED).read_bytes(), SEED, report, [f.to_dict() for f in findings]).entry
    finally:
        library.close()
    return entry.id, findings


def test_decisions_survive_a_restart(library_url):  # noqa: F811
    entry_id, findings = _store_seed(library_url)
    report = parsed(SEED)
    library = Library(library_url)
    dismissed = library.add_review(entry_id, decide(findings[0], DISMISSED, "口径不同，属合理差异", "张三"))
    assert dismissed.id is not None
    library.add_review(entry_id, correct(report, "公开06.301", "110.33", "按明细更正", "王会计"))
    library.close()

    library = Library(library_url)  # a new process would open it the same way
    log = library.reviews(entry_id)
    library.close()
    assert [r.kind for r in log] == ["finding", "correction"]
    assert log[0] == dismissed and log[0].at.tzinfo is not None
    reviews = Reviews(log)
    assert reviews.status(findings[0]) == DISMISSED and reviews.decision(findings[0]).reason == "口径不同，属合理差异"
    assert (reviews.correction("公开06.301").original, reviews.correction("公开06.301").value) == ("110.34", "110.33")
    with pytest.raises(KeyError):
        Library(library_url).add_review(entry_id + 100, log[0])


def test_a_library_from_before_the_log_gains_it(library_url):  # noqa: F811
    entry_id, findings = _store_seed(library_url)
    library = Library(library_url)
    with library.engine.begin() as conn:  # the library as the program before the log left it
        conn.exec_driver_sql("DROP TABLE reviews")
        conn.exec_driver_sql("ALTER TABLE entries DROP COLUMN corrections")
        conn.execute(schema_version.update().values(version=store.UPGRADES.index(store._review_log) + 1))
    library.close()
    library = Library(library_url)
    assert library.reviews(entry_id) == [] and library.get(entry_id).corrections == ""
    library.add_review(entry_id, decide(findings[0], CONFIRMED, "", "张三"))
    assert len(library.reviews(entry_id)) == 1
    library.close()


def _reviewer(url: str, entry_id: int, name: str, findings: list[dict], start) -> None:
    library = Library(url)
    start.wait()
    for i in range(ROUNDS):
        finding = findings[i % len(findings)]
        library.add_review(entry_id, decide(finding, CONFIRMED if name == "甲" else DISMISSED, f"{name}第{i}次", name))
    library.close()


def test_two_reviewers_deciding_at_once_lose_nothing(library_url):  # noqa: F811
    entry_id, findings = _store_seed(library_url)
    dicts = [f.to_dict() for f in findings]
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [context.Process(target=_reviewer, args=(library_url, entry_id, name, dicts, start)) for name in "甲乙"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    library = Library(library_url)
    log = library.reviews(entry_id)
    library.close()
    assert len(log) == 2 * ROUNDS
    assert sorted(r.reason for r in log) == sorted(f"{n}第{i}次" for n in "甲乙" for i in range(ROUNDS))
    assert [r.id for r in log] == sorted(r.id for r in log)
    # every finding decided carries the decision logged last for it
    reviews = Reviews(log)
    for finding in findings[:ROUNDS]:
        last = [r for r in log if r.subject == finding.id][-1]
        assert reviews.decision(finding) == last

