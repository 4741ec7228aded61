"""Parse in a worker process with a time limit and a memory cap.

A pathological file (a PDF that makes pdfminer loop or balloon) must not hang or kill the
app that asked for it: the worker is killed at the limit and the caller gets a ReportError
with a Chinese message, like any other unreadable file.

The worker is a fresh interpreter (`python -m juesuan.parse.isolated`), not a
multiprocessing child: multiprocessing's spawn re-imports the caller's __main__, which
inside Streamlit is the page script itself.
"""
from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from pathlib import Path

from ..model import Report
from .errors import ReportError
from .settings import ParseSettings

_ROOT = Path(__file__).resolve().parents[2]  # the directory holding the juesuan package


class ParseTimeoutError(ReportError):
    code = "timeout"


class ParseResourceError(ReportError):
    code = "resources"


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _out_of_memory(err: BaseException | None) -> bool:
    seen = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, MemoryError):
            return True
        seen.add(id(err))
        err = err.__cause__ or err.__context__
    return False


def _serve() -> None:
    """Worker side: read (data, filename, settings, memory bytes) on stdin, answer on stdout."""
    data, filename, settings, memory_bytes = pickle.load(sys.stdin.buffer)
    from . import parse_report
    from .reader import preload_readers

    preload_readers()  # the cap is for the parse's own work, not for loading the libraries
    limit = _address_space() + memory_bytes  # allocation past it raises MemoryError here
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        answer = ("ok", parse_report(data, filename, settings))
    except ReportError as err:  # a reader may have read a failed allocation as a damaged file
        answer = ("memory", None) if _out_of_memory(err) else ("error", err)
    except MemoryError:
        answer = ("memory", None)
    except Exception as err:  # noqa: BLE001 — any parser bug becomes a message, not a traceback
        answer = ("bug", f"{type(err).__name__}: {err}")
    pickle.dump(answer, sys.stdout.buffer)


def parse_isolated(
    data: bytes,
    filename: str = "",
    settings: ParseSettings = ParseSettings(),
    timeout: float = 60.0,
    memory_mb: int = 1024,
) -> Report:
    """parse_report(data, filename) in a fresh process; raises ReportError on every failure.

    `memory_mb` is what the parse may allocate beyond the loaded program (a 40-page report
    needs well under 100 MB)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))}
    request = pickle.dumps((data, filename, settings, memory_mb * 1024 * 1024))
    proc = subprocess.Popen([sys.executable, "-m", "juesuan.parse.isolated"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        out, _ = proc.communicate(request, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise ParseTimeoutError(
            f"解析超时（超过{timeout:g}秒），文件可能异常复杂或已损坏，已停止解析。请检查文件，或拆分后重新上传。"
        ) from None
    try:
        status, payload = pickle.loads(out)
    except (pickle.UnpicklingError, EOFError, ValueError):
        status, payload = "memory", None  # the worker died without an answer: killed at the cap
    if status == "ok":
        return payload
    if status == "error":
        raise payload
    if status == "memory":
        raise ParseResourceError(
            f"解析该文件所需内存超过上限（{memory_mb}MB），已停止解析。请确认文件是否正常，或拆分后重新上传。"
        )
    raise ReportError(f"解析该文件时出现内部错误（{payload}）。文件已保留，请将其发送给系统维护人员。")


if __name__ == "__main__":
    _serve()
