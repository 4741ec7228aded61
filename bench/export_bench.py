"""Time to build each meeting export of the sample report.

    python bench/export_bench.py [FILE] [--repeat N]

Parsing and checks run once (they are not what is measured); each builder then runs
N times and the best and median wall times are printed with the output size. Chart images
and the PDF are timed once when Chromium is present (they start a browser).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from juesuan.checks import run_checks  # noqa: E402
from juesuan.export.html import build_html, find_chromium, html_to_pdf  # noqa: E402
from juesuan.export.images import slide_images  # noqa: E402
from juesuan.export.pptx import build_pptx  # noqa: E402
from juesuan.export.slides import build_slides  # noqa: E402
from juesuan.export.xlsx import build_xlsx  # noqa: E402
from juesuan.parse import parse_report  # noqa: E402

SAMPLE = ROOT / "data" / "samples" / "yangquan-2024.pdf"


def _timed(build, repeat: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = build()
        times.append(time.perf_counter() - start)
        size = len(out) if isinstance(out, (bytes, str)) else sum(len(v) for v in out.values())
    return times, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(SAMPLE))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    start = time.perf_counter()
    report = parse_report(args.file)
    findings = run_checks(report).findings
    print(f"{Path(args.file).name}: parse + checks {time.perf_counter() - start:.2f} s, "
          f"{len(report.tables)} tables, {len(report.projects)} projects, {len(findings)} findings")

    jobs = {
        "slides (data + takeaways)": (lambda: repr(build_slides(report, findings)), args.repeat),
        "PowerPoint deck (.pptx)": (lambda: build_pptx(report, findings), args.repeat),
        "Excel workbook (.xlsx)": (lambda: build_xlsx(report, findings), args.repeat),
        "one-page brief (.html)": (lambda: build_html(report, findings), args.repeat),
    }
    if find_chromium():
        jobs["one-page brief (.pdf, Chromium)"] = (lambda: html_to_pdf(build_html(report, findings)), 1)
        slides = build_slides(report, findings)
        jobs["all chart images (.png, kaleido)"] = (lambda: slide_images(slides, "png"), 1)
        jobs["all chart images (.svg, kaleido)"] = (lambda: slide_images(slides, "svg"), 1)
    else:
        print("Chromium not found: PDF and chart images not timed")
    for label, (build, repeat) in jobs.items():
        times, size = _timed(build, repeat)
        print(f"  {label:34s} best {min(times) * 1000:8.1f} ms  median {statistics.median(times) * 1000:8.1f} ms"
              f"  (n={repeat})  {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
