"""Parse and check on a Dask cluster: `python -m juesuan import PATH... --cluster tcp://host:8786`.

The cluster runs the same pure tasks as a local import (juesuan.ingest's `parse_file` and
`check_report`), each inside a capped worker (juesuan.worker) started by the Dask worker, so
the time limit and the memory cap hold there too and a hostile file fails alone with the
same Chinese message. Storing stays in this process: a ClusterPool is a WorkerPool whose
threads hand their tasks to the cluster instead of a local worker, and each job is the
importer's own (ingest: last year's report found through the library, checks run once,
stored = shown) — so a cluster import stores what a local import stores, and a SQLite
library works with remote workers.

A Dask worker that dies mid-task is replaced by the scheduler, which runs the task again
elsewhere (up to its `allowed-failures`); past that the file is reported as failed. A lost
scheduler, a cluster with no workers left, or workers running other code than this
(another parser or checks version) stop the batch: PoolUnavailable, nothing half-stored.
Cancelling (Ctrl-C) releases the queued tasks; one already running ends at its time limit.

The Dask workers need this program importable (e.g. started from the repository with
PYTHONPATH set to it) and its requirements installed. Only the import imports this module:
the app never imports dask.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
import warnings
from collections.abc import Callable
from concurrent.futures import CancelledError
from typing import Any

from distributed import Client, KilledWorker, wait
from distributed.comm.addressing import get_address_host_port

from .ingest import CHECKS_VERSION
from .parse import PARSER_VERSION
from .parse.errors import ReportError
from .pool import PoolUnavailable, WorkerPool
from .worker import DEFAULT_LIMITS, Limits, Worker, WorkerCancelled

CODE_VERSIONS = (PARSER_VERSION, CHECKS_VERSION)
CONNECT_SECONDS = 10
POLL_SECONDS = 5.0  # how often a waiting thread looks whether the cluster still has workers
NO_WORKERS_SECONDS = 60.0  # a worker the nanny restarts is back within seconds


class ClusterWorkerLost(ReportError):
    """Every Dask worker that took the file died while on it."""

    code = "cluster_worker_lost"


def worker_lost_message(attempts: int) -> str:
    return (f"处理该文件时计算集群的工作节点意外退出（共尝试{attempts}次），文件未导入。"
            "请检查集群节点（内存、日志）后重新导入该文件。")


def lost_message(address: str) -> str:
    return f"与计算集群（{address}）的连接中断，已停止导入。已导入的报告均已保存；请检查调度器后重新运行导入，已导入的文件会显示为已存在。"


# --- on the Dask worker ----------------------------------------------------------------

_local = threading.local()


def guarded(versions: tuple[str, str], limits: Limits, task: Callable, args: tuple, kwargs: dict) -> Any:
    """Dask task: `task(*args, **kwargs)` in this Dask worker thread's capped worker (kept
    between tasks like a pool thread's; it dies with the thread, so with the Dask worker)."""
    if versions != CODE_VERSIONS:
        raise PoolUnavailable("计算集群工作节点上的程序版本与本机不同（解析器或审核规则），导入结果会与本机导入不一致，已停止导入。"
                              "请在各节点部署与本机相同版本的程序后重新导入。")
    worker = getattr(_local, "worker", None)
    if worker is None or worker.limits != limits:
        if worker is not None:
            worker.kill()
        worker = _local.worker = Worker(limits)
    return worker.run(task, *args, **kwargs)


# --- in the importing process ----------------------------------------------------------


def connect(address: str) -> Client:
    """A client of the scheduler at `address`; PoolUnavailable (Chinese) when it cannot be reached."""
    _quiet()
    try:
        host, port = get_address_host_port(address)  # checked first: a client of a malformed one hangs at exit
        if not host or not 0 < port < 65536:
            raise ValueError(address)
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError, TypeError) as err:
        raise PoolUnavailable(f"无法连接计算集群（{address}）：{_reason(err)}。"
                              "请确认调度器已启动、地址和端口正确（形如 tcp://主机:8786）。") from None


def _quiet() -> None:
    """distributed's own log lines and warnings (English, tracebacks on a lost connection, a
    report's bytes called a "large graph") are not for the user: the import says what happened
    in its lines and summary."""
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)


def _reason(err: Exception) -> str:
    if isinstance(err, TimeoutError):
        return f"{CONNECT_SECONDS}秒内无应答"
    if isinstance(err, (ValueError, TypeError)):
        return "地址格式不正确"
    return "连接被拒绝或主机不可达"


class ClusterRunner:
    """What a ClusterPool thread runs its job's tasks on: one task at a time on the cluster."""

    def __init__(self, client: Client, address: str, limits: Limits, no_workers_seconds: float):
        self.client, self.address, self.limits = client, address, limits
        self.no_workers_seconds = no_workers_seconds
        self._cancelled = threading.Event()
        self._future = None

    def run(self, task: Callable, *args: Any, **kwargs: Any) -> Any:
        """task(*args, **kwargs) on the cluster; raises as Worker.run does, ClusterWorkerLost
        for a file every worker died on, PoolUnavailable when the cluster is gone."""
        if self._cancelled.is_set():
            raise WorkerCancelled()
        try:
            future = self.client.submit(guarded, CODE_VERSIONS, self.limits, task, args, kwargs,
                                        key=f"juesuan-{task.__name__}-{uuid.uuid4().hex}", pure=False)
        except Exception:  # noqa: BLE001 — a closed or disconnected client: the cluster is gone
            raise PoolUnavailable(lost_message(self.address)) from None
        self._future = future
        try:
            self._wait(future)
            return future.result()  # the task's own exception (a ReportError) is raised as it is
        except KilledWorker as err:
            raise ClusterWorkerLost(worker_lost_message(err.allowed_failures + 1)) from None
        except CancelledError:
            if self._cancelled.is_set():
                raise WorkerCancelled() from None
            raise PoolUnavailable(lost_message(self.address)) from None
        except OSError:  # the result could not be fetched: the link to the cluster broke
            raise PoolUnavailable(lost_message(self.address)) from None
        finally:
            self._future = None
            future.release()

    def _wait(self, future) -> None:
        """Until the future is done; PoolUnavailable when the cluster has had no worker for
        `no_workers_seconds` (its tasks would wait for ever)."""
        alone_since = None
        while True:
            try:
                with self.client.as_current():  # wait() asks for "the" client
                    wait(future, timeout=POLL_SECONDS)
                return
            except TimeoutError:
                pass
            try:
                workers = self.client.nthreads()
            except Exception:  # noqa: BLE001 — no answer: the future is cancelled if the link is lost
                continue
            if workers:
                alone_since = None
            elif alone_since is None:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > self.no_workers_seconds:
                raise PoolUnavailable(f"计算集群（{self.address}）已{self.no_workers_seconds:g}秒没有可用的工作节点，已停止导入。"
                                      "已导入的报告均已保存；请启动工作节点后重新运行导入。")

    def reset(self) -> None:
        self._cancelled.clear()

    def cancel(self) -> None:
        """Stop waiting for the running task (from another thread): run() raises WorkerCancelled."""
        self._cancelled.set()
        future = self._future
        if future is not None:
            future.cancel()

    def kill(self) -> None:
        self.cancel()


class ClusterPool(WorkerPool):
    """A WorkerPool whose jobs' tasks run on the Dask cluster at `address`; `size` jobs at
    once (default: twice the cluster's threads, so a worker has the next file while this
    process stores the last)."""

    def __init__(self, address: str, size: int | None = None, limits: Limits = DEFAULT_LIMITS):
        self.client = connect(address)
        self.threads = sum(self.client.nthreads().values())
        super().__init__(size or 2 * max(1, self.threads), limits,
                         runner=lambda: ClusterRunner(self.client, address, limits, NO_WORKERS_SECONDS))

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.client.close()
