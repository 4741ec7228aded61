"""Looking at processes from tests: is one alive, which workers did a process start."""
from __future__ import annotations

import time
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def workers_of(pid: int) -> list[int]:
    """Live worker processes started by process `pid` (they carry its pid in their environment)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"JUESUAN_WORKER_PARENT={pid}".encode() in environ and alive(int(proc.name)):
            found.append(int(proc.name))
    return found
