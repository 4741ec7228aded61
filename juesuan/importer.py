"""Batch import into the report library: `python -m juesuan import PATH... [--jobs N]`.

Each file is read, recognised by its sha256 (a file already in the library is not parsed
again), parsed, checked, and added in one transaction. Files go to N worker processes; the
main process prints one line per file as it finishes (imported / new version / already
present / failed with the Chinese reason), a progress bar on a terminal, and a summary.
A failure never stops the batch. A worker has a time limit and a memory cap per file, so a
pathological file fails alone instead of hanging the batch.
"""
from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import resource
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from .model import Report
from .parse import ReportError, parse_report
from .parse.isolated import ParseTimeoutError
from .serialize import to_jsonable
from .store import Entry, Library

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

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def line(self) -> str:
        n = len(self.results)
        rate = n / self.seconds if self.seconds > 0 else 0.0
        return (
            f"导入完成：共{n}个文件，新导入{self.count('imported')}，新版本{self.count('new_version')}，"
            f"已存在{self.count('present')}，失败{self.count('failed')}；用时{self.seconds:.1f}秒（{rate:.2f}个/秒）。"
        )


def findings_for(report: Report) -> list[dict]:
    """The checks' findings as JSON-able dicts, or none while the checks are not available.

    Kept small on purpose: the checks module is being written alongside; once its API is
    settled this should call it directly.
    """
    try:
        from .checks import run_checks
    except ImportError:
        return []
    result = run_checks(report)
    items = getattr(result, "findings", result)  # a list of findings, or a result holding them
    return [f if isinstance(f, dict) else f.to_dict() if hasattr(f, "to_dict") else to_jsonable(f) for f in items]


def collect(paths: list[str]) -> tuple[list[Path], list[FileResult]]:
    """Files to import (folders searched recursively for documents), and failures for
    paths that do not exist."""
    files: list[Path] = []
    missing: list[FileResult] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(FileResult(name, "failed", "文件或文件夹不存在"))
    return list(dict.fromkeys(files)), missing


# --- the worker side -------------------------------------------------------------------

_library: Library | None = None
_settings: dict = {}


def _init_worker(url: str | None, loaded_by: str, timeout: float, memory_mb: int) -> None:
    global _library
    _library = Library(url)
    _settings.update(loaded_by=loaded_by, timeout=timeout)
    if memory_mb:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _on_alarm(_signum, _frame):
    raise ParseTimeoutError(
        f"解析超时（超过{_settings['timeout']:g}秒），文件可能异常复杂或已损坏，已跳过。"
    )


def _parse_with_limit(data: bytes, filename: str) -> Report:
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, _settings["timeout"])
    try:
        return parse_report(data, filename)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def import_one(path: str, unit: str | None = None) -> FileResult:
    """Import one file into this worker's library; every failure becomes a Chinese reason."""
    assert _library is not None, "import_one runs in a worker set up by _init_worker"
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return FileResult(path, "failed", f"无法读取文件（{err.strerror or err}）")
    known = _library.find(hashlib.sha256(data).hexdigest())
    if known is not None:
        return _present(path, known)
    try:
        report = _parse_with_limit(data, Path(path).name)
        if unit:
            report.header.unit = unit
        findings = findings_for(report)
        result = _library.add(data, Path(path).name, report, findings, loaded_by=_settings["loaded_by"])
    except ReportError as err:
        return FileResult(path, "failed", err.message)
    except MemoryError:
        return FileResult(path, "failed", "解析该文件所需内存超过上限，已跳过。请确认文件是否正常。")
    except Exception as err:  # noqa: BLE001 — a bug on one file must not stop the batch
        return FileResult(path, "failed", f"处理时出现内部错误（{type(err).__name__}: {err}），已跳过。")
    entry = result.entry
    if result.status == "present":  # another worker stored the same bytes meanwhile
        return _present(path, entry)
    counts = f"错误{entry.errors}、警告{entry.warnings}、提示{entry.notes}"
    return FileResult(path, result.status, f"第{entry.id}号：{_describe(entry)}；{counts}")


def _describe(entry: Entry) -> str:
    year = f"{entry.year}年" if entry.year is not None else "年度未识别"
    return f"{entry.unit} {year} 第{entry.version}版"


def _present(path: str, entry: Entry) -> FileResult:
    return FileResult(path, "present", f"与库中第{entry.id}号报告（{_describe(entry)}）内容相同，未重复保存")


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
        print(f"[{self.done:>{width}}/{self.total}] {STATUS_WORDS[result.status]}  {result.path}：{result.message}",
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
    jobs: int = 1,
    url: str | None = None,
    loaded_by: str = "",
    units: dict[str, str] | None = None,
    timeout: float = 120.0,
    memory_mb: int = 3072,
    out: TextIO | None = None,
    progress_bar: bool | None = None,
) -> Summary:
    """Import files and folders with `jobs` worker processes. `units` maps a path (as
    collected) to a unit name that replaces the parsed one, e.g. for copies of a report."""
    out = out or sys.stdout
    started = time.perf_counter()
    files, missing = collect(paths)
    Library(url).close()  # create or migrate the library once, before the workers open it
    progress = _Progress(len(files) + len(missing), out, sys.stderr.isatty() if progress_bar is None else progress_bar)
    summary = Summary()
    for result in missing:
        progress.report(result)
        summary.results.append(result)
    pending = [str(p) for p in files]
    units = units or {}
    # A worker killed outright (the kernel's OOM killer, a crash in a C library) breaks the
    # pool and every unfinished file with it. Those files are retried with one worker, where
    # files run in order: the first one that breaks that pool is the culprit and fails alone.
    while pending:
        broken: list[str] = []
        with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_init_worker,
                                 initargs=(url, loaded_by, timeout, memory_mb)) as pool:
            futures = {pool.submit(import_one, p, units.get(p)): p for p in pending}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(futures[future])
                    continue
                progress.report(result)
                summary.results.append(result)
        broken.sort(key=pending.index)
        if broken and jobs <= 1:
            result = FileResult(broken.pop(0), "failed", "处理进程意外退出（文件可能异常），已跳过。")
            progress.report(result)
            summary.results.append(result)
        pending, jobs = broken, 1
    progress.close()
    summary.seconds = time.perf_counter() - started
    print(summary.line(), file=out, flush=True)
    return summary


def _run(args: argparse.Namespace) -> int:
    try:
        summary = import_files(args.paths, jobs=args.jobs, url=args.db, loaded_by=args.by, timeout=args.timeout)
    except (SQLAlchemyError, RuntimeError, OSError) as err:  # the library itself cannot be opened
        print(f"无法打开报告库：{getattr(err, 'orig', None) or err}", file=sys.stderr)
        return 2
    return 1 if summary.count("failed") else 0


def add_import_command(subparsers) -> argparse.ArgumentParser:
    """Register `import` on the CLI's subparsers; `args.run(args)` returns the exit status:
    0 when every file was imported or already present, 1 when any failed, 2 when the
    library cannot be opened."""
    p = subparsers.add_parser("import", help="批量导入报告到报告库（文件或文件夹）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹（递归查找 .pdf/.docx/.xlsx/.txt）")
    p.add_argument("--jobs", "-j", type=int, default=1, help="并行进程数（默认1）")
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
