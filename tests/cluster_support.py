"""A real Dask cluster on this machine for tests and benchmarks: a `dask scheduler` process and
`dask worker` processes (each under its nanny, which restarts a worker that dies), on
127.0.0.1 with ports the system picks, the workers able to import this repository.

    with DaskCluster(workers=2) as cluster:
        import_files(paths, url=url, cluster=cluster.address)
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).with_name("dask")
START_SECONDS = 90


class DaskCluster:
    """`workers` single-threaded Dask workers and their scheduler, ended (process groups)
    on exit. `scheduler_env` is added to the scheduler's environment (Dask settings such as
    DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES)."""

    def __init__(self, workers: int = 2, scheduler_env: dict[str, str] | None = None):
        self.workers = workers
        self.scheduler_env = scheduler_env or {}
        self._folder = tempfile.TemporaryDirectory(prefix="juesuan-dask-")
        self.folder = Path(self._folder.name)
        self.scheduler: subprocess.Popen | None = None
        self.worker_procs: list[subprocess.Popen] = []  # the nannies
        self.address = ""

    def __enter__(self) -> DaskCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self) -> None:
        info = self.folder / "scheduler.json"
        self.scheduler = self._spawn("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                                   "--scheduler-file", str(info)], self.scheduler_env)
        deadline = time.monotonic() + START_SECONDS
        while not info.exists() or not info.read_text().strip():
            self._check_alive(self.scheduler, "scheduler", deadline)
            time.sleep(0.1)
        time.sleep(0.1)  # the file is written in one go, but give the writer its close
        self.address = json.loads(info.read_text())["address"]
        for i in range(self.workers):
            self.worker_procs.append(self._spawn(f"worker{i}", [
                "worker", self.address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                "--no-dashboard", "--name", f"w{i}", "--local-directory", str(self.folder / f"w{i}"),
                "--death-timeout", "60"]))
        self.wait_for_workers(self.workers, deadline)

    def wait_for_workers(self, count: int, deadline: float | None = None) -> None:
        deadline = deadline or time.monotonic() + START_SECONDS
        with Client(self.address, timeout=30, set_as_default=False) as client:
            while len(client.nthreads()) < count:
                for i, proc in enumerate(self.worker_procs):
                    self._check_alive(proc, f"worker{i}", deadline)
                time.sleep(0.2)

    def worker_pids(self) -> list[int]:
        """The Dask worker processes (the nannies' children) now running."""
        with Client(self.address, timeout=30, set_as_default=False) as client:
            return sorted(client.run(os.getpid).values())

    def stop(self) -> None:
        for proc in [*self.worker_procs, self.scheduler]:
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # its own session: the nanny's worker too
                except ProcessLookupError:
                    pass
                proc.wait()
        self._folder.cleanup()

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _spawn(self, name: str, argv: list[str], extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        env = {**os.environ, **(extra_env or {}),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        with open(self.folder / f"{name}.log", "wb") as log:
            return subprocess.Popen([str(DASK), *argv], cwd=self.folder, env=env, stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def _check_alive(self, proc: subprocess.Popen, name: str, deadline: float) -> None:
        if proc.poll() is not None:
            raise RuntimeError(f"dask {name} exited ({proc.returncode}):\n{self.log(name)[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"dask cluster not ready within {START_SECONDS} s:\n{self.log('scheduler')[-3000:]}")


class KillWorker(WorkerPlugin):
    """A Dask worker plugin that kills (SIGKILL: no word to the scheduler) the worker it runs
    in, `after` seconds into a task whose key starts with `prefix` — `times` times in all,
    across workers and restarts (each kill claims a file in `folder`, which says the task's
    key and its state on the worker when the kill came)."""

    name = "juesuan-test-kill-worker"

    def __init__(self, folder: str, prefix: str = "juesuan-parse_file-", times: int = 1, after: float = 0.5):
        self.folder, self.prefix, self.times, self.after = folder, prefix, times, after

    def setup(self, worker) -> None:
        self.worker = worker

    def transition(self, key, start, finish, **_kwargs) -> None:
        if finish != "executing" or not str(key).startswith(self.prefix):
            return
        for i in range(self.times):
            try:
                fd = os.open(Path(self.folder) / f"kill-{i}", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                continue
            threading.Timer(self.after, self._kill, (fd, key)).start()
            return

    def _kill(self, fd: int, key) -> None:
        task = self.worker.state.tasks.get(key)
        os.write(fd, f"{key} {task.state if task else 'gone'}".encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)

    def kills(self) -> list[tuple[str, str]]:
        """(key, state when killed) of each task whose worker was killed."""
        return [tuple(p.read_text().split()) for p in sorted(Path(self.folder).glob("kill-*"))]
