"""Cost of parsing and checking against the report's size (figures only, no assertions).

    python bench/scaling_bench.py [--times 1,10,100]

The text seed report repeated N times (one text file, every table and paragraph N times) is
parsed and checked; each size's CPU seconds are printed with the ratio to the size before
it. Linear cost shows as a ratio near the size ratio (10× more text, about 10× the time);
a quadratic step shows as about its square.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = (ROOT.parent / "shared" / "corpus" / "yangquan-2024.txt", ROOT / "tests" / "fixtures" / "yangquan-2024.txt")


def repeated_report(times: int) -> bytes:
    seed = next(p for p in SEEDS if p.exists()).read_text(encoding="utf-8")
    return "\n".join([seed] * times).encode("utf-8")


def main() -> None:
    from juesuan.checks import run_checks
    from juesuan.parse import parse_report

    ap = argparse.ArgumentParser()
    ap.add_argument("--times", default="1,10,100", help="repetitions of the seed, comma-separated")
    args = ap.parse_args()
    print(f"{'size':>6} {'MB':>7} {'figures':>8} {'parse s':>8} {'ratio':>6} {'checks s':>9} {'ratio':>6}")
    before: tuple[int, float, float] | None = None
    for times in (int(t) for t in args.times.split(",")):
        data = repeated_report(times)
        start = time.process_time()
        report = parse_report(data, f"seed-x{times}.txt")
        parsed = time.process_time() - start
        start = time.process_time()
        run_checks(report)
        checked = time.process_time() - start
        ratios = ("", "") if before is None else (f"{parsed / before[1]:.1f}", f"{checked / before[2]:.1f}")
        print(f"{times:>5}× {len(data) / 1e6:7.2f} {len(report.figures):8d} {parsed:8.2f} {ratios[0]:>6} "
              f"{checked:9.2f} {ratios[1]:>6}", flush=True)
        before = (times, parsed, checked)


if __name__ == "__main__":
    main()
