"""Parse speed and memory, measured in one run (figures only, no assertions).

    python bench/parse_bench.py [--repeat N] [--ocr]

For every corpus PDF (the seed, the generated ones and the real reports): the full
`parse_report` time — with PDFium's text layer (the default) and with pdfplumber's
(`pdf_text="pdfplumber"`, the path before PDFium) — next to pdfplumber's own
`extract_text()` + `extract_tables()` over the same pages (median of N runs each,
interleaved, in CPU seconds so other load on the machine does not count), and their
ratios. Then the peak memory of parsing bad/huge-page-count.pdf (396 pages) with
max_pages=1000, measured in a fresh child process so earlier runs do not count.
With --ocr: bad/scanned.pdf read by OCR in a fresh child process — seconds per page
(wall and CPU) and the peak memory.
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


def full_parse(data: bytes, name: str, pdf_text: str = "pdfium") -> None:
    from juesuan.parse import ParseSettings, parse_report

    parse_report(data, name, ParseSettings(pdf_text=pdf_text))


def timed(fn, *args) -> float:
    # CPU time of this process: the machine is shared, and wall time would count others' work
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def compare(path: Path, repeat: int) -> dict:
    data = path.read_bytes()
    full_parse(data, path.name)  # warm imports and caches for every side
    ours, before, theirs = [], [], []
    for _ in range(repeat):
        ours.append(timed(full_parse, data, path.name))
        before.append(timed(full_parse, data, path.name, "pdfplumber"))
        theirs.append(timed(plain_pdfplumber, data))
    o, b, t = statistics.median(ours), statistics.median(before), statistics.median(theirs)
    return {"file": path.name, "parse_report_s": round(o, 3), "plumber_path_s": round(b, 3), "pdfplumber_s": round(t, 3),
            "ratio": round(o / t, 2), "ratio_before": round(b / t, 2)}


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


def ocr_child(path: str) -> None:
    """Run in a fresh interpreter: parse the scanned PDF by OCR, print time and peak RSS."""
    from juesuan.parse import parse_report
    from juesuan.parse.ocr import OCR_DPI, _engine

    _engine()  # the models load once per process; their load is reported apart
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    report = parse_report(path)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    pages = len(report.source.ocr_pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages": pages, "dpi": OCR_DPI, "s_per_page": round(seconds / pages, 2), "cpu_per_page": round(cpu / pages, 2),
                      "peak_rss_mb": round(peak / 1024, 1), "rss_models_loaded_mb": round(loaded / 1024, 1)}))


def in_child(flag: str, path: Path) -> dict | None:
    """The figures a fresh interpreter prints for `flag` (earlier runs' memory does not count)."""
    child = subprocess.run([sys.executable, __file__, flag, str(path)], capture_output=True, text=True)
    if child.returncode:
        print(f"{path.name}: the child process failed:\n" + child.stderr[-2000:])
        return None
    return json.loads(child.stdout.strip().splitlines()[-1])


def ocr_figures(scanned: Path) -> None:
    f = in_child("--ocr-child", scanned)
    if f is None:
        return
    print(f"scanned.pdf by OCR ({f['pages']} pages at {f['dpi']} dpi): {f['s_per_page']}s wall, {f['cpu_per_page']}s CPU per page "
          f"(CPU counts every core); peak RSS {f['peak_rss_mb']} MB (models loaded: {f['rss_models_loaded_mb']} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ocr", action="store_true", help="also time OCR on bad/scanned.pdf")
    parser.add_argument("--huge-child", help=argparse.SUPPRESS)
    parser.add_argument("--ocr-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.huge_child:
        huge_child(args.huge_child)
        return
    if args.ocr_child:
        ocr_child(args.ocr_child)
        return
    corpus = corpus_dir()
    pdfs = sorted((p for p in corpus.rglob("*.pdf") if p.parent.name != "bad"), key=lambda p: (p.parent.name, p.name))
    print(f"CPU seconds, median of {args.repeat}; ratio = parse_report / pdfplumber's own pass")
    print(f"{'file':42} {'parse_report':>12} {'(pdfplumber path)':>17} {'pdfplumber':>10} {'ratio':>6} {'before':>7}")
    for path in pdfs:
        r = compare(path, args.repeat)
        print(f"{r['file']:42} {r['parse_report_s']:>11.3f}s {r['plumber_path_s']:>16.3f}s {r['pdfplumber_s']:>9.3f}s "
              f"{r['ratio']:>6.2f} {r['ratio_before']:>7.2f}")
    if args.ocr:
        ocr_figures(corpus / "bad" / "scanned.pdf")
    huge = corpus / "bad" / "huge-page-count.pdf"
    if not huge.exists():
        print("bad/huge-page-count.pdf absent: memory figure skipped")
        return
    # the juesuan import warms in the child too, so its baseline is reported alongside
    figures = in_child("--huge-child", huge)
    if figures is None:
        return
    print(f"huge-page-count.pdf (max_pages=1000): {figures['outcome']}; {figures['seconds']}s wall, {figures['cpu_seconds']}s CPU; "
          f"peak RSS {figures['peak_rss_mb']} MB (after imports {figures['rss_after_imports_mb']} MB)")


if __name__ == "__main__":
    main()
