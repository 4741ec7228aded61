"""A task's progress through a file's pages reaches its caller, and the time limit counts
from the last page read: a long scanned file that moves on finishes, one that stalls does not."""
from __future__ import annotations

import threading
import time

import pytest

from juesuan.ingest import parse_file
from juesuan.worker import Limits, ParseTimeoutError, Worker

from . import worker_tasks
from .corpus import corpus_file


def _watched(worker: Worker, timeout: float, task, *args) -> tuple[object, list[tuple[int, int]]]:
    """The task's result under a time limit, and every progress the caller could see while
    it ran (the worker started beforehand: starting it is not the task's time)."""
    worker.run(worker_tasks.pid)
    worker.limits = Limits(timeout=timeout)
    seen: list[tuple[int, int]] = []
    running = True

    def watch():
        while running:
            if worker.progress and (not seen or seen[-1] != worker.progress):
                seen.append(worker.progress)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        return worker.run(task, *args), seen
    finally:
        running = False
        watcher.join()
        worker.kill()


def test_a_task_that_moves_on_may_take_longer_than_the_limit():
    worker = Worker()
    result, seen = _watched(worker, 2.0, worker_tasks.pages, 5, 0.8)  # 4 s in all, 0.8 s a page
    assert result == 5 and worker.progress == (5, 5)
    assert len(seen) >= 3 and seen == sorted(seen)  # seen while it ran, page after page


def test_a_task_that_stalls_is_stopped_at_the_limit():
    worker = Worker()
    with pytest.raises(ParseTimeoutError):
        _watched(worker, 1.0, worker_tasks.pages, 2, 3.0)
    assert worker.progress is None  # stopped before its first page was done


def test_parsing_a_pdf_reports_its_pages():
    worker = Worker()
    report, seen = _watched(worker, 60, parse_file, corpus_file("yangquan-2024.pdf").read_bytes(), "yangquan-2024.pdf")
    assert report.header.unit == "阳泉市国库集中支付中心"
    assert worker.progress == (22, 22)
    assert seen and seen == sorted(seen) and all(total == 22 for _, total in seen)
