"""A bounded pool of workers shared by many callers, fair between them.

At most `size` jobs run at once, each on a worker of its own (juesuan.worker); further jobs
wait in a queue and can tell their place in it. A job belongs to an owner (a browser
session, say): the next job to start is the waiting one whose owner has the fewest jobs
running, so one owner's heavy files never keep the others waiting behind them. A caller
that goes away cancels its job: a waiting job leaves the queue, a running one's worker is
killed.

A job is a function `job(run, *args)` run on one of the pool's threads, where `run(task,
*args)` runs `task` in that thread's worker — so a job may run several tasks (parse, then
check) and do the storing between them in this process, holding its place throughout.
Where the tasks run is the runner's business: a local capped worker by default, a cluster's
(juesuan.cluster) for the same jobs.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

from .worker import DEFAULT_LIMITS, Limits, Worker

WORKERS_ENV = "JUESUAN_WORKERS"


class PoolUnavailable(RuntimeError):
    """The pool can no longer run tasks (its cluster is gone): not a file's failure, so the
    batch stops; `message` says why in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def default_size() -> int:
    """JUESUAN_WORKERS, else one worker per CPU core (parsing is CPU-bound)."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isascii() and configured.isdecimal() and int(configured) > 0:
        return int(configured)
    return max(1, os.cpu_count() or 1)


class Ticket:
    """A submitted job: its place in the queue, its result, and a way to cancel it."""

    def __init__(self, pool: WorkerPool, job: Callable, args: tuple, owner: Hashable, seq: int):
        self.future: Future = Future()
        self._pool, self._job, self._args, self.owner, self.seq = pool, job, args, owner, seq
        self.worker: Worker | None = None  # while running

    def position(self) -> int:
        """0 while running or done, else the place in the queue (1 = next to start)."""
        return self._pool.position(self)

    def progress(self) -> tuple[int, int] | None:
        """(done, total) the running task last reported (a PDF's pages read), where its
        runner tells (a local worker does)."""
        return getattr(self.worker, "progress", None)

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the job finished within `timeout` seconds."""
        try:
            self.future.exception(timeout)
        except TimeoutError:
            return False
        except BaseException:  # noqa: BLE001 — cancelled: finished too
            pass
        return True

    def result(self, timeout: float | None = None) -> Any:
        return self.future.result(timeout)

    def cancel(self) -> None:
        self._pool.cancel(self)


class WorkerPool:
    def __init__(self, size: int | None = None, limits: Limits = DEFAULT_LIMITS,
                 runner: Callable[[], Any] | None = None):
        """`runner()` makes what a pool thread runs its jobs' tasks on (run, reset, cancel,
        kill as a Worker has them); a capped local Worker by default."""
        self.size = size or default_size()
        self.limits = limits
        self._runner = runner or (lambda: Worker(self.limits))
        self._cond = threading.Condition()
        self._queue: list[Ticket] = []
        self._running: list[Ticket] = []
        self._seq = 0
        self._closed = False
        self._threads = [threading.Thread(target=self._serve, name=f"juesuan-worker-{i}", daemon=True)
                         for i in range(self.size)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Callable, *args: Any, owner: Hashable = None) -> Ticket:
        with self._cond:
            if self._closed:
                raise RuntimeError("pool closed")
            self._seq += 1
            ticket = Ticket(self, job, args, owner, self._seq)
            self._queue.append(ticket)
            self._cond.notify()
            return ticket

    def position(self, ticket: Ticket) -> int:
        with self._cond:
            order = self._order()
            return order.index(ticket) + 1 if ticket in order else 0

    def running(self) -> int:
        with self._cond:
            return len(self._running)

    def cancel(self, ticket: Ticket) -> None:
        with self._cond:
            if ticket in self._queue:
                self._queue.remove(ticket)
                ticket.future.cancel()
                return
            worker = ticket.worker
        if worker is not None:
            worker.cancel()

    def close(self) -> None:
        """Cancel every job, end every worker and wait for the threads."""
        with self._cond:
            self._closed = True
            for ticket in self._queue:
                ticket.future.cancel()
            self._queue.clear()
            running = list(self._running)
            self._cond.notify_all()
        for ticket in running:
            self.cancel(ticket)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _order(self) -> list[Ticket]:
        """Waiting tickets in the order they will start: fewest running for the owner first,
        then submission order (the caller holds the lock)."""
        load: dict[Hashable, int] = {}
        for ticket in self._running:
            load[ticket.owner] = load.get(ticket.owner, 0) + 1
        waiting, order = list(self._queue), []
        while waiting:
            nxt = min(waiting, key=lambda t: (load.get(t.owner, 0), t.seq))
            waiting.remove(nxt)
            order.append(nxt)
            load[nxt.owner] = load.get(nxt.owner, 0) + 1
        return order

    def _serve(self) -> None:
        worker = self._runner()  # a local one is started by this thread on its first task: it dies with it
        try:
            while True:
                with self._cond:
                    while not self._queue and not self._closed:
                        self._cond.wait()
                    if self._closed:
                        return
                    ticket = self._order()[0]
                    self._queue.remove(ticket)
                    if not ticket.future.set_running_or_notify_cancel():
                        continue
                    worker.reset()
                    ticket.worker = worker
                    self._running.append(ticket)
                try:
                    ticket.future.set_result(ticket._job(worker.run, *ticket._args))
                except BaseException as err:  # noqa: BLE001 — the caller gets it from the future
                    ticket.future.set_exception(err)
                finally:
                    with self._cond:
                        self._running.remove(ticket)
                        ticket.worker = None
                        self._cond.notify_all()
        finally:
            worker.kill()
