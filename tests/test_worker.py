"""The capped worker: results come back whole, every failure comes back as a ReportError with a
Chinese message, and no worker outlives the time limit, a cancel, or the process that started it."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from juesuan.ingest import check_report, parse_file
from juesuan.parse.errors import CorruptFileError, EmptyFileError, ReportError
from juesuan.worker import Limits, ParseResourceError, ParseTimeoutError, Worker, WorkerCancelled, _out_of_memory

from . import worker_tasks
from .corpus import corpus_file
from .processes import alive, wait_gone

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def worker():
    w = Worker(Limits(timeout=60, memory_mb=1024))
    yield w
    w.kill()


def test_worker_parses_and_checks_and_is_reused(worker):
    data = corpus_file("yangquan-2024.pdf").read_bytes()
    report = worker.run(parse_file, data, "yangquan-2024.pdf")
    first = worker.pid
    checked = worker.run(check_report, report, None)
    assert report.header.unit == "阳泉市国库集中支付中心"
    assert report.tables["公开01"].value("收入.总计") is not None
    assert checked.findings and all("rule" in f and "severity" in f for f in checked.findings)
    assert worker.pid == first != os.getpid()  # one interpreter served both tasks
    assert 0 < worker.peak_mb < 1024 + 400


def test_typed_errors_cross_the_process_boundary(worker):
    with pytest.raises(EmptyFileError) as err:
        worker.run(parse_file, b"", "empty.pdf")
    assert "文件为空" in err.value.message


def test_time_limit_kills_the_worker_and_its_process_group(tmp_path, monkeypatch):
    monkeypatch.setenv("GRANDCHILD_PID_FILE", str(tmp_path / "grandchild"))
    w = Worker(Limits(timeout=3, memory_mb=1024))
    w.run(worker_tasks.pid)  # started: the limit below is the task's alone
    started = time.monotonic()
    with pytest.raises(ParseTimeoutError) as err:
        w.run(worker_tasks.spawn_child, 600)
    assert time.monotonic() - started < 15
    assert "解析超时（超过3秒）" in err.value.message
    assert wait_gone(int((tmp_path / "grandchild").read_text()))  # what the worker started died with it
    assert w.pid is None


def test_memory_cap_fails_the_task_not_the_caller():
    w = Worker(Limits(timeout=60, memory_mb=200))
    try:
        with pytest.raises(ParseResourceError) as err:
            w.run(worker_tasks.allocate, 400)
        assert "内存超过上限（200MB）" in err.value.message
        assert w.run(worker_tasks.allocate, 50) == 50 * 1024 * 1024  # a fresh worker takes the next task
    finally:
        w.kill()


def test_a_crashed_worker_is_an_error_and_is_replaced(worker):
    with pytest.raises(ReportError) as err:
        worker.run(worker_tasks.die)
    assert re.search(r"[\u4e00-\u9fff]", err.value.message)
    assert worker.run(worker_tasks.pid) != os.getpid()


def test_cancel_from_another_thread_ends_the_task_at_once(worker):
    worker.run(worker_tasks.pid)  # started
    pid = worker.pid
    threading.Timer(0.5, worker.cancel).start()
    started = time.monotonic()
    with pytest.raises(WorkerCancelled):
        worker.run(worker_tasks.sleep, 60)
    assert time.monotonic() - started < 10
    assert wait_gone(pid)
    worker.reset()
    assert worker.run(worker_tasks.pid) != pid


STARTER = """
import sys
from juesuan.worker import Limits, Worker
from tests import worker_tasks
w = Worker(Limits(timeout=600))
print(w.run(worker_tasks.pid), flush=True)
w.run(worker_tasks.sleep, 600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_a_worker_dies_when_its_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", STARTER], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    worker_pid = int(parent.stdout.readline())
    assert alive(worker_pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    assert wait_gone(worker_pid), "the worker outlived its parent"


def test_out_of_memory_is_recognised_through_wrapped_errors():
    try:
        try:
            raise MemoryError
        except MemoryError:
            raise CorruptFileError("文件不完整或已损坏") from None
    except CorruptFileError as wrapped:
        assert _out_of_memory(wrapped)
    assert not _out_of_memory(CorruptFileError("文件不完整或已损坏"))
