"""Speed of the report picker and the 对比分析 page with a library of many reports (figures only).

    python bench/library_bench.py [--units 100] [--years 2] [--repeat 5]

Fills a fresh SQLite library with units × years reports: copies of the parsed corpus
reports (cycling through them) with the unit name and year rewritten, each stored with
distinct bytes, as a real library of many units over several years would hold. Then times:
listing the reports as the picker does (`entries()`, all versions and latest only), the
comparison's data path (Library.facts narrowed by key patterns against every fact row and
every stored model, and the shaping), and AppTest runs of pages/compare.py in both modes and
of the whole app (picker + page). Prints the figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "tests" / "fixtures", ROOT / "data" / "samples")

from juesuan import compare  # noqa: E402
from juesuan.checks import run_checks  # noqa: E402
from juesuan.parse import parse_report  # noqa: E402
from juesuan.store import Library  # noqa: E402

HARNESS = """
import os, runpy
os.chdir({root!r})
from components import state
state.init()
runpy.run_path({page!r}, run_name="__main__")
"""


def corpus_reports() -> list[tuple[bytes, object, list[dict]]]:
    """(bytes, parsed report, findings) of each corpus PDF, parsed once."""
    pdfs = sorted({p.name: p for d in reversed(CORPUS_DIRS) if d.is_dir() for p in d.glob("*.pdf")}.values())
    out = []
    for path in pdfs:
        report = parse_report(path)
        out.append((path.read_bytes(), report, [f.to_dict() for f in run_checks(report).findings]))
    return out


def fill(lib: Library, units: int, years: int) -> float:
    """units × years copies of the corpus reports; seconds taken."""
    sources = corpus_reports()
    started = time.perf_counter()
    n = 0
    for u in range(units):
        for y in range(years):
            data, report, findings = sources[n % len(sources)]
            copy_ = copy.deepcopy(report)
            copy_.header.unit = f"示例市第{u + 1:03d}单位"
            copy_.header.year = 2024 - years + 1 + y
            lib.add(data + f"\n%bench copy {n}\n".encode(), f"bench-{n:03d}.pdf", copy_, findings)
            n += 1
    return time.perf_counter() - started


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def page_runs(entry_id: int, repeat: int) -> dict[str, tuple[float, float]]:
    """Seconds of AppTest runs of the comparison page — the first view, then switching to the
    one-year view — with empty caches (the first visit after the server starts) and with the
    caches the earlier runs left (median of `repeat`)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    script = HARNESS.format(root=str(ROOT), page=str(ROOT / "pages" / "compare.py"))
    runs = []
    for i in range(repeat + 2):  # run 0 only imports the page's modules, as a running server has
        if i == 1:
            st.cache_data.clear()
        at = AppTest.from_string(script, default_timeout=300)
        at.session_state["entry_id"] = entry_id  # the report on screen, as the picker leaves it
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        assert not at.exception, [e.value for e in at.exception]
        started = time.perf_counter()
        at.button_group[0].set_value("同一年度多单位对比").run()
        runs.append((first, time.perf_counter() - started))
        assert not at.exception, [e.value for e in at.exception]
    cold, warm = runs[1], runs[2:]
    return {"first view (one unit across years)": (cold[0], statistics.median(r[0] for r in warm)),
            "one-year view (all units of the year)": (cold[1], statistics.median(r[1] for r in warm))}


def app_runs(entry_id: int, repeat: int) -> dict[str, float]:
    """Median seconds of AppTest runs of the whole app (app.py: navigation, the sidebar's picker
    over every report, the report on screen): opening it, then going to 对比分析."""
    from streamlit.testing.v1 import AppTest

    opened, compared = [], []
    for _ in range(repeat):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.session_state["pending_entry_id"] = entry_id  # chosen elsewhere, as the upload page does
        started = time.perf_counter()
        at.run()
        opened.append(time.perf_counter() - started)
        assert not at.exception, [e.value for e in at.exception]
        started = time.perf_counter()
        at.switch_page("pages/compare.py").run()
        compared.append(time.perf_counter() - started)
        assert not at.exception, [e.value for e in at.exception]
    return {"open (概览 with the picker)": statistics.median(opened),
            "go to 对比分析": statistics.median(compared)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="library-bench-"))
    url = f"sqlite:///{folder / 'library.db'}"
    os.environ["JUESUAN_DB_URL"] = url
    lib = Library(url)
    seconds = fill(lib, args.units, args.years)
    entries = lib.entries()
    print(f"library: {len(entries)} reports ({args.units} units × {args.years} years), filled in {seconds:.1f} s, {url}")

    picker, _ = timed(lambda: lib.entries(), args.repeat)
    latest, _ = timed(lambda: lib.entries(latest_only=True), args.repeat)
    search, _ = timed(lambda: lib.entries("第050"), args.repeat)
    print(f"picker entries(): {picker * 1000:.1f} ms; latest_only: {latest * 1000:.1f} ms; search: {search * 1000:.1f} ms")

    last_year = max(e.year for e in entries)
    year_entries = [e for e in entries if e.year == last_year]
    unit_entries = [e for e in entries if e.unit == entries[0].unit]
    for label, chosen in (("one unit's years", unit_entries), ("one year's units", year_entries), ("all reports", entries)):
        ids = [e.id for e in chosen]
        full, all_rows = timed(lambda: lib.facts(ids), args.repeat)
        narrow, rows = timed(lambda: lib.facts(ids, key_patterns=compare.KEY_PATTERNS), args.repeat)
        units_sql, units = timed(lambda: lib.money_units(ids), args.repeat)
        units_models, _ = timed(lambda: [lib.load(i).header.money_unit for i in ids], 1)
        shaping, _ = timed(lambda: (compare.metrics_table(chosen, rows, units), compare.class_table(chosen, rows, units)),
                           args.repeat)
        print(f"{label} ({len(ids)} reports): facts — every row {full * 1000:.0f} ms ({len(all_rows)} rows), "
              f"the compared keys {narrow * 1000:.0f} ms ({len(rows)} rows); money units — SQL JSON "
              f"{units_sql * 1000:.0f} ms, decoding each model {units_models * 1000:.0f} ms; shaping {shaping * 1000:.0f} ms")

    for label, (cold, warm) in page_runs(year_entries[0].id, args.repeat).items():
        print(f"compare page AppTest, {label}: {cold:.2f} s with empty caches, {warm:.2f} s cached (median of {args.repeat})")
    for label, seconds in app_runs(year_entries[0].id, args.repeat).items():
        print(f"whole app AppTest, {label}: {seconds:.2f} s (median of {args.repeat})")
    lib.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
