"""Batch-import speed and picker speed of the report library (figures only, no assertions).

    python bench/import_bench.py [--files 200] [--pdf-every 4] [--db URL] [--cluster ADDRESS]

Makes N report files, each a different unit: copies of the text seed with the unit name
rewritten, and — every k-th file — a copy of a corpus PDF (cycling through them) with a
byte appended after its end so it is a new file, its unit overridden at import. Imports
them into a fresh library with `--jobs 1`, `--jobs 2` and on a Dask cluster (`--cluster`: a
scheduler and two single-threaded workers started here, as the tests start them, unless an
ADDRESS is given) and prints files/s and the ratios to `--jobs 1`, and the CPU time spent by
the local imports (which other load on the machine does not inflate), then times listing the N reports as the picker does (all versions, and latest only) and
loading one report. SQLite in a temporary folder by default; `--db postgresql://…` runs on a
server instead, each run in its own schema, dropped afterwards.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS_DIRS = (ROOT.parent / "shared" / "corpus", ROOT / "tests" / "fixtures", ROOT / "data" / "samples")

import sqlalchemy as sa  # noqa: E402

from juesuan.importer import import_files  # noqa: E402
from juesuan.parse import parse_report  # noqa: E402
from juesuan.store import Library, normalize_url  # noqa: E402
from tests.cluster_support import DaskCluster  # noqa: E402


def make_copies(folder: Path, count: int, pdf_every: int) -> tuple[list[str], dict[str, str]]:
    """`count` files of distinct units, and the unit overrides for the PDF copies."""
    seed = next(d / "yangquan-2024.txt" for d in CORPUS_DIRS if (d / "yangquan-2024.txt").exists())
    text = seed.read_text(encoding="utf-8")
    seed_unit = parse_report(seed).header.unit
    pdfs = sorted({p.name: p for d in reversed(CORPUS_DIRS) if d.is_dir() for p in d.glob("*.pdf")}.values())
    folder.mkdir(parents=True, exist_ok=True)
    paths, units = [], {}
    for i in range(count):
        unit = f"示例市第{i + 1:03d}单位"
        if pdf_every and i % pdf_every == pdf_every - 1 and pdfs:
            source = pdfs[(i // pdf_every) % len(pdfs)]
            path = folder / f"{i:03d}-{source.name}"
            path.write_bytes(source.read_bytes() + f"\n%bench copy {i}\n".encode())
            units[str(path)] = unit
        else:
            path = folder / f"{i:03d}-{unit}.txt"
            path.write_text(text.replace(seed_unit, unit), encoding="utf-8")
        paths.append(str(path))
    return paths, units


class FreshLibrary:
    """A URL of an empty library: a new SQLite file, or a new schema on a server."""

    def __init__(self, base: str | None, folder: Path, name: str):
        self.base, self.schema = base, None
        if base is None:
            self.url = f"sqlite:///{folder / name / 'library.db'}"
            return
        self.schema = "bench_" + uuid.uuid4().hex[:10]
        with sa.create_engine(normalize_url(base)).begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {self.schema}")
        self.url = base + ("&" if "?" in base else "?") + "options=" + quote(f"-csearch_path={self.schema}")

    def drop(self) -> None:
        if self.schema:
            with sa.create_engine(normalize_url(self.base)).begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {self.schema} CASCADE")


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: unlike wall time, not inflated
    when other work shares the machine."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed(fn, repeat: int) -> float:
    """Median wall time of `fn()` in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--pdf-every", type=int, default=4, help="every k-th file is a PDF copy (0: text only)")
    ap.add_argument("--db", default=None, help="a PostgreSQL URL (default: SQLite in a temporary folder)")
    ap.add_argument("--cluster", default=None, help="a Dask scheduler's address (default: start one and two workers here)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths, units = make_copies(folder / "files", args.files, args.pdf_every)
        print(f"{len(paths)} files: {len(paths) - len(units)} text copies, {len(units)} PDF copies; "
              f"{os.cpu_count()} CPUs; library: {'PostgreSQL' if args.db else 'SQLite'}")
        rates = {}
        for jobs in (1, 2):
            library = FreshLibrary(args.db, folder, f"jobs{jobs}")
            try:
                cpu_before = _cpu_seconds()
                summary = import_files(paths, jobs=jobs, url=library.url, units=units, out=io.StringIO())
                cpu = _cpu_seconds() - cpu_before
                rates[jobs] = len(paths) / summary.seconds
                print(f"--jobs {jobs}: {summary.seconds:6.1f} s, {rates[jobs]:6.2f} files/s; "
                      f"CPU {cpu:.1f} s ({cpu / len(paths) * 1000:.0f} ms/file)" + _not_imported(summary))
                if jobs == 2:
                    lib = Library(library.url)
                    listed = lib.entries()
                    some = listed[len(listed) // 2].id
                    print(f"ratio jobs2/jobs1: {rates[2] / rates[1]:.2f}")
                    print(f"picker over {len(listed)} reports: list all {timed(lib.entries, 20):.1f} ms, "
                          f"latest only {timed(lambda: lib.entries(latest_only=True), 20):.1f} ms, "
                          f"search {timed(lambda: lib.entries('第1'), 20):.1f} ms; "
                          f"load one report {timed(lambda: lib.load(some), 10):.1f} ms")
                    lib.close()
            finally:
                library.drop()
        library = FreshLibrary(args.db, folder, "cluster")
        try:
            with contextlib.ExitStack() as stack:
                address = args.cluster or stack.enter_context(DaskCluster(workers=2)).address
                summary = import_files(paths, url=library.url, units=units, out=io.StringIO(), cluster=address)
            rate = len(paths) / summary.seconds
            where = address if args.cluster else "a scheduler and 2 single-threaded workers started here"
            print(f"--cluster ({where}): {summary.seconds:6.1f} s, {rate:6.2f} files/s; "
                  f"ratio cluster/jobs1: {rate / rates[1]:.2f}, cluster/jobs2: {rate / rates[2]:.2f}" + _not_imported(summary))
        finally:
            library.drop()


def _not_imported(summary) -> str:
    failed = [r for r in summary.results if r.status != "imported"]
    return f"  ({len(failed)} not imported: {failed[0].message})" if failed else ""


if __name__ == "__main__":
    main()
