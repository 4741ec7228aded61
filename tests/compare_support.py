"""A report library holding the corpus reports, for the comparison tests.

The reports are parsed and checked as the app imports them (the same unit's previous year
passed to the checks), then added to a fresh SQLite library. `truth` gives each entry's
expected facts, so a test can hold a shown number against what the report says.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from juesuan.checks import run_checks
from juesuan.store import Entry, Library
from tests.corpus import SHARED_CORPUS, corpus_file, parsed, truth

# The same unit in two years, a second unit, the seed; the real PDFs when ../shared is there.
BASE = ("shifan-datacenter-2023.pdf", "shifan-datacenter-2024.pdf", "shifan-transport-2024.pdf", "yangquan-2024.pdf")
REAL = ("real/shanghai-putuo-guihuaziyuan-2024.pdf", "real/shanghai-putuo-shehuigongzuobu-2024.pdf")
PAIR_UNIT = "示范市数据资源服务中心"  # shifan-datacenter-2023/2024


def documents() -> tuple[str, ...]:
    return BASE + (REAL if SHARED_CORPUS.is_dir() else ())


@dataclass
class Loaded:
    name: str  # corpus path
    entry: Entry
    facts: dict  # truth key → value
    pages: dict  # truth key → page
    problem_counts: dict  # severity → problems from the checks (a knock-on finding is no other problem)


def fill_library(url: str) -> list[Loaded]:
    """Parse, check and store every document of `documents()` into the library at `url`."""
    lib = Library(url)
    loaded, reports = [], {}
    try:
        for name in documents():
            report = parsed(name)
            previous = reports.get((report.header.unit, (report.header.year or 0) - 1))
            findings = [f.to_dict() for f in run_checks(report, previous).findings]
            entry = lib.add(corpus_file(name).read_bytes(), Path(name).name, report, findings).entry
            reports[(report.header.unit, report.header.year)] = report
            doc = truth(name)
            counts = {s: sum(f["severity"] == s and f["group"] is None for f in findings) for s in ("错误", "警告", "提示")}
            loaded.append(Loaded(name, entry, {f["key"]: f["value"] for f in doc["facts"]},
                                 {f["key"]: f.get("page") for f in doc["facts"]}, counts))
    finally:
        lib.close()
    return loaded
