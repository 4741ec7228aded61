"""The bounded pool: never more than N workers, waiting jobs know their place, owners take
turns, and a cancelled job leaves the queue or loses its worker at once."""
from __future__ import annotations

import time

import pytest

from juesuan.pool import WorkerPool, default_size
from juesuan.worker import Limits

from . import worker_tasks
from .processes import wait_gone


@pytest.fixture
def pool():
    p = WorkerPool(2, Limits(timeout=60))
    yield p
    p.close()


def _until(predicate, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_at_most_n_run_and_the_rest_wait_in_order(pool):
    tickets = [pool.submit(worker_tasks.sleep_job, 1.5, owner=f"user{i}") for i in range(5)]
    _until(lambda: pool.running() == 2)
    assert [t.position() for t in tickets] == [0, 0, 1, 2, 3]
    most = 0
    while not all(t.future.done() for t in tickets):
        most = max(most, pool.running())
        time.sleep(0.05)
    assert most == 2
    pids = {t.result() for t in tickets}
    assert len(pids) <= 2  # each thread's worker served several jobs


def test_one_owners_files_never_keep_others_waiting(pool):
    heavy = [pool.submit(worker_tasks.sleep_job, 2, owner="heavy") for _ in range(4)]
    _until(lambda: pool.running() == 2)
    light = pool.submit(worker_tasks.sleep_job, 0.1, owner="light")
    assert light.position() == 1  # ahead of heavy's two waiting files
    light.result(timeout=30)
    assert sum(t.future.done() for t in heavy) <= 2  # it ran as soon as a worker was free


def test_cancel_removes_a_waiting_job_and_ends_a_running_one(pool):
    running = [pool.submit(worker_tasks.sleep_job, 60, owner=i) for i in range(2)]
    waiting = pool.submit(worker_tasks.sleep_job, 60, owner="x")
    _until(lambda: all(t.worker is not None and t.worker.pid for t in running))
    pid = running[0].worker.pid
    waiting.cancel()
    assert waiting.future.cancelled() and waiting.position() == 0
    started = time.monotonic()
    running[0].cancel()
    assert running[0].wait(10) and time.monotonic() - started < 10
    assert wait_gone(pid)
    running[1].cancel()
    quick = pool.submit(worker_tasks.sleep_job, 0, owner="y")  # the pool goes on with fresh workers
    assert quick.result(timeout=30) != pid


def test_pool_size_comes_from_the_environment_or_the_cpus(monkeypatch):
    monkeypatch.setenv("JUESUAN_WORKERS", "3")
    assert default_size() == 3
    for bad in ("0", "x", "²", "-1"):
        monkeypatch.setenv("JUESUAN_WORKERS", bad)
        assert default_size() >= 1
