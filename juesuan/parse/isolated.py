"""Parse in a worker process with a time limit and a memory cap.

A pathological file (a PDF that makes pdfminer loop or balloon) must not hang or kill the
app that asked for it: the worker is killed at the limit and the caller gets a ReportError
with a Chinese message, like any other unreadable file.
"""
from __future__ import annotations

import multiprocessing as mp
import resource

from ..model import Report
from .errors import ReportError
from .settings import ParseSettings


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


def _worker(conn, data: bytes, filename: str, settings: ParseSettings, memory_bytes: int) -> None:
    from . import parse_report
    from .reader import preload_readers

    preload_readers()  # the cap is for the parse's own work, not for loading the libraries
    # A cap on address space: allocation past it raises MemoryError inside the worker.
    limit = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        conn.send(("ok", parse_report(data, filename, settings)))
    except ReportError as err:
        conn.send(("error", err))
    except MemoryError:
        conn.send(("memory", None))
    except Exception as err:  # noqa: BLE001 — any parser bug becomes a message, not a traceback
        conn.send(("bug", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


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
    ctx = mp.get_context("spawn")  # no fork: the caller may be a threaded server (Streamlit)
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, data, filename, settings, memory_mb * 1024 * 1024), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise ParseTimeoutError(
                f"解析超时（超过{timeout:g}秒），文件可能异常复杂或已损坏，已停止解析。请检查文件，或拆分后重新上传。"
            )
        try:
            status, payload = parent.recv()
        except EOFError:
            status, payload = "memory", None  # the worker died without a word: killed by the cap
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if status == "ok":
        return payload
    if status == "error":
        raise payload
    if status == "memory":
        raise ParseResourceError(
            f"解析该文件所需内存超过上限（{memory_mb}MB），已停止解析。请确认文件是否正常，或拆分后重新上传。"
        )
    raise ReportError(f"解析该文件时出现内部错误（{payload}）。文件已保留，请将其发送给系统维护人员。")
