"""Hostile files through the guarded path: time and peak memory of each (figures only).

    python bench/hostile_bench.py [--timeout S] [--memory-mb MB]

Each file is built by tests/hostile.py, then parsed and checked by juesuan.ingest's tasks in
a fresh capped worker (juesuan.worker), exactly as an upload or an import would be. Printed:
the outcome (the report's unit, or the start of the Chinese message), wall-clock seconds
against the time limit, and the worker's peak resident memory against the cap (the cap
counts memory beyond the loaded program, so the peak may exceed it by that much). A row
past either limit is marked '!!'.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cases():
    from tests import hostile

    return [
        ("Word span bomb (one 400-million-column span)", "bomb.docx", hostile.span_bomb_docx),
        ("PDF with 40 MB of path operators", "paths.pdf", lambda: hostile.path_operator_pdf(40)),
        ("text report, seed ×300 (9 MB)", "x300.txt", lambda: hostile.repeated_report(300)),
        ("NUL, bidi override, escape in the text", "invisible.txt", hostile.invisible_report),
        ("spreadsheet formulas as names and labels", "formula.txt", hostile.formula_report),
        ("plotly markup in labels", "markup.txt", hostile.markup_report),
    ]


def main() -> None:
    from juesuan.ingest import check_report, parse_file
    from juesuan.parse import ReportError
    from juesuan.worker import Limits, Worker

    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=Limits().timeout)
    ap.add_argument("--memory-mb", type=int, default=Limits().memory_mb)
    args = ap.parse_args()
    limits = Limits(args.timeout, args.memory_mb)
    print(f"limits: {limits.timeout:g} s per task, {limits.memory_mb} MB beyond the loaded program")
    print(f"{'input':46} {'MB':>6} {'seconds':>8} {'peak MB':>8}  outcome")
    for label, name, build in cases():
        data = build()
        worker = Worker(limits)  # fresh per file: its peak is this file's
        start = time.monotonic()
        try:
            report = worker.run(parse_file, data, name)
            checked = worker.run(check_report, report, None)
            outcome = f"{report.header.unit[:20]!r}: {len(report.tables)} tables, {len(checked.findings)} findings"
        except ReportError as err:
            outcome = err.message[:40]
        finally:
            worker.kill()
        seconds = time.monotonic() - start
        over = seconds > limits.timeout * 2 + 5 or worker.peak_mb > limits.memory_mb + 400  # two tasks; program ~300 MB
        print(f"{label:46} {len(data) / 1e6:6.2f} {seconds:8.1f} {worker.peak_mb:8.0f}  {outcome}{'  !!' if over else ''}",
              flush=True)


if __name__ == "__main__":
    main()
