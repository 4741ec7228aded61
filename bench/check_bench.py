"""Review-check speed on parsed corpus reports (figures only, no assertions).

    python bench/check_bench.py [--repeat N]

Each corpus document is parsed once (not timed here: see parse_bench.py); then
`run_checks` runs N times on the parsed model and the median and worst CPU time are
printed, with the number of rules, findings and checks that could not run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "tests" / "fixtures", ROOT / "data" / "samples")
DOCS = ("yangquan-2024.pdf", "shifan-datacenter-2023.pdf", "shifan-datacenter-2024.pdf",
        "shifan-transport-2024.pdf", "real/shanghai-putuo-guihuaziyuan-2024.pdf",
        "real/shanghai-putuo-shehuigongzuobu-2024.pdf")


def find(name: str) -> Path | None:
    for d in CORPUS_DIRS:
        for path in (d / name, d / Path(name).name):
            if path.exists():
                return path
    return None


def main() -> None:
    from juesuan.checks import NOT_RUN, run_checks
    from juesuan.parse import parse_report

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    print(f"{'document':48} {'median ms':>10} {'max ms':>8} {'rules':>6} {'findings':>9} {'not run':>8}")
    for name in DOCS:
        path = find(name)
        if path is None:
            print(f"{name:48} (absent)")
            continue
        report = parse_report(path)
        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            result = run_checks(report)
            times.append((time.process_time() - start) * 1000)
        print(f"{name:48} {statistics.median(times):10.1f} {max(times):8.1f} {len(result.coverage):6d} "
              f"{len(result.findings):9d} {result.count(NOT_RUN):8d}")


if __name__ == "__main__":
    main()
