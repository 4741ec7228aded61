"""Each dashboard page's AppTest run time with the default report (the embedded sample).

    python bench/pages_bench.py [--rounds N]

The first run parses the sample, checks it and stores it in a fresh library; every page
is then run N times and its median and slowest time printed. Exits non-zero when a page
takes 1 s or more after the first parse.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ["overview", "structure", "execution", "yoy", "sangong", "performance", "findings", "tables", "upload"]
BUDGET = 1.0  # seconds per page after the first parse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["JUESUAN_DB_URL"] = f"sqlite:///{tmp}/library.db"
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        if at.exception:
            print("首次运行出错：", [e.value for e in at.exception])
            return 1
        print(f"{'first run (parse + checks + library)':<40}{first:8.3f} s")
        slow = []
        for page in PAGES:
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                at.switch_page(f"pages/{page}.py").run()
                times.append(time.perf_counter() - start)
                if at.exception:
                    print(f"{page}: 出错", [e.value for e in at.exception])
                    return 1
            median, worst = statistics.median(times), max(times)
            flag = "" if median < BUDGET else "  OVER BUDGET"
            if median >= BUDGET:
                slow.append(page)
            print(f"{'pages/' + page + '.py':<40}{median:8.3f} s median {worst:8.3f} s max{flag}")
        return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
