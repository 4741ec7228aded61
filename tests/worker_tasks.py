"""Task functions for the worker and pool tests (a worker imports a task by module and name)."""
from __future__ import annotations

import os
import time


def sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def pid() -> int:
    return os.getpid()


def die() -> None:
    os._exit(9)  # a crash no exception handler sees


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def spawn_child(seconds: float) -> int:
    """Start a grandchild (as OCR would start a tool) and wait; returns nothing in time."""
    import subprocess

    child = subprocess.Popen(["sleep", str(seconds)])
    with open(os.environ["GRANDCHILD_PID_FILE"], "w") as f:
        f.write(str(child.pid))
    child.wait()
    return child.pid


def sleep_job(run, seconds: float) -> int:
    """A pool job: one task in the job's worker."""
    return run(sleep, seconds)


def pages(count: int, seconds: float) -> int:
    """A task that takes `seconds` a page and says so after each, as parse_file does."""
    from juesuan.worker import report_progress

    for done in range(1, count + 1):
        time.sleep(seconds)
        report_progress(done, count)
    return count
