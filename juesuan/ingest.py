"""The one path from a user's file to the report library (upload and `python -m juesuan import`).

    entry = ingest(run, library, data, filename, loaded_by="王会计").entry

Two pure tasks do the work, each run through `run` — a caller-given executor, normally a
capped worker (juesuan.worker / juesuan.pool), so a hostile file fails alone:

- `parse_file(data, filename)` → the Report;
- `check_report(report, previous)` → the findings and the coverage, as dicts.

`analyse` chains the two for a caller that already knows last year's report (the command
line's `check --previous`); another executor (a cluster) can run the same functions.
Storing is separate and happens here, in the caller's process: last year's report is found
the same way for every path (`Library.previous_year`), the checks run once, and what is
stored is exactly what is shown. When a report's previous year arrives later, the next
year's stored findings are checked again and replaced (`refresh`), so the import order
never changes what the library holds.

Reviewers' corrections of misread values (juesuan.decisions) are applied to the model before
the checks run — this year's, and last year's for the checks against it — and the entry
records which corrections its stored findings saw, so a new correction makes them out of
date like a new parser does. A new version of a report (a re-issued file of the same unit
and year) starts with the decisions of the version before that still apply.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any

from .checks import CheckResult, Finding, RuleOutcome, restored, run_checks
from .decisions import Reviews, carried_corrections, carried_decisions, corrected
from .model import Report
from .parse import PARSER_VERSION, parse_report
from .parse.version import code_digest
from .safetext import stored_name
from .store import AddResult, Entry, Library, filed_unit
from .worker import WorkerCancelled, report_progress

# The code the stored findings come from: a change re-checks stored reports when shown.
CHECKS_VERSION = code_digest("checks", "vocab.py", "model.py")

# run(task, *args, **kwargs) → task(*args, **kwargs), somewhere (a capped worker, a cluster)
Run = Callable[..., Any]


@dataclasses.dataclass
class Checked:
    findings: list[dict]  # Finding.to_dict() as the checks give it
    coverage: list[dict]  # RuleOutcome.to_dict()


def parse_file(data: bytes, filename: str, unit: str | None = None) -> Report:
    """Task: the parsed report; `unit` replaces the unit name read (copies filed under another unit).
    Its progress through a PDF's pages goes to the worker's caller."""
    report = parse_report(data, filename, progress=report_progress)
    if unit:
        report.header.unit = unit
    return report


def check_report(report: Report, previous: Report | None = None) -> Checked:
    """Task: the review of a report (and, for 跨年, the same unit's report of the year before)."""
    result = run_checks(report, previous)
    return Checked([f.to_dict() for f in result.findings], [o.to_dict() for o in result.coverage])


def analyse(data: bytes, filename: str, previous: Report | None = None) -> tuple[Report, Checked]:
    """Task: parse and check one file against a known previous-year report."""
    report = parse_file(data, filename)
    return report, check_report(report, previous)


def in_process(task: Callable, *args: Any, **kwargs: Any) -> Any:
    """A `run` that runs the task right here (trusted input only, e.g. tests of the core)."""
    return task(*args, **kwargs)


def ingest(run: Run, library: Library, data: bytes, filename: str, loaded_by: str = "",
           unit: str | None = None) -> AddResult:
    """Parse, check and store a file; a file already stored is brought up to date instead
    (status 'present'). Raises the task's ReportError for a file that is not a readable report."""
    filename = stored_name(filename)
    known = library.find(hashlib.sha256(data).hexdigest())
    if known is not None:
        return AddResult(refresh(run, library, known), "present")
    report = run(parse_file, data, filename, unit)
    previous = _previous(library, report, filename)
    earlier = library.latest(filed_unit(report, filename), report.header.year)  # the version this one follows
    earlier_reviews = Reviews(library.reviews(earlier.id)) if earlier else Reviews()
    kept = Reviews(carried_corrections(earlier_reviews, earlier.id, report) if earlier else [])
    checked = run(check_report, corrected(report, kept), _reviewed_model(library, previous))
    decided = carried_decisions(earlier_reviews, earlier.id, checked.findings) if earlier else []
    result = library.add(data, filename, report, checked.findings, loaded_by, coverage=checked.coverage,
                         checks_version=CHECKS_VERSION, previous_id=previous.id if previous else None,
                         corrections=_checked_with(library, kept, previous), reviews=[*kept.corrections, *decided])
    if result.status == "present":  # another importer stored the same bytes meanwhile
        return AddResult(refresh(run, library, result.entry), "present")
    # Last year may have been stored while this one was checked; next year may be waiting for it.
    # The file is stored now: a batch cancelled meanwhile leaves these updates to the next
    # look at the library (refresh), and the file is reported as stored.
    try:
        entry = refresh(run, library, result.entry)
        for later in library.following_year(entry):
            refresh(run, library, later)
    except WorkerCancelled:
        entry = result.entry
    return AddResult(entry, result.status)


def current(library: Library, entry: Entry) -> bool:
    """Whether the stored model and findings are what the code would give now."""
    previous = library.previous_year(entry)
    return (entry.parser_version == PARSER_VERSION and entry.checks_version == CHECKS_VERSION
            and entry.previous_id == (previous.id if previous else None)
            and entry.corrections == _checked_with(library, Reviews(library.reviews(entry.id)), previous))


def refresh(run: Run, library: Library, entry: Entry) -> Entry:
    """The entry, its model re-parsed (parser changed) and its findings re-checked (checks
    changed, or last year's report arrived or was corrected) and stored when out of date."""
    if current(library, entry):
        return entry
    previous = library.previous_year(entry)
    stored = library.load(entry.id)
    if entry.parser_version == PARSER_VERSION:
        report = stored
    else:
        data, filename = library.original(entry.id)
        # the entry keeps its place in the library: unit and year as filed
        report = run(parse_file, data, filename, stored.header.unit or None)
    reviews = Reviews(library.reviews(entry.id))
    checked = run(check_report, corrected(report, reviews), _reviewed_model(library, previous))
    return library.update_analysis(entry.id, report, checked.findings, checked.coverage, CHECKS_VERSION,
                                   previous.id if previous else None, _checked_with(library, reviews, previous))


def reviewed_model(library: Library, entry_id: int) -> Report:
    """An entry's report with its reviewers' corrections applied: what the checks, the pages
    and the exports read."""
    return corrected(library.load(entry_id), Reviews(library.reviews(entry_id)))


def _reviewed_model(library: Library, entry: Entry | None) -> Report | None:
    return reviewed_model(library, entry.id) if entry else None


def _checked_with(library: Library, reviews: Reviews, previous: Entry | None) -> str:
    """The corrections stored findings depend on: the report's own and last year's."""
    last = Reviews(library.reviews(previous.id)).digest() if previous else ""
    return reviews.digest() + (f"/{last}" if last else "")


def _previous(library: Library, report: Report, filename: str) -> Entry | None:
    """Last year's entry for a report not stored yet, found as for a stored one."""
    year = report.header.year
    return library.latest(filed_unit(report, filename), year - 1) if year is not None else None


def stored_findings(library: Library, entry_id: int) -> CheckResult:
    """The stored findings and coverage as the checks' own objects."""
    return restored_result(Checked(library.findings(entry_id), library.coverage(entry_id)))


def restored_result(checked: Checked) -> CheckResult:
    """Findings and coverage dicts back as the checks' objects (fields the current code does
    not know are left aside)."""
    return CheckResult([restored(Finding, d) for d in checked.findings],
                       [restored(RuleOutcome, d) for d in checked.coverage])
