"""Reading the file a user named and writing where a user asked, for the command line: every
ordinary mistake (no such file, a folder, no permission, a full disk) is a Chinese reason.
The report itself is parsed and checked in a capped worker (juesuan.worker), as uploads are.
"""
from __future__ import annotations

import errno
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from .checks import CheckResult
from .ingest import check_report, parse_file, restored_result
from .model import Report
from .parse import ReportError
from .safetext import shown
from .worker import DEFAULT_LIMITS, Limits, Worker


class InputError(ReportError):
    code = "input"


class OutputError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_error(err: OSError) -> str:
    """Why a file could not be read, in Chinese."""
    if isinstance(err, FileNotFoundError):
        return "文件不存在"
    if isinstance(err, IsADirectoryError):
        return "这是文件夹，不是文件"
    if isinstance(err, PermissionError):
        return "没有读取权限"
    return "文件无法打开"


def write_error(err: OSError) -> str:
    """Why a file could not be written, in Chinese."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足，请清理空间或换一个位置"
    if isinstance(err, PermissionError) or err.errno == errno.EROFS:
        return "没有写入权限，请换一个位置"
    if isinstance(err, IsADirectoryError):
        return "该位置是文件夹，请指定文件名"
    if isinstance(err, (NotADirectoryError, FileExistsError)):
        return "上级路径不是文件夹"
    return "无法写入该位置"


INTERRUPTED = 130  # the exit status of a command stopped by Ctrl-C


def command(run: Callable[..., int]) -> Callable[..., int]:
    """A command's `run(args)` that ends every ordinary failure with its Chinese message on
    stderr and exit status 2 (130 for Ctrl-C), never a traceback."""

    @functools.wraps(run)
    def guarded(args) -> int:
        try:
            return run(args)
        except ReportError as err:
            where = getattr(args, "file", None) or ""
            prefix = "" if err.message.startswith("无法读取") else f"无法读取 {shown(where)}："
            print(prefix + err.message, file=sys.stderr)
        except OutputError as err:
            print(err.message, file=sys.stderr)
        except KeyboardInterrupt:
            print("已中断。", file=sys.stderr)
            return INTERRUPTED
        return 2

    return guarded


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"无法读取 {shown(path)}：{read_error(err)}") from None


def write_file(path: str, data: bytes) -> Path:
    out = Path(path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as err:
        raise OutputError(f"无法写入 {shown(path)}：{write_error(err)}") from None
    return out


def parse_path(path: str, limits: Limits = DEFAULT_LIMITS) -> Report:
    """The report in a file, parsed in a capped worker; ReportError (Chinese) on failure."""
    return analyse_paths(path, check=False, limits=limits)[0]


def analyse_paths(path: str, previous: str | None = None, check: bool = True,
                  limits: Limits = DEFAULT_LIMITS) -> tuple[Report, Report | None, CheckResult | None]:
    """A file (and last year's, if named) parsed and checked in one capped worker."""
    data = read_file(path)
    previous_data = read_file(previous) if previous else None
    worker = Worker(limits)
    try:
        report = _named(path, worker.run, parse_file, data, Path(path).name)
        last = _named(previous, worker.run, parse_file, previous_data, Path(previous).name) if previous else None
        result = restored_result(worker.run(check_report, report, last)) if check else None
    finally:
        worker.kill()
    return report, last, result


def _named(path: str, run, *task) -> Report:
    try:
        return run(*task)
    except ReportError as err:
        if isinstance(err, InputError):
            raise
        raise InputError(f"无法读取 {shown(path)}：{err.message}") from None
