"""Upload → 概览: wall seconds from a PDF's bytes to the overview page drawn (figures only).

    python bench/upload_bench.py [--rounds N] [FILE.pdf ...]

What an upload does, in the same order: parse and check in a worker (one of the app's pool,
already started as the pool keeps them), store in a fresh SQLite library, then run the app
on the 概览 page with that report chosen (AppTest). Each file is uploaded N times into a
new library (median of N); the parse-and-check and the page are shown apart. Default
files: the corpus reports of 20–30 pages.
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
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT = ["real/shanghai-putuo-shehuigongzuobu-2024.pdf", "shifan-transport-2024.pdf", "real/shanghai-putuo-guihuaziyuan-2024.pdf"]


def upload_once(path: Path, worker) -> tuple[float, float]:
    """(seconds to parse, check and store; seconds to draw 概览)."""
    from streamlit.testing.v1 import AppTest

    from components import state
    from juesuan import ingest
    from juesuan.store import Library

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/library.db"
        os.environ["JUESUAN_DB_URL"] = url
        data = path.read_bytes()
        start = time.perf_counter()
        entry = ingest.ingest(worker.run, Library(url), data, path.name).entry
        stored = time.perf_counter() - start
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state[state.PENDING] = entry.id
        start = time.perf_counter()
        at.run()
        drawn = time.perf_counter() - start
        if at.exception:
            raise SystemExit(f"概览 failed: {[e.value for e in at.exception]}")
        return stored, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    from juesuan.parse.reader import preload_readers
    from juesuan.worker import Worker

    paths = [Path(f) for f in args.files] or [CORPUS / name for name in DEFAULT if (CORPUS / name).exists()]
    worker = Worker()
    try:
        worker.run(preload_readers)  # the pool's workers are started once and reused
        print(f"wall seconds, median of {args.rounds} (a warm worker, a fresh library each time)")
        print(f"{'file':42} {'pages':>5} {'parse+check+store':>18} {'概览 drawn':>11} {'upload→概览':>12}")
        for path in paths:
            runs = [upload_once(path, worker) for _ in range(args.rounds)]
            stored = statistics.median(r[0] for r in runs)
            drawn = statistics.median(r[1] for r in runs)
            pages = _pages(path)
            print(f"{path.name:42} {pages:>5} {stored:>17.2f}s {drawn:>10.2f}s {stored + drawn:>11.2f}s")
    finally:
        worker.kill()


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(path))


if __name__ == "__main__":
    main()
