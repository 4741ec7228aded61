"""Parse speed and memory, measured in one run (figures only, no assertions).

    python bench/parse_bench.py [--repeat N]

For the seed PDF and the largest corpus PDF: the full `parse_report` time next to
pdfplumber's own `extract_text()` + `extract_tables()` over the same pages (median of N
runs each, interleaved, in CPU seconds so other load on the machine does not count), and
their ratio. Then the peak
memory of parsing bad/huge-page-count.pdf (396 pages) with max_pages=1000, measured in a
fresh child process so earlier runs do not count.
"""
from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "tests" / "fixtures", ROOT / "data" / "samples")


def corpus_dir() -> Path:
    return next(d for d in CORPUS_DIRS if (d / "yangquan-2024.pdf").exists())


def plain_pdfplumber(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()


def full_parse(data: bytes, name: str) -> None:
    from juesuan.parse import parse_report

    parse_report(data, name)


def timed(fn, *args) -> float:
    # CPU time of this process: the machine is shared, and wall time would count others' work
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def compare(path: Path, repeat: int) -> dict:
    data = path.read_bytes()
    full_parse(data, path.name)  # warm imports and caches for both sides
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(timed(full_parse, data, path.name))
        theirs.append(timed(plain_pdfplumber, data))
    o, t = statistics.median(ours), statistics.median(theirs)
    return {"file": path.name, "parse_report_s": round(o, 3), "pdfplumber_s": round(t, 3), "ratio": round(o / t, 2)}


def huge_child(path: str) -> None:
    """Run in a fresh interpreter: parse the 396-page file, print time and peak RSS."""
    from juesuan.parse import ParseSettings, ReportError, parse_report

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        report = parse_report(path, settings=ParseSettings(max_pages=1000))
        outcome = f"parsed, {report.source.page_count} pages, {len(report.tables)} tables"
    except ReportError as exc:
        outcome = f"{type(exc).__name__}: {exc.message}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"outcome": outcome, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                      "peak_rss_mb": round(peak / 1024, 1), "rss_after_imports_mb": round(baseline / 1024, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--huge-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.huge_child:
        huge_child(args.huge_child)
        return
    corpus = corpus_dir()
    pdfs = [p for p in corpus.rglob("*.pdf") if p.parent.name != "bad"]
    largest = max(pdfs, key=lambda p: p.stat().st_size)
    print(f"CPU seconds, median of {args.repeat}")
    print(f"{'file':45} {'parse_report':>13} {'pdfplumber':>11} {'ratio':>6}")
    for path in dict.fromkeys([corpus / "yangquan-2024.pdf", largest]):
        r = compare(path, args.repeat)
        print(f"{r['file']:45} {r['parse_report_s']:>12.3f}s {r['pdfplumber_s']:>10.3f}s {r['ratio']:>6.2f}")
    huge = corpus / "bad" / "huge-page-count.pdf"
    if not huge.exists():
        print("bad/huge-page-count.pdf absent: memory figure skipped")
        return
    # the juesuan import warms in the child too, so its baseline is reported alongside
    child = subprocess.run([sys.executable, __file__, "--huge-child", str(huge)], capture_output=True, text=True)
    if child.returncode:
        print("huge-page-count.pdf: the child process failed:\n" + child.stderr[-2000:])
        return
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"huge-page-count.pdf (max_pages=1000): {figures['outcome']}; {figures['seconds']}s wall, {figures['cpu_seconds']}s CPU; "
          f"peak RSS {figures['peak_rss_mb']} MB (after imports {figures['rss_after_imports_mb']} MB)")


if __name__ == "__main__":
    main()
