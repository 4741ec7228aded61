"""Run a task on a user's file in a separate interpreter with a time limit and a memory cap.

Every entry point that reads a user's file (upload, `python -m juesuan parse|facts|check|
export|import`) parses and checks through a Worker, so a pathological file — one that makes
pdfminer loop, a Word table claiming millions of columns — fails alone with a Chinese
message instead of hanging or sinking the process that asked.

A Worker is a fresh interpreter (`python -m juesuan.worker`), not a multiprocessing child:
multiprocessing re-imports the caller's __main__, which inside Streamlit is the page script.
It serves one task at a time over its stdin/stdout (length-prefixed pickles) and is reused
while it stays healthy; it retires itself after a task that left it large, and the caller
kills it (its whole process group) at the time limit or on cancel. It dies with the thread
that started it (Linux PR_SET_PDEATHSIG): a killed importer or server leaves no workers.
Tasks are plain module-level functions, named by module and name, so another executor can
run the same functions. A task tells how far it is with `report_progress(done, total)`
(a scanned PDF's pages take seconds each): the caller reads it as `Worker.progress`, and
the time limit then counts from the last report, so a long file that moves on is not cut
off while one that stalls still is.
"""
from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .parse.errors import ReportError

_ROOT = Path(__file__).resolve().parents[1]  # the directory holding the juesuan package
_FRAME = struct.Struct(">Q")
_PR_SET_PDEATHSIG = 1
_PARENT_ENV = "JUESUAN_WORKER_PARENT"
_PROGRESS = b"progress:"  # a frame starting so is a progress report, not the answer


@dataclass(frozen=True)
class Limits:
    """What one task may take: wall-clock seconds, and memory beyond the loaded program
    (a 40-page report parses and checks in 1–3 s, in well under 100 MB)."""

    timeout: float = 90.0
    memory_mb: int = 1024

    @classmethod
    def configured(cls) -> Limits:
        """JUESUAN_TIMEOUT (seconds) and JUESUAN_MEMORY_MB where set, else the defaults."""
        limits = cls()
        return cls(_positive(os.environ.get("JUESUAN_TIMEOUT"), limits.timeout),
                   int(_positive(os.environ.get("JUESUAN_MEMORY_MB"), limits.memory_mb)))


def _positive(text: str | None, default: float) -> float:
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if value > 0 else default


DEFAULT_LIMITS = Limits.configured()


class ParseTimeoutError(ReportError):
    code = "timeout"


class ParseResourceError(ReportError):
    code = "resources"


class WorkerCancelled(Exception):
    """The task was cancelled by its caller (the session left, Ctrl-C); nothing to show."""


def timeout_message(limits: Limits) -> str:
    return (f"解析超时（超过{limits.timeout:g}秒），文件可能异常复杂或已损坏，已停止解析。"
            "请检查文件，或拆分后重新上传。")


def memory_message(limits: Limits) -> str:
    return (f"解析该文件所需内存超过上限（{limits.memory_mb}MB），已停止解析。"
            "请确认文件是否正常，或拆分后重新上传。")


def bug_message(detail: str) -> str:
    return f"解析该文件时出现内部错误（{detail}）。文件已保留，请将其发送给系统维护人员。"


def _out_of_memory(err: BaseException | None) -> bool:
    """Whether a MemoryError stands behind `err` (a reader may report a failed allocation
    as a damaged file)."""
    seen = set()
    while err is not None and id(err) not in seen:
        if isinstance(err, MemoryError):
            return True
        seen.add(id(err))
        err = err.__cause__ or err.__context__
    return False


class Worker:
    """One capped interpreter, started on first use by the thread that runs tasks on it."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits
        self._proc: subprocess.Popen | None = None
        self._cancelled = threading.Event()
        self.peak_mb = 0.0  # the largest resident size the last task's process reached
        self.progress: tuple[int, int] | None = None  # (done, total) the running task last reported

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def run(self, func: Callable, *args: Any, **kwargs: Any) -> Any:
        """func(*args, **kwargs) in the worker; raises a ReportError (the task's own, or
        ParseTimeoutError / ParseResourceError / an internal-error one) or WorkerCancelled."""
        if self._cancelled.is_set():
            raise WorkerCancelled()
        request = pickle.dumps((func.__module__, func.__qualname__, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        proc = self._started()
        self.progress = None
        try:
            _write_frame(proc.stdin, request)
            answer = self._answer(proc)
        except TimeoutError:  # before OSError, of which it is one
            self.peak_mb = _vm_hwm_mb(proc.pid)
            self.kill()
            raise ParseTimeoutError(timeout_message(self.limits)) from None
        except (EOFError, OSError):
            answer = None  # the worker died: killed at the cap, cancelled, or crashed
        if answer is None:
            code = proc.wait()
            self.kill()
            if self._cancelled.is_set():
                raise WorkerCancelled()
            if code == -signal.SIGKILL:  # the kernel's out-of-memory killer
                raise ParseResourceError(memory_message(self.limits))
            raise ReportError(bug_message(f"处理进程意外退出，退出码{code}"))
        status, payload, peak_mb, retiring = pickle.loads(answer)
        self.peak_mb = peak_mb
        if retiring:
            self.close()
        if status == "ok":
            return payload
        if status == "error":
            raise payload
        if status == "memory":
            raise ParseResourceError(memory_message(self.limits))
        raise ReportError(bug_message(payload))

    def _answer(self, proc: subprocess.Popen) -> bytes:
        """The task's answer frame, taking its progress reports on the way."""
        while True:
            frame = _read_frame(proc.stdout, time.monotonic() + self.limits.timeout)
            if not frame.startswith(_PROGRESS):
                return frame
            self.progress = pickle.loads(frame[len(_PROGRESS):])

    def reset(self) -> None:
        """Ready for the next job after a cancelled one."""
        self._cancelled.clear()

    def cancel(self) -> None:
        """Stop the running task from another thread: run() raises WorkerCancelled (the
        thread running it cleans up; only the signal is sent from here)."""
        self._cancelled.set()
        proc = self._proc
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: whatever it started dies too
        except ProcessLookupError:
            pass
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            pipe.close()

    def close(self) -> None:
        """Let the worker end (it exits at the end of its input), or kill it if it must."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.stdin.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc = proc
            self.kill()
            return
        proc.stdout.close()

    def _started(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self.kill()
        path = os.pathsep.join(filter(None, [str(_ROOT), os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path, _PARENT_ENV: str(os.getpid())}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "juesuan.worker", str(self.limits.memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            start_new_session=True,  # a terminal's Ctrl-C reaches the caller, which ends its workers
        )
        return self._proc


def run_isolated(func: Callable, *args: Any, limits: Limits = DEFAULT_LIMITS, **kwargs: Any) -> Any:
    """One task in a worker of its own, ended afterwards (for the command line)."""
    worker = Worker(limits)
    try:
        return worker.run(func, *args, **kwargs)
    finally:
        worker.kill()


def _write_frame(pipe, data: bytes) -> None:
    pipe.write(_FRAME.pack(len(data)))
    pipe.write(data)
    pipe.flush()


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    parts, left = [], size
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _read_frame(pipe, deadline: float | None) -> bytes:
    fd = pipe.fileno()
    (size,) = _FRAME.unpack(_read_exactly(fd, _FRAME.size, deadline))
    return _read_exactly(fd, size, deadline)


def _vm_hwm_mb(pid: int | str | None, field: str = "VmHWM") -> float:
    """A live process's peak resident size (Linux /proc; pid or 'self'), 0 where unavailable;
    `field` VmPeak: its peak virtual size instead."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


# --- the worker side -------------------------------------------------------------------

_answers = None  # this worker's answer pipe, while it serves


def report_progress(done: int, total: int) -> None:
    """Tell the caller how far the running task is (nothing outside a worker)."""
    if _answers is not None:
        _write_frame(_answers, _PROGRESS + pickle.dumps((done, total)))


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _die_with_parent() -> None:
    """Get SIGKILL when the thread that started this worker ends, however it ends."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the caller's kill on timeout still holds
        return
    if str(os.getppid()) != os.environ.get(_PARENT_ENV):
        os._exit(1)  # the parent died before the request above took effect


def _answer(module: str, name: str, args: tuple, kwargs: dict) -> tuple[str, Any]:
    try:
        func = getattr(importlib.import_module(module), name)
        return "ok", func(*args, **kwargs)
    except ReportError as err:
        return ("memory", None) if _out_of_memory(err) else ("error", err)
    except MemoryError:
        return "memory", None
    except Exception as err:  # noqa: BLE001 — any bug becomes a message, not a traceback
        return "bug", f"{type(err).__name__}: {err}"


def _serve(memory_mb: int) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller decides when to stop
    from . import ingest  # noqa: F401 — the tasks and everything they import, loaded before the cap
    from .parse.reader import preload_readers

    preload_readers()  # the cap is for the task's own work, not for loading the libraries
    baseline = _address_space()
    limit = baseline + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    global _answers
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    _answers = stdout
    while True:
        try:
            request = _read_frame(stdin, None)
        except EOFError:
            return
        status, payload = _answer(*pickle.loads(request))
        # A failed allocation does not always surface as MemoryError (a C library may return an
        # error without one, a reader may call the file damaged, a page may be skipped): a task
        # that reached the cap failed for memory, whatever it answered.
        if _vm_hwm_mb("self", "VmPeak") * 1024 * 1024 >= limit - memory_mb * 1024 * 1024 // 20:
            status, payload = "memory", None
        # A failed task may have left damaged state; a large heap stays large: start afresh
        # (which also resets the peak the rule above reads).
        retiring = status in ("memory", "bug") or _address_space() > baseline + memory_mb * 1024 * 1024 // 2
        peak_mb = _vm_hwm_mb("self")  # not ru_maxrss: Linux carries the parent's over fork and exec
        try:
            body = pickle.dumps((status, payload, peak_mb, retiring), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            body, retiring = pickle.dumps(("memory", None, peak_mb, True)), True
        except Exception as err:  # noqa: BLE001 — an answer that cannot be sent is a bug to report
            body, retiring = pickle.dumps(("bug", f"{type(err).__name__}: {err}", peak_mb, True)), True
        _write_frame(stdout, body)
        if retiring:
            return


if __name__ == "__main__":
    # served by the package's module, not by __main__: a task's report_progress is that one
    importlib.import_module("juesuan.worker")._serve(int(sys.argv[1]))
