"""Batch import into the report library: `python -m juesuan import PATH... [--jobs N] [--cluster ADDRESS]`.

Each file goes through juesuan.ingest — the same path as an upload: recognised by its
sha256 (a file already in the library is only brought up to date), parsed and checked in a
capped worker (juesuan.pool: N workers, each with a time limit and a memory cap, so a
pathological file fails alone), and added in one transaction, last year's report found and
next year's re-checked as it arrives. The main process prints one line per file as it
finishes (imported / new version / already present / failed with the Chinese reason), a
progress bar on a terminal, and a summary — also when Ctrl-C stops the batch, which ends
every worker and keeps what was stored. A file's failure never stops the batch.

With `--cluster tcp://host:8786` the parsing and checks run on a Dask cluster instead
(juesuan.cluster: the same tasks in the same capped workers, there), and this process
stores as before; only a cluster that can no longer be used stops the batch.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from .ingest import Run, ingest
from .parse import ReportError
from .pool import PoolUnavailable, WorkerPool
from .safetext import shown
from .store import Entry, Library, LibraryUnavailable
from .userio import INTERRUPTED, read_error
from .worker import Limits

# the document kinds a folder is searched for (other kinds can still be named one by one)
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".xlsx", ".txt"}
STATUS_WORDS = {"imported": "已导入", "new_version": "新版本", "present": "已存在", "failed": "失败"}


@dataclass(frozen=True)
class FileResult:
    path: str
    status: str  # imported / new_version / present / failed
    message: str  # what the line says after the status word


@dataclass
class Summary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    total: int = 0  # files and paths named, processed or not
    interrupted: bool = False
    stopped: bool = False  # the cluster was lost before the end (PoolUnavailable says why)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def line(self) -> str:
        n = len(self.results)
        rate = n / self.seconds if self.seconds > 0 else 0.0
        counts = (f"新导入{self.count('imported')}，新版本{self.count('new_version')}，"
                  f"已存在{self.count('present')}，失败{self.count('failed')}；用时{self.seconds:.1f}秒（{rate:.2f}个/秒）。")
        if self.interrupted or self.stopped:
            word = "中断" if self.interrupted else "停止"
            return f"导入已{word}：共{self.total}个文件，已处理{n}个（未处理的{self.total - n}个未导入），" + counts
        return f"导入完成：共{n}个文件，" + counts


def collect(paths: list[str]) -> tuple[list[Path], list[FileResult]]:
    """Files to import (folders searched recursively for documents), and failures for
    paths that do not exist or cannot be read."""
    files: list[Path] = []
    missing: list[FileResult] = []
    for name in paths:
        path = Path(name)
        try:
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES))
            elif path.is_file():
                files.append(path)
            else:
                missing.append(FileResult(name, "failed", "文件或文件夹不存在"))
        except PermissionError:
            missing.append(FileResult(name, "failed", "没有读取权限"))
    return list(dict.fromkeys(files)), missing


def import_one(run: Run, library: Library, path: str, unit: str | None, loaded_by: str) -> FileResult:
    """Import one file; every failure of the file becomes a Chinese reason (a cancelled run
    is not the file's failure and goes up)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return FileResult(path, "failed", f"无法读取文件（{read_error(err)}）")
    try:
        result = ingest(run, library, data, Path(path).name, loaded_by, unit)
    except ReportError as err:
        return FileResult(path, "failed", err.message)
    except SQLAlchemyError as err:  # the library refused it (full disk, lost connection): the batch goes on
        return FileResult(path, "failed", f"保存到报告库时出错（{type(err).__name__}），未保存。请检查报告库后重新导入该文件。")
    entry = result.entry
    if result.status == "present":
        return FileResult(path, "present", f"与库中第{entry.id}号报告（{_describe(entry)}）内容相同，未重复保存")
    counts = f"错误{entry.errors}、警告{entry.warnings}、提示{entry.notes}"
    incomplete = f"；有{entry.unread_pages}页未能读取，报告不完整" if entry.incomplete else ""
    return FileResult(path, result.status, f"第{entry.id}号：{_describe(entry)}；{counts}{incomplete}")


def _describe(entry: Entry) -> str:
    year = f"{entry.year}年" if entry.year is not None else "年度未识别"
    return f"{entry.unit} {year} 第{entry.version}版"


# --- the main side ---------------------------------------------------------------------


class _Progress:
    """One line per file on `out`; a redrawn bar on stderr when it is a terminal."""

    def __init__(self, total: int, out: TextIO, bar: bool):
        self.total, self.done, self.out, self.bar = total, 0, out, bar

    def report(self, result: FileResult) -> None:
        self.done += 1
        if self.bar:
            sys.stderr.write("\r\033[K")
        width = len(str(self.total))
        print(f"[{self.done:>{width}}/{self.total}] {STATUS_WORDS[result.status]}  {shown(result.path)}：{result.message}",
              file=self.out, flush=True)
        self.draw()

    def draw(self) -> None:
        if self.bar and self.total:
            filled = 30 * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.bar:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def import_files(
    paths: list[str],
    jobs: int | None = None,
    url: str | None = None,
    loaded_by: str = "",
    units: dict[str, str] | None = None,
    timeout: float = 120.0,
    memory_mb: int = 3072,
    out: TextIO | None = None,
    progress_bar: bool | None = None,
    cluster: str | None = None,
) -> Summary:
    """Import files and folders with `jobs` workers, or with the Dask cluster at `cluster`
    (`jobs` files at once, default twice its threads). `units` maps a path (as collected) to
    a unit name that replaces the parsed one, e.g. for copies of a report. Ctrl-C stops the
    batch: the summary says what was done, and KeyboardInterrupt goes up after it; so does
    PoolUnavailable when the cluster cannot be reached or is lost."""
    out = out or sys.stdout
    started = time.perf_counter()
    files, missing = collect(paths)
    library = Library(url)  # opened (created, migrated) once, before any file: LibraryUnavailable
    try:
        pool = _pool(cluster, jobs, Limits(timeout, memory_mb))
    except BaseException:
        library.close()
        raise
    progress = _Progress(len(files) + len(missing), out, sys.stderr.isatty() if progress_bar is None else progress_bar)
    summary = Summary(total=len(files) + len(missing))
    units = units or {}
    futures: list = []
    reported: set = set()

    def report(future) -> None:
        reported.add(future)
        result = future.result()
        progress.report(result)
        summary.results.append(result)

    try:
        with pool:
            for result in missing:
                progress.report(result)
                summary.results.append(result)
            futures = [pool.submit(import_one, library, str(p), units.get(str(p)), loaded_by).future for p in files]
            for future in as_completed(futures):
                report(future)
    except (KeyboardInterrupt, PoolUnavailable) as err:
        # leaving the pool's block cancelled every job and ended its workers; a job that was
        # storing finished its store meanwhile: it is reported, so the summary counts it
        for future in futures:
            if future not in reported and future.done() and not future.cancelled() and future.exception() is None:
                report(future)
        summary.interrupted = isinstance(err, KeyboardInterrupt)
        summary.stopped = not summary.interrupted
        if summary.stopped:
            raise
    finally:
        progress.close()
        library.close()
        summary.seconds = time.perf_counter() - started
        print(summary.line(), file=out, flush=True)
    if summary.interrupted:
        raise KeyboardInterrupt
    return summary


def _pool(cluster: str | None, jobs: int | None, limits: Limits) -> WorkerPool:
    if cluster is None:
        return WorkerPool(max(1, jobs or 1), limits)
    from .cluster import ClusterPool  # only here: nothing else needs dask installed or imported

    return ClusterPool(cluster, jobs, limits)


def _run(args: argparse.Namespace) -> int:
    try:
        summary = import_files(args.paths, jobs=args.jobs, url=args.db, loaded_by=args.by, timeout=args.timeout,
                               cluster=args.cluster)
    except LibraryUnavailable as err:
        print(f"无法打开报告库：{err.message}", file=sys.stderr)
        return 2
    except PoolUnavailable as err:
        print(err.message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return INTERRUPTED
    return 1 if summary.count("failed") else 0


def add_import_command(subparsers) -> argparse.ArgumentParser:
    """Register `import` on the CLI's subparsers; `args.run(args)` returns the exit status:
    0 when every file was imported or already present, 1 when any failed, 2 when the
    library cannot be opened or the cluster cannot be used."""
    p = subparsers.add_parser("import", help="批量导入报告到报告库（文件或文件夹）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（递归查找 .pdf/.docx/.xlsx/.txt）")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="同时处理的文件数（默认1；用 --cluster 时默认为集群线程数的2倍）")
    p.add_argument("--cluster", default=None, metavar="ADDRESS",
                   help="在 Dask 计算集群上解析和审核（调度器地址，如 tcp://主机:8786）；报告仍由本机存入报告库")
    p.add_argument("--db", default=None, help="报告库地址（默认：JUESUAN_DB_URL 或 data/library.db）")
    p.add_argument("--by", default=_current_user(), help="导入人（默认：当前系统用户）")
    p.add_argument("--timeout", type=float, default=120.0, help="单个文件的解析时限（秒，默认120）")
    p.set_defaults(run=_run)
    return p


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "")
